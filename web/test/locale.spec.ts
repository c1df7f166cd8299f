import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, localeFromQuery, localizedName, queryValueForLocale } from '../src/i18n/locale.ts';

describe('locale from the URL', () => {
  it('defaults to Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
    for (const v of [undefined, null, '', 'zh-CN', 'zh', 'fr', 42]) expect(localeFromQuery(v)).toBe('zh-CN');
  });

  it('reads ?lang=en and its variants', () => {
    for (const v of ['en', 'EN', 'en-US', ' en ']) expect(localeFromQuery(v)).toBe('en');
  });

  it('takes the first value when the key repeats', () => {
    expect(localeFromQuery(['en', 'zh-CN'])).toBe('en');
    expect(localeFromQuery([null])).toBe('zh-CN');
  });

  it('round-trips, leaving the default out of the URL', () => {
    expect(queryValueForLocale('zh-CN')).toBeUndefined();
    expect(queryValueForLocale('en')).toBe('en');
    expect(localeFromQuery(queryValueForLocale('en'))).toBe('en');
    expect(localeFromQuery(queryValueForLocale('zh-CN'))).toBe('zh-CN');
  });

  it('picks the name for the locale', () => {
    const node = { nameZh: '韶关市节点', nameEn: 'Shaoguan node' };
    expect(localizedName(node, 'zh-CN')).toBe('韶关市节点');
    expect(localizedName(node, 'en')).toBe('Shaoguan node');
  });
});
