/**
 * Reports benchmark: the monthly province evaluation report (21 cities) of last month on the
 * simulated province — its snapshot, its XLSX and its PDF (headless Chromium rendering the
 * console's print page) — against a baseline measured in the same run: Chromium printing a
 * trivial page to PDF, cold (launch included) and warm. Real VictoriaMetrics and PGlite.
 *
 *   pnpm bench:reports [--seed 2019] [--runs 3]
 *
 * Target (issue 8): the monthly province report, PDF + XLSX, in under 15 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COLLECTOR_METRICS, periodContaining } from '@gcc/domain';
import { backfillHistory, referenceDateOf, simulateProvince } from '@gcc/collectors/sim';
import { buildApp, createVmClient, openDatabase, writeReferenceData, writeSimulatedProvince } from '@gcc/server';
import { CHROMIUM_PATH, startVictoriaMetrics, waitForQuery } from '@gcc/test/harness';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '2019' }, runs: { type: 'string', default: '3' } } });
const seed = Number(values.seed);
const runs = Math.max(1, Number(values.runs));
const DAY = 86_400_000;
const step = (what: string) => console.log(`· ${what}`);
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const v = await fn();
  return [v, (performance.now() - t) / 1000];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (x: number) => `${x.toFixed(2)} s`;

const dir = mkdtempSync(join(tmpdir(), 'gcc-bench-reports-'));
const vm = await startVictoriaMetrics();
const db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
try {
  step('building the console (its print page renders the PDF)');
  execFileSync('npx', ['vite', 'build', '--outDir', join(dir, 'web'), '--logLevel', 'error'], { cwd: fileURLToPath(new URL('../web', import.meta.url)), stdio: 'inherit' });

  step('writing the simulated province: registry, daily history since go-live, 6-hourly for the last 70 days');
  await writeReferenceData(db.prisma);
  const now = Date.now();
  const province = simulateProvince(seed, { referenceDate: referenceDateOf(now) });
  await writeSimulatedProvince(db.prisma, province, { cmpBaseUrl: 'http://127.0.0.1:9', credentialRef: 'NONE' });
  const recent = now - 70 * DAY;
  const a = await backfillHistory({ province, vmUrl: vm.url, to: recent - DAY, stepMs: DAY });
  const b = await backfillHistory({ province, vmUrl: vm.url, from: recent, to: now - 60_000, stepMs: 6 * 3600_000 });
  const pulls = province.nodes.map((n) => `${COLLECTOR_METRICS.lastSuccess.name}{node="${n.id}"} ${(now - 60_000) / 1000} ${now - 60_000}`);
  await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: pulls.join('\n') + '\n' });
  await vm.forceFlush();
  await waitForQuery(vm.url, `count(${COLLECTOR_METRICS.lastSuccess.name})`, (r) => Number(r[0]?.value[1]) === province.nodes.length);
  console.log(`  ${a.samples + b.samples} samples`);

  const app = await buildApp({ config: { production: false, webDist: join(dir, 'web'), logLevel: 'warn' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 } });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
    const body = res.json() as { data: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const period = periodContaining('monthly', periodContaining('monthly', now).startMs - 1);

  step('baseline: Chromium printing a trivial page to PDF');
  const trivial = async () => {
    const [browser, launch] = await time(() => chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--disable-gpu', '--no-first-run'] }));
    const [, first] = await time(async () => {
      const page = await browser.newPage();
      await page.setContent('<p>全省一片云</p>');
      return page.pdf({ format: 'A4' });
    });
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      warm.push((await time(async () => {
        const page = await browser.newPage();
        await page.setContent('<p>全省一片云</p>');
        const pdf = await page.pdf({ format: 'A4' });
        await page.close();
        return pdf;
      }))[1]);
    }
    await browser.close();
    return { cold: launch + first, warm: median(warm) };
  };
  const base = await trivial();

  step(`the monthly province report of ${period.key} (21 cities), ${runs} run(s)`);
  const snapshot: number[] = [];
  const xlsx: number[] = [];
  const pdf: number[] = [];
  const total: number[] = [];
  let sizes = { pdf: 0, xlsx: 0 };
  let coldPdf = 0;
  for (let i = 0; i < runs; i++) {
    const def = await gql('mutation { createReportDefinition(input: { name: "bench", kind: EVALUATION, frequency: MONTHLY, regionCode: "440000" }) { id } }');
    const t0 = performance.now();
    const [run, tRun] = await time(async () => {
      const r = await gql(`mutation { requestReport(definitionId: "${def.createReportDefinition.id}", period: "${period.key}") { run { id } } }`);
      await app.reports.runner.settled();
      return (await gql(`{ reportRun(id: "${r.requestReport.run.id}") { status error downloads { pdf xlsx } } }`)).reportRun;
    });
    if (run.status !== 'SUCCEEDED') throw new Error(`the report failed: ${run.error}`);
    const [x, tX] = await time(() => app.inject({ method: 'GET', url: run.downloads.xlsx }));
    const [p, tP] = await time(() => app.inject({ method: 'GET', url: run.downloads.pdf }));
    if (x.statusCode !== 200 || p.statusCode !== 200) throw new Error(`download failed: ${x.statusCode} ${p.statusCode} ${p.body.slice(0, 200)}`);
    total.push((performance.now() - t0) / 1000);
    snapshot.push(tRun);
    xlsx.push(tX);
    pdf.push(tP);
    if (i === 0) coldPdf = tP;
    sizes = { pdf: p.rawPayload.length, xlsx: x.rawPayload.length };
  }
  await app.close();

  console.log('\nmonthly province report (21 cities)            median of', runs);
  console.log(`  snapshot (indicators, rankings, milestones)  ${s(median(snapshot))}`);
  console.log(`  XLSX                                         ${s(median(xlsx))}   (${(sizes.xlsx / 1024).toFixed(0)} KiB)`);
  console.log(`  PDF (Chromium, print page, charts)           ${s(median(pdf))}   (${(sizes.pdf / 1024).toFixed(0)} KiB); first, with Chromium's launch: ${s(coldPdf)}`);
  console.log(`  total: snapshot + XLSX + PDF                 ${s(median(total))}   first: ${s(total[0]!)}   target < 15 s: ${Math.max(...total) < 15 ? 'met' : 'MISSED'}`);
  console.log('baseline: a trivial page to PDF in the same Chromium');
  console.log(`  launch + first page ${s(base.cold)}, warm page ${s(base.warm)}`);
  console.log(`  report PDF ÷ trivial PDF: warm ${(median(pdf) / base.warm).toFixed(1)}×, first ${(coldPdf / base.cold).toFixed(1)}×`);
} finally {
  await db.close();
  await vm.stop();
  rmSync(dir, { recursive: true, force: true });
}
