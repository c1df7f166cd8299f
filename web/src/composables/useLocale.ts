import { computed, watch, watchEffect, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { DEFAULT_LOCALE, isLocale, LOCALE_QUERY_KEY, localeFromQuery, type Locale } from '../i18n/locale.ts';
import type { MessageKey } from '../i18n/messages/index.ts';

export type Translate = (key: MessageKey, named?: Record<string, unknown>) => string;

/**
 * The current locale and a t() that only accepts keys that exist (vue-i18n's accepts any string,
 * so a misspelt key would only show up at run time as the raw key).
 */
export function useLocale(): { locale: ComputedRef<Locale>; t: Translate } {
  const i18n = useI18n({ useScope: 'global' });
  const locale = computed(() => (isLocale(i18n.locale.value) ? i18n.locale.value : DEFAULT_LOCALE));
  const t: Translate = (key, named) => (named ? i18n.t(key, named) : i18n.t(key));
  return { locale, t };
}

/**
 * Keeps i18n, <html lang> and the document title in step with the URL (`?lang=`), which is the
 * source of truth. Call once, in the root component.
 */
export function useLocaleFromRoute(): void {
  const route = useRoute();
  const i18n = useI18n({ useScope: 'global' });
  const { t } = useLocale();

  watch(
    () => route.query[LOCALE_QUERY_KEY],
    (value) => {
      i18n.locale.value = localeFromQuery(value);
    },
    { immediate: true },
  );

  watchEffect(() => {
    document.documentElement.lang = i18n.locale.value;
    const page = route.meta.titleKey ? t(route.meta.titleKey) : undefined;
    document.title = page ? `${t('app.name')} · ${page}` : t('app.name');
  });
}
