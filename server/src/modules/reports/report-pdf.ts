/**
 * PDF by headless Chromium (Debian's /usr/bin/chromium through playwright-core; never a downloaded
 * browser) from the console's own print page (web/print.html → the same Vue/ECharts report
 * components as the console's report view). The browser is launched on first use and kept while
 * PDFs are asked for, closed after a minute idle.
 *
 * The page is served to the browser by request interception from the built console directory
 * (no port, no token): the snapshot is handed to the page before its scripts run
 * (window.__GCC_PRINT__), and the page says when its charts are drawn (data-print-ready).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { ReportSnapshot } from '@gcc/domain';
import { chromium, type Browser } from 'playwright-core';
import { GccError } from '../../errors.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ORIGIN = 'http://report.print.invalid';
const IDLE_CLOSE_MS = 60_000;
const MAX_PARALLEL = 2;
const RENDER_TIMEOUT_MS = 30_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

/** What the print page reads (web/src/print/print-payload.ts has the same shape). */
export interface PrintPayload {
  snapshot: ReportSnapshot;
  locale: 'zh-CN' | 'en';
  contentHash: string;
  /** e.g. { zh: '通报 TB-440000-2026-10 第 1 版', en: 'Bulletin … version 1' } and its status. */
  document: { zh: string; en: string; status: 'run' | 'draft' | 'reviewed' | 'published' };
}

export interface PdfRenderer {
  render(payload: PrintPayload): Promise<Buffer>;
  close(): Promise<void>;
}

export function createPdfRenderer(options: { webDist: string | undefined; chromiumPath?: string }): PdfRenderer {
  const chromiumPath = options.chromiumPath ?? CHROMIUM_PATH;
  let browser: Promise<Browser> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let active = 0;
  const waiting: (() => void)[] = [];

  const acquire = async () => {
    if (active >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
    active++;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  function launch(): Promise<Browser> {
    if (!existsSync(chromiumPath)) {
      throw new GccError('GCC_ERR_REPORT_RENDER', `Chromium is not installed at ${chromiumPath}: apt-get install -y chromium fonts-noto-cjk (the start and test commands do)`);
    }
    browser ??= chromium
      .launch({ executablePath: chromiumPath, args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--font-render-hinting=none'] })
      .catch((err: unknown) => {
        browser = null;
        throw new GccError('GCC_ERR_REPORT_RENDER', `Chromium did not start: ${(err as Error).message.split('\n')[0]}`, { cause: err, retryable: true });
      });
    return browser;
  }

  function scheduleIdleClose() {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      if (active === 0) void close();
    }, IDLE_CLOSE_MS);
    idle.unref();
  }

  async function close() {
    if (idle) clearTimeout(idle);
    const b = browser;
    browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
  }

  function distFile(pathname: string): string | null {
    const root = options.webDist!;
    const file = normalize(join(root, decodeURIComponent(pathname)));
    return file.startsWith(root + sep) && existsSync(file) ? file : null;
  }

  return {
    async render(payload) {
      const dist = options.webDist;
      if (!dist || !existsSync(join(dist, 'print.html'))) {
        throw new GccError('GCC_ERR_REPORT_RENDER', `the built console with its print page is missing (${dist ?? 'GCC_WEB_DIST not set'}): build it with \`pnpm --filter @gcc/web build\``);
      }
      await acquire();
      try {
        const b = await launch();
        const context = await b.newContext({ locale: payload.locale, viewport: { width: 1123, height: 794 } });
        try {
          const page = await context.newPage();
          const problems: string[] = [];
          page.on('pageerror', (e) => problems.push(e.message));
          await page.route(`${ORIGIN}/**`, async (route) => {
            const url = new URL(route.request().url());
            const file = distFile(url.pathname === '/' ? '/print.html' : url.pathname);
            if (!file) return route.fulfill({ status: 404, body: 'not found' });
            return route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
          });
          // Anything else (there should be nothing) is refused: the page is rendered offline.
          await page.route((url) => !url.href.startsWith(ORIGIN) && !url.href.startsWith('data:'), (route) => route.abort());
          await page.addInitScript({ content: `window.__GCC_PRINT__ = ${JSON.stringify(payload)};` });
          await page.goto(`${ORIGIN}/print.html?lang=${payload.locale}`);
          try {
            await page.waitForFunction('document.documentElement.dataset.printReady === "true"', undefined, { timeout: RENDER_TIMEOUT_MS });
          } catch (err) {
            throw new GccError('GCC_ERR_REPORT_RENDER', `the print page did not finish drawing within ${RENDER_TIMEOUT_MS / 1000} s${problems.length ? `: ${problems.join('; ')}` : ''}`, { cause: err });
          }
          if (problems.length) throw new GccError('GCC_ERR_REPORT_RENDER', `the print page failed: ${problems.join('; ')}`);
          const footer = `<div style="width:100%;font-size:7px;color:#666;padding:0 12mm;display:flex;justify-content:space-between;font-family:'Noto Sans CJK SC',sans-serif">
            <span>SHA-256 ${payload.contentHash}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
          return await page.pdf({
            format: 'A4',
            landscape: true,
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: '<span></span>',
            footerTemplate: footer,
            margin: { top: '10mm', bottom: '14mm', left: '10mm', right: '10mm' },
          });
        } finally {
          await context.close().catch(() => undefined);
        }
      } finally {
        release();
        scheduleIdleClose();
      }
    },
    close,
  };
}
