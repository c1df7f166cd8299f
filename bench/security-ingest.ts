/**
 * Security ingestion and early-warning benchmark (issue 9), in one run over the simulated province:
 *
 * 1. Ingest: every node's platform pushes a batch every 100 ms through the push API v1 (its own
 *    token, JSON over HTTP) at --rate events/s in total for --seconds; a follower polls GraphQL
 *    (`securityEvents(afterId:)`) as a screen would, and each event's ingestion-to-visible latency
 *    is the time from just before its POST to the first answer that lists it. Baseline: the same
 *    requests to a route that parses the body and stores nothing (the HTTP round trip alone).
 *    Target: 2,000 events/s sustained with p99 < 2 s.
 * 2. Rule evaluation over the whole province (default rules, all 22 nodes, the events just
 *    ingested, history in a real VictoriaMetrics): the server's CPU per cycle (process.cpuUsage)
 *    as a share of one core over the 30-s interval. Baseline: one big-screen refresh (the cities
 *    query) in the same process. Target: < 10% of one core. VictoriaMetrics' own CPU (a separate
 *    process) is not counted.
 *
 * The load runs in a worker thread so it does not share the server's event loop.
 *
 *   pnpm bench:security [--rate 2000] [--seconds 20] [--cycles 10] [--seed 2019] [--store pglite|postgres]
 *
 * --store postgres uses a fresh database on the server GCC_TEST_PG_URL names (as the tests do).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ALERT_EVALUATION_INTERVAL_SECONDS, COLLECTOR_METRICS } from '@gcc/domain';
import { backfillHistory, referenceDateOf, simulateProvince } from '@gcc/collectors/sim';
import { SCREEN_CITIES_QUERY } from '@gcc/web/api';
import { buildApp, createVmClient, openDatabase, writeReferenceData, writeSimulatedProvince } from '@gcc/server';
import { createIngestToken } from '@gcc/server/security';
import { createTestDatabase, startVictoriaMetrics, waitForQuery } from '@gcc/test/harness';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '20' }, cycles: { type: 'string', default: '10' }, seed: { type: 'string', default: '2019' }, store: { type: 'string', default: 'pglite' } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const cycles = Math.max(1, Number(values.cycles));
const seed = Number(values.seed);
const DAY = 86_400_000;
const step = (what: string) => console.log(`· ${what}`);

interface LoadResult { sent: number; accepted: number; rejected: number; errors: number; seen: number; latencies: number[]; roundTrips: number[]; elapsedMs: number }

/** The load generator and the follower, in plain JavaScript for a worker thread. */
const WORKER = /* js */ `
const { parentPort, workerData: w } = require('node:worker_threads');
const sentAt = new Map();
const latencies = [];
const roundTrips = [];
let sent = 0, accepted = 0, rejected = 0, errors = 0, seq = 0, cursor = null, seen = 0, done = false;
const perTick = w.rate / 10;
const perNode = w.tokens.map((_, i) => Math.floor(perTick / w.tokens.length) + (i < perTick % w.tokens.length ? 1 : 0));
async function send(i) {
  const n = perNode[i];
  if (!n) return;
  const events = [];
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const s = seq++;
    sentAt.set(s, t0);
    events.push({ id: 'bench-' + s, occurredAt: new Date().toISOString(), category: k % 7 ? 'audit' : 'intrusion', severity: k % 50 ? (k % 5 ? 'low' : 'medium') : 'high', asset: '10.0.' + i + '.' + (k % 250), description: 'bench #' + s });
  }
  try {
    const res = await fetch(w.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + w.tokens[i] }, body: JSON.stringify({ events }) });
    const body = await res.json();
    roundTrips.push(performance.now() - t0);
    if (!res.ok) { errors++; return; }
    sent += n; accepted += body.accepted ?? n; rejected += body.rejected ? body.rejected.length : 0;
  } catch { errors++; }
}
async function follow() {
  while (!done || seen < accepted) {
    try {
      const q = 'query Follow($after: ID) { securityEvents(afterId: $after, limit: 1000) { events { description } cursor } }';
      const res = await fetch(w.graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: { after: cursor } }) });
      const page = (await res.json()).data.securityEvents;
      const now = performance.now();
      for (const e of page.events) {
        const s = Number(e.description.slice(7));
        const t = sentAt.get(s);
        if (t !== undefined) { latencies.push(now - t); sentAt.delete(s); seen++; }
      }
      if (page.cursor) cursor = page.cursor;
      if (page.events.length < 1000) await new Promise((r) => setTimeout(r, 50));
    } catch { await new Promise((r) => setTimeout(r, 100)); }
    if (done && performance.now() - w.endAt > 15000) break;
  }
}
(async () => {
  const start = performance.now();
  const following = w.follow ? follow() : Promise.resolve();
  const inflight = new Set();
  for (let tick = 0; tick < w.seconds * 10; tick++) {
    const due = start + tick * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let i = 0; i < w.tokens.length; i++) { const p = send(i); inflight.add(p); p.finally(() => inflight.delete(p)); }
  }
  await Promise.all(inflight);
  const elapsedMs = performance.now() - start;
  done = true; w.endAt = performance.now();
  await following;
  parentPort.postMessage({ sent, accepted, rejected, errors, seen, latencies, roundTrips, elapsedMs });
})();
`;

