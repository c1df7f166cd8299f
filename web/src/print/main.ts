/**
 * The print page (print.html): the report document alone, for headless Chromium to turn into a
 * PDF (server/src/modules/reports/report-pdf.ts). It renders the same ReportDocument the console
 * shows, from the snapshot the server hands over as window.__GCC_PRINT__, and sets
 * <html data-print-ready="true"> once the charts are drawn and the fonts loaded.
 */
import { createApp } from 'vue';
import PrintApp from './PrintApp.vue';
import { readPrintPayload } from './print-payload.ts';

const payload = readPrintPayload((window as unknown as { __GCC_PRINT__?: unknown }).__GCC_PRINT__);
document.documentElement.lang = payload.locale;
createApp(PrintApp, { payload }).mount('#print');
