/**
 * The locale lives in the URL (`?lang=en`) so that any view can be shared as a link in the reader's
 * language. Chinese is the default and is left out of the URL.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_QUERY_KEY = 'lang';

/** BCP 47 tags handed to Intl for each locale. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = Object.freeze({ 'zh-CN': 'zh-CN', en: 'en-US' });

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Reads `?lang=`: vue-router gives a string, null, or an array when the key repeats (first wins). */
export function localeFromQuery(value: unknown): Locale {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return DEFAULT_LOCALE;
  const v = raw.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return DEFAULT_LOCALE;
}

/** The `lang` query value for a locale; undefined (omitted from the URL) for the default. */
export function queryValueForLocale(locale: Locale): string | undefined {
  return locale === DEFAULT_LOCALE ? undefined : locale;
}

export function localizedName(entity: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === 'en' ? entity.nameEn : entity.nameZh;
}