function runLoad(data: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const vm = await startVictoriaMetrics();
const dir = mkdtempSync(join(tmpdir(), 'gcc-bench-security-'));
const pg = values.store === 'postgres' ? await createTestDatabase() : null;
const db = await openDatabase(pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite', dataDir: join(dir, 'pglite') });
step(`store: ${db.kind}`);
try {
  step('writing the simulated province (registry) and its history (daily since go-live, 5-min for the last 2 days)');
  await writeReferenceData(db.prisma);
  const now = Date.now();
  const province = simulateProvince(seed, { referenceDate: referenceDateOf(now) });
  await writeSimulatedProvince(db.prisma, province, { cmpBaseUrl: 'http://127.0.0.1:9', credentialRef: 'NONE' });
  await backfillHistory({ province, vmUrl: vm.url, to: now - 3 * DAY, stepMs: DAY });
  await backfillHistory({ province, vmUrl: vm.url, from: now - 2 * DAY, to: now - 60_000, stepMs: 5 * 60_000 });
  const pulls = province.nodes.map((n) => `${COLLECTOR_METRICS.lastSuccess.name}{node="${n.id}"} ${(now - 60_000) / 1000} ${now - 60_000}`);
  await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: pulls.join('\n') + '\n' });
  await vm.forceFlush();
  await waitForQuery(vm.url, `count(${COLLECTOR_METRICS.lastSuccess.name})`, (r) => Number(r[0]?.value[1]) === province.nodes.length);

  const tokens: string[] = [];
  for (const n of province.nodes) tokens.push((await createIngestToken(db.prisma, n.id, 'bench')).token);
  const app = await buildApp({
    config: { production: false, webDist: undefined, logLevel: 'warn' }, db, vm: createVmClient({ url: vm.url }),
    liveUpdates: { pollIntervalMs: 0 }, security: { eventPollIntervalMs: 1000 }, alerting: { intervalSeconds: 0, notifyIntervalMs: 0, watchIntervalMs: 2000 },
  });
  // The baseline takes the very same request and answers without storing anything.
  app.post('/bench/baseline', { bodyLimit: 2 * 1024 * 1024 }, async (req) => ({ accepted: (req.body as { events: unknown[] }).events.length, duplicates: 0, closed: 0, rejected: [] }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  step(`baseline: ${rate} events/s to a route that stores nothing, ${seconds} s`);
  const baseline = await runLoad({ url: `${base}/bench/baseline`, graphql: `${base}/graphql`, tokens, rate, seconds, follow: false });
  step(`ingest: ${rate} events/s from ${tokens.length} nodes through the push API, ${seconds} s, followed through GraphQL`);
  const ingest = await runLoad({ url: `${base}/api/security/v1/events`, graphql: `${base}/graphql`, tokens, rate, seconds, follow: true });
  const stored = await db.prisma.securityEvent.count();

  step(`rule evaluation: ${cycles} cycles over the province (default rules), then ${cycles} big-screen refreshes as the baseline`);
  await app.gccAlerting.cycle(Date.now(), 0); // warm-up: first-run costs (JIT, default rules) are not the steady state
  const cpu = (fn: () => Promise<unknown>) => async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const c = process.cpuUsage(c0);
    return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
  };
  const evalRuns: { cpuMs: number; wallMs: number }[] = [];
  const results: Awaited<ReturnType<typeof app.gccAlerting.cycle>>[] = [];
  for (let i = 0; i < cycles; i++) evalRuns.push(await cpu(async () => results.push(await app.gccAlerting.cycle(Date.now(), 0)))());
  const last = results.at(-1) ?? null;
  const firing = await db.prisma.alert.count({ where: { state: 'FIRING' } });
  const refreshBody = JSON.stringify({ query: SCREEN_CITIES_QUERY.source, operationName: SCREEN_CITIES_QUERY.operationName, variables: {} });
  const refreshRuns: { cpuMs: number; wallMs: number }[] = [];
  for (let i = 0; i < cycles; i++) refreshRuns.push(await cpu(() => app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: refreshBody }))());
  await app.close();

  const achieved = ingest.accepted / (ingest.elapsedMs / 1000);
  // Events the follower never saw (within 15 s of the end) count as infinitely late, not as absent.
  const all = [...ingest.latencies, ...Array.from({ length: Math.max(0, ingest.accepted - ingest.seen) }, () => Infinity)];
  const p50 = pct(all, 50);
  const p99 = pct(all, 99);
  const base99 = pct(baseline.roundTrips, 99);
  const mean = (xs: { cpuMs: number }[]) => xs.reduce((s, x) => s + x.cpuMs, 0) / xs.length;
  const evalCpu = mean(evalRuns);
  const refreshCpu = mean(refreshRuns);
  const share = evalCpu / (ALERT_EVALUATION_INTERVAL_SECONDS * 1000);
  const f = (n: number, d = 0) => n.toFixed(d);
  console.log(`
ingest        sent ${ingest.sent}, accepted ${ingest.accepted}, rejected ${ingest.rejected}, request errors ${ingest.errors}, stored ${stored}, seen by the follower ${ingest.seen}
              ${f(achieved)} events/s sustained (target ${rate}: ${f((achieved / rate) * 100)}%)
              ingestion-to-visible p50 ${f(p50)} ms, p99 ${f(p99)} ms, max ${f(Math.max(...ingest.latencies))} ms (target p99 < 2000 ms: ${f((p99 / 2000) * 100)}% of it)
baseline      same requests, nothing stored: round trip p99 ${f(base99, 1)} ms; ingest p99 visible = ${f(p99 / base99, 1)} × the bare round trip
evaluation    ${last ? `${last.rules} rules, ${last.observations} conditions holding, ${firing} alerts firing` : 'did not run'}; per cycle ${f(evalCpu, 1)} ms CPU (${f(mean(evalRuns.map((r) => ({ cpuMs: r.wallMs }))), 0)} ms wall)
              = ${f(share * 100, 2)}% of one core at one cycle per ${ALERT_EVALUATION_INTERVAL_SECONDS} s (target < 10%: ${f((share / 0.1) * 100)}% of the budget)
baseline      one big-screen refresh (${SCREEN_CITIES_QUERY.operationName}) ${f(refreshCpu, 1)} ms CPU; a cycle costs ${f(evalCpu / refreshCpu, 2)} refreshes
${achieved >= rate * 0.98 && p99 < 2000 && share < 0.1 && ingest.seen === ingest.accepted ? 'targets met' : 'TARGETS MISSED'}`);
} finally {
  await db.close();
  await pg?.drop();
  await vm.stop();
  rmSync(dir, { recursive: true, force: true });
}
