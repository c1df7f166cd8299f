import type { MessageKey } from './i18n/messages/index.ts';
import { createRouter, createWebHistory, type Router } from 'vue-router';
import OverviewPage from './pages/OverviewPage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, shown after the product name in the document title. */
    titleKey?: MessageKey;
    /** 'screen': full-window page with its own header (the big screen). */
    layout?: 'screen';
  }
}

export function createAppRouter(): Router {
  return createRouter({
    history: createWebHistory('/'),
    routes: [
      { path: '/', name: 'overview', component: OverviewPage, meta: { titleKey: 'pages.overview.title' } },
      // The big screen and the city pages load on demand: the overview does not pay for the map.
      { path: '/screen', name: 'screen', component: () => import('./pages/ScreenPage.vue'), meta: { titleKey: 'pages.screen.title', layout: 'screen' } },
      { path: '/city/:code(\\d{6})', name: 'city', component: () => import('./pages/CityPage.vue'), meta: { titleKey: 'pages.city.title' } },
      { path: '/scheduling', name: 'scheduling', component: () => import('./pages/SchedulingPage.vue'), meta: { titleKey: 'pages.scheduling.title' } },
      { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue'), meta: { titleKey: 'pages.reports.title' } },
      { path: '/reports/:source(runs|bulletins)/:id', name: 'report', component: () => import('./pages/ReportPage.vue'), meta: { titleKey: 'pages.report.title' } },
      // Keep the query (?lang=) when sending unknown paths home.
      { path: '/:pathMatch(.*)*', redirect: (to) => ({ name: 'overview', query: to.query }) },
    ],
  });
}
