import { createApp } from 'vue';
import App from './App.vue';
import { createGraphQLClient } from './api/client.ts';
import { GRAPHQL_CLIENT_KEY } from './composables/useQuery.ts';
import { createAppI18n } from './i18n/index.ts';
import { LOCALE_QUERY_KEY, localeFromQuery } from './i18n/locale.ts';
import { createAppRouter } from './router.ts';
import './styles/theme.css';

const router = createAppRouter();
// Start in the URL's locale so the first paint is already in the right language.
const i18n = createAppI18n(localeFromQuery(new URLSearchParams(window.location.search).get(LOCALE_QUERY_KEY)));

const app = createApp(App);
app.use(router);
app.use(i18n);
app.provide(GRAPHQL_CLIENT_KEY, createGraphQLClient());

void router.isReady().then(() => app.mount('#app'));
