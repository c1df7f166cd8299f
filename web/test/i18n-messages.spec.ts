import { describe, expect, it } from 'vitest';
import { WEB_ERROR_CODES } from '../src/api/errors.ts';
import { LOCALES } from '../src/i18n/locale.ts';
import { MESSAGES } from '../src/i18n/messages/index.ts';

function leaves(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

describe('messages', () => {
  const zh = leaves(MESSAGES['zh-CN']);

  it('has the same keys in every locale, all non-empty strings', () => {
    for (const locale of LOCALES) {
      const m = leaves(MESSAGES[locale]);
      expect([...m.keys()].sort()).toEqual([...zh.keys()].sort());
      for (const [key, value] of m) {
        expect(typeof value, `${locale} ${key}`).toBe('string');
        expect((value as string).trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('uses no characters that vue-i18n would read as syntax', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of leaves(MESSAGES[locale])) {
        // `{name}` placeholders are allowed; linked (@), plural (|) and literal markers are not.
        const outsidePlaceholders = (value as string).replace(/\{[a-zA-Z]+\}/g, '');
        expect(outsidePlaceholders, `${locale} ${key}`).not.toMatch(/[@|{}$%]/);
      }
    }
  });

  it('names every error code in every locale', () => {
    for (const locale of LOCALES) {
      const m = leaves(MESSAGES[locale]);
      for (const code of WEB_ERROR_CODES) expect(m.has(`errors.${code}`), `${locale} ${code}`).toBe(true);
    }
  });

  it('shows the simulated-data badge in both languages at once', () => {
    for (const locale of LOCALES) expect(MESSAGES[locale].app.simulatedBadge).toBe('模拟数据 / SIMULATED DATA');
  });

  it('titles the overview 全省一片云 · 资源总览 in Chinese', () => {
    expect(`${MESSAGES['zh-CN'].app.name} · ${MESSAGES['zh-CN'].pages.overview.title}`).toBe('全省一片云 · 资源总览');
  });
});
