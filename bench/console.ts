/**
 * Console benchmark (issue 6): what the big screen costs a browser, against an ECharts-only page
 * built and measured in the same run (bench/fixtures/echarts-baseline: the same tree-shaken ECharts
 * modules, one line chart from inline data, nothing else).
 *
 *   pnpm bench:console [--runs 5]
 *
 * 1. Builds the console (web/dist) and the baseline page (vite, into a temporary directory).
 * 2. Starts the whole system as the start command does (test/harness startSystem: VictoriaMetrics,
 *    PGlite with the simulated province, simulated CMPs, collector, server with web/dist) and
 *    serves the baseline from a static server on loopback.
 * 3. Size: every script and stylesheet Chromium loads for /screen, each gzipped (zlib default
 *    level, as a web server would), summed; the same for the baseline page. Target < 600 KB.
 * 4. Time, in headless Chromium on loopback, each run in a fresh context (cold cache), median of
 *    the runs, measured in the page from navigation start (performance.now()) to the first
 *    animation frame at which every panel is "rendered with data":
 *      headline   [data-testid=screen-vcpu-total] shows a number
 *      plan       [data-testid=plan-systems-actual] shows a number
 *      map        a <canvas> inside .map-panel (the chart mounts only with the cities' answer)
 *      ranking    21 rows in [data-testid=ranking-table]
 *      trend      a <canvas> in [data-testid=trend-chart] (mounted with the history), or trend-empty
 *      security   [data-testid=security-panel] present with no loading state
 *      alerts     [data-testid=alerts-ticker] present
 *      header     [data-testid=data-as-of] (the meta answer)
 *      and no panel anywhere still loading (.panel__loading) or failed ([data-testid=panel-error]).
 *    The baseline's time: navigation start to the first frame with its chart's <canvas> drawn.
 *    Target: the screen < 2 s. Figures are printed, never asserted.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, REPO_ROOT, startSystem } from '@gcc/test/harness';

const run = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs));
const TARGET_GZIP_KB = 600;
const TARGET_MS = 2000;

const step = (what: string) => console.log(`· ${what}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

type Condition = { name: string; all?: string; count?: [string, number]; text?: [string, string]; anyOf?: string[] };

/** "Rendered with data" for the big screen, as the header comment defines it. */
const SCREEN_READY: Condition[] = [
  { name: 'headline', text: ['[data-testid="screen-vcpu-total"]', '\\d'] },
  { name: 'plan', text: ['[data-testid="plan-systems-actual"]', '\\d'] },
  { name: 'map', all: '.map-panel canvas' },
  { name: 'ranking', count: ['[data-testid="ranking-table"] tbody tr', 21] },
  { name: 'trend', anyOf: ['[data-testid="trend-chart"] canvas', '[data-testid="trend-empty"]'] },
  { name: 'security', all: '[data-testid="security-panel"]' },
  { name: 'alerts', all: '[data-testid="alerts-ticker"]' },
  { name: 'header', all: '[data-testid="data-as-of"]' },
];
const BASELINE_READY: Condition[] = [{ name: 'chart', all: 'body[data-chart-ready] #chart canvas' }];

/**
 * Installed before any page script: checks the conditions at every animation frame and keeps the
 * first time each held and the time all held (with no panel loading or failed). Source text, so
 * no bundler helper leaks into the page.
 */
function watcherScript(conditions: Condition[]): string {
  return `(() => {
    const conditions = ${JSON.stringify(conditions)};
    const firstMet = {};
    const holds = (c) => {
      if (c.all) return document.querySelector(c.all) !== null;
      if (c.anyOf) return c.anyOf.some((s) => document.querySelector(s) !== null);
      if (c.count) return document.querySelectorAll(c.count[0]).length >= c.count[1];
      if (c.text) { const el = document.querySelector(c.text[0]); return !!el && new RegExp(c.text[1]).test(el.textContent || ''); }
      return false;
    };
    const tick = () => {
      const now = performance.now();
      let all = true;
      for (const c of conditions) {
        if (holds(c)) { if (!(c.name in firstMet)) firstMet[c.name] = now; } else all = false;
      }
      if (document.querySelector('[data-testid="panel-error"]')) window.__benchError = document.querySelector('[data-testid="panel-error"]').textContent;
      if (all && !document.querySelector('.panel__loading')) { window.__benchReady = { at: now, firstMet }; return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })();`;
}

interface Measurement {
  readyMs: number;
  firstMet: Record<string, number>;
  /** Gzipped bytes of each script and stylesheet loaded. */
  assets: { url: string; raw: number; gzip: number }[];
}

