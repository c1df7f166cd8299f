import { createApp } from 'vue';
import App from './App.vue';
import { createGraphQLClient, GRAPHQL_ENDPOINT } from './api/client.ts';
import { liveUrl } from './api/live.ts';
import { createLiveUpdates, LIVE_UPDATES_KEY } from './composables/useLiveUpdates.ts';
import { GRAPHQL_CLIENT_KEY } from './composables/useQuery.ts';
import { createAppI18n } from './i18n/index.ts';
import { LOCALE_QUERY_KEY, localeFromQuery } from './i18n/locale.ts';
import { createAppRouter } from './router.ts';
import { parseViewState, VIEW_KEYS } from './stores/view-state.ts';
import './styles/theme.css';

const router = createAppRouter();
const params = new URLSearchParams(window.location.search);
// Start in the URL's locale so the first paint is already in the right language.
const i18n = createAppI18n(localeFromQuery(params.get(LOCALE_QUERY_KEY)));
// A kiosk (?kiosk=1&token=…) authenticates with its read-only token and never sends a mutation.
const view = parseViewState({ kiosk: params.get(VIEW_KEYS.kiosk) });
const token = params.get(VIEW_KEYS.token)?.trim() || undefined;

const app = createApp(App);
app.use(router);
app.use(i18n);
app.provide(GRAPHQL_CLIENT_KEY, createGraphQLClient({ token, readOnly: view.kiosk }));
// One subscription for the whole app: polling panels refetch after each collection cycle.
app.provide(LIVE_UPDATES_KEY, createLiveUpdates({ url: liveUrl(GRAPHQL_ENDPOINT, window.location), ...(token ? { token } : {}) }));

void router.isReady().then(() => app.mount('#app'));
