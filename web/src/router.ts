import type { MessageKey } from './i18n/messages/index.ts';
import { createRouter, createWebHistory, type Router } from 'vue-router';
import OverviewPage from './pages/OverviewPage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, shown after the product name in the document title. */
    titleKey?: MessageKey;
  }
}

export function createAppRouter(): Router {
  return createRouter({
    history: createWebHistory('/'),
    routes: [
      { path: '/', name: 'overview', component: OverviewPage, meta: { titleKey: 'pages.overview.title' } },
      // Keep the query (?lang=) when sending unknown paths home.
      { path: '/:pathMatch(.*)*', redirect: (to) => ({ name: 'overview', query: to.query }) },
    ],
  });
}