async function measure(browser: Browser, url: string, conditions: Condition[]): Promise<Measurement> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  const assets: Measurement['assets'] = [];
  page.on('response', (res) => {
    const type = res.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      res.body().then((body) => {
        assets.push({ url: new URL(res.url()).pathname, raw: body.length, gzip: gzipSync(body).length });
      }),
    );
  });
  await page.addInitScript(watcherScript(conditions));
  await page.goto(url);
  const ready = await page.waitForFunction('window.__benchReady', undefined, { timeout: 60_000, polling: 100 }).catch(async (err) => {
    const why = await page.evaluate('window.__benchError').catch(() => undefined);
    throw new Error(`${url} never had every panel rendered with data${why ? ` (a panel failed: ${why})` : ''}: ${(err as Error).message}`);
  });
  const { at, firstMet } = (await ready.jsonValue()) as { at: number; firstMet: Record<string, number> };
  await Promise.all(pending);
  await context.close();
  return { readyMs: at, firstMet, assets };
}

function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path === '/' ? 'index.html' : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

const baselineDir = mkdtempSync(join(tmpdir(), 'gcc-bench-baseline-'));
step('building the console (web/dist)');
await run('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: join(REPO_ROOT, 'web'), maxBuffer: 16 * 1024 * 1024 });
step('building the ECharts-only baseline page (bench/fixtures/echarts-baseline)');
await build({
  root: join(REPO_ROOT, 'bench', 'fixtures', 'echarts-baseline'),
  configFile: false,
  logLevel: 'warn',
  base: './',
  build: { outDir: baselineDir, emptyOutDir: true },
});

step('starting the system with the simulated province (VictoriaMetrics, PGlite, simulated CMPs, collector, server)');
const system = await startSystem();
const baseline = await serveStatic(baselineDir);
let browser: Browser | undefined;
try {
  await system.waitUntilLive().catch((err: Error) => console.log(`  note: ${err.message.slice(0, 200)} (measuring anyway: stale nodes do not change what is drawn)`));
  browser = await launchChromium();
  // One warm-up of each (server caches, Chromium's first launch), not counted.
  await measure(browser, `${system.url}/screen`, SCREEN_READY);
  await measure(browser, `${baseline.url}/`, BASELINE_READY);

  const screenRuns: Measurement[] = [];
  const baselineRuns: Measurement[] = [];
  for (let i = 0; i < RUNS; i++) {
    screenRuns.push(await measure(browser, `${system.url}/screen`, SCREEN_READY));
    baselineRuns.push(await measure(browser, `${baseline.url}/`, BASELINE_READY));
  }

  const size = (m: Measurement) => m.assets.reduce((s, a) => ({ raw: s.raw + a.raw, gzip: s.gzip + a.gzip }), { raw: 0, gzip: 0 });
  const screenSize = size(screenRuns[0]!);
  const baselineSize = size(baselineRuns[0]!);
  const screenMs = median(screenRuns.map((m) => m.readyMs));
  const baselineMs = median(baselineRuns.map((m) => m.readyMs));

  console.log('\nBig screen (/screen) vs the ECharts-only baseline page, same build, same run');
  console.log(`  JS+CSS loaded     screen ${kb(screenSize.gzip)} gzip (${kb(screenSize.raw)} raw, ${screenRuns[0]!.assets.length} files)`);
  for (const a of [...screenRuns[0]!.assets].sort((x, y) => y.gzip - x.gzip)) console.log(`                      ${kb(a.gzip).padStart(9)}  ${a.url}`);
  console.log(`                    baseline ${kb(baselineSize.gzip)} gzip (${kb(baselineSize.raw)} raw)`);
  console.log(`                    ratio ${(screenSize.gzip / baselineSize.gzip).toFixed(2)}× the baseline; target < ${TARGET_GZIP_KB} KB: ${screenSize.gzip < TARGET_GZIP_KB * 1024 ? 'met' : 'NOT met'}`);
  console.log(`  navigation → all panels rendered with data (median of ${RUNS}, cold cache): ${screenMs.toFixed(0)} ms`);
  console.log(`                    runs ${screenRuns.map((m) => m.readyMs.toFixed(0)).join(', ')} ms`);
  const panels = Object.keys(screenRuns[0]!.firstMet);
  console.log(`                    per panel (median) ${panels.map((p) => `${p} ${median(screenRuns.map((m) => m.firstMet[p] ?? NaN)).toFixed(0)}`).join(', ')} ms`);
  console.log(`  baseline navigation → first chart (median of ${RUNS}): ${baselineMs.toFixed(0)} ms (runs ${baselineRuns.map((m) => m.readyMs.toFixed(0)).join(', ')})`);
  console.log(`                    ratio ${(screenMs / baselineMs).toFixed(2)}× the baseline; target < ${TARGET_MS} ms: ${screenMs < TARGET_MS ? 'met' : 'NOT met'}`);
} finally {
  await browser?.close();
  baseline.server.close();
  await system.stop();
  rmSync(baselineDir, { recursive: true, force: true });
}
