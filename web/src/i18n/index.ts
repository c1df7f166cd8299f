import { createI18n } from 'vue-i18n';
import { DEFAULT_LOCALE, type Locale } from './locale.ts';
import { MESSAGES, type MessageSchema } from './messages/index.ts';

export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: MESSAGES,
  });
}
