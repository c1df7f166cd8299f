/**
 * GraphQL overview benchmark: the big screen's queries (web/src/api/screen-queries.ts) against a
 * plain fastify route returning the same answer as cached JSON, in the same process and run, with
 * autocannon over loopback. Real VictoriaMetrics (test harness) and embedded PGlite hold the
 * simulated province (registry, history since each node's go-live at a coarse step, the last
 * two days at the collection interval, and the collectors' last good pulls).
 *
 *   pnpm bench:graphql [--seconds 10] [--connections 100] [--rounds 1] [--seed 2019]
 *
 * Prints p50/p99 latency, requests per second, each query's throughput as a share of the
 * baseline's, and VictoriaMetrics queries issued per 1,000 client requests. Targets (issue 5):
 * p99 < 50 ms and ≥ 70% of the baseline's throughput for the overview.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { COLLECTOR_METRICS } from '@gcc/domain';
import { backfillHistory, referenceDateOf, simulateProvince } from '@gcc/collectors/sim';
import { SCREEN_CITIES_QUERY, SCREEN_HEADLINE_QUERY } from '@gcc/web/api';
import { buildApp, createVmClient, openDatabase, writeReferenceData, writeSimulatedProvince, DEFAULT_LIMITS } from '@gcc/server';
import { issueToken, upsertUser } from '@gcc/server/access';
import { startVictoriaMetrics, waitForQuery } from '@gcc/test/harness';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, seed: { type: 'string', default: '2019' }, rounds: { type: 'string', default: '1' } },
});
const seconds = Number(values.seconds);
/** Rounds alternate baseline and GraphQL; the median round is reported (steadier on a busy machine). */
const rounds = Math.max(1, Number(values.rounds));
const connections = Number(values.connections);
const seed = Number(values.seed);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const step = (what: string) => console.log(`· ${what}`);

const vm = await startVictoriaMetrics();
const dir = mkdtempSync(join(tmpdir(), 'gcc-bench-'));
const db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
try {
  step('writing the simulated province (registry)');
  await writeReferenceData(db.prisma);
  const now = Date.now();
  const province = simulateProvince(seed, { referenceDate: referenceDateOf(now) });
  await writeSimulatedProvince(db.prisma, province, { cmpBaseUrl: 'http://127.0.0.1:9', credentialRef: 'NONE' });
  step('writing its history: daily since each go-live, every 5 min for the last 2 days');
  const recent = now - 2 * DAY;
  const old = await backfillHistory({ province, vmUrl: vm.url, to: recent - DAY, stepMs: DAY });
  const fresh = await backfillHistory({ province, vmUrl: vm.url, from: recent, to: now - 60_000, stepMs: 5 * 60_000 });
  // The collectors' last good pulls, as a collection cycle a minute ago leaves them.
  const pulls = province.nodes.map((n) => `${COLLECTOR_METRICS.lastSuccess.name}{node="${n.id}"} ${(now - 60_000) / 1000} ${now - 60_000}`);
  await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: pulls.join('\n') + '\n' });
  await vm.forceFlush();
  await waitForQuery(vm.url, `count(${COLLECTOR_METRICS.lastSuccess.name})`, (r) => Number(r[0]?.value[1]) === province.nodes.length);
  console.log(`  ${old.samples + fresh.samples} samples`);

  const kiosk = await upsertUser(db.prisma, { username: 'bench-kiosk', role: 'KIOSK' });
  const token = (await issueToken(db.prisma, kiosk.id, { label: 'bench', readOnly: true })).token;
  const client = createVmClient({ url: vm.url });
  // As in production: tokens required, the shared answer cache at its default (5 s).
  const app = await buildApp({
    config: { production: true, auth: true, responseCacheMs: 5000, limits: DEFAULT_LIMITS, webDist: undefined, logLevel: 'warn' },
    db, vm: client, liveUpdates: { pollIntervalMs: 0 },
  });
  const cachedJson = new Map<string, string>();
  // The baseline takes the very same request (POST, JSON body, bearer token) and answers the cached JSON.
  app.post('/bench/baseline/:name', async (request, reply) => reply.type('application/json; charset=utf-8').send(cachedJson.get((request.params as { name: string }).name)));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  interface Row { name: string; p50: number; p99: number; rps: number; requests: number; errors: number; vmPer1000: number | null }
  const run = async (name: string, opts: { url: string; body: string; graphql: boolean }): Promise<Row> => {
    const before = client.stats.issued;
    // The load generator runs in a worker thread so it does not share the server's event loop.
    const r = await autocannon({ url: opts.url, method: 'POST', body: opts.body, headers, connections, duration: seconds, workers: 1 });
    const requests = r.requests.total;
    return {
      name, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, requests, errors: r.errors + r.non2xx + r.timeouts,
      vmPer1000: opts.graphql ? ((client.stats.issued - before) / requests) * 1000 : null,
    };
  };

  const rows: Row[] = [];
  for (const doc of [SCREEN_HEADLINE_QUERY, SCREEN_CITIES_QUERY]) {
    const body = JSON.stringify({ query: doc.source, operationName: doc.operationName, variables: {} });
    const first = await fetch(`${base}/graphql`, { method: 'POST', headers, body });
    const text = await first.text();
    if (!first.ok || text.includes('"errors":[')) throw new Error(`${doc.operationName} answered ${first.status}: ${text.slice(0, 300)}`);
    cachedJson.set(doc.operationName, text);
    step(`${doc.operationName}: ${(text.length / 1024).toFixed(1)} KiB answer; baseline, then GraphQL, ${seconds} s each at ${connections} connections, ${rounds} round(s)`);
    const pairs: [Row, Row][] = [];
    for (let i = 0; i < rounds; i++) {
      const baseline = await run(`baseline: ${doc.operationName} as cached JSON`, { url: `${base}/bench/baseline/${doc.operationName}`, body, graphql: false });
      pairs.push([baseline, await run(`GraphQL ${doc.operationName}`, { url: `${base}/graphql`, body, graphql: true })]);
    }
    pairs.sort((a, b) => a[1].rps / a[0].rps - b[1].rps / b[0].rps);
    rows.push(...pairs[Math.floor(pairs.length / 2)]!);
  }
  await app.close();

  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);
  console.log(`\n${'run'.padEnd(44)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'req/s'.padStart(8)}${'of base'.padStart(9)}${'VM/1k'.padStart(8)}${'errors'.padStart(8)}`);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const baseRow = rows[i - (i % 2)]!;
    const share = i % 2 ? `${((r.rps / baseRow.rps) * 100).toFixed(0)}%`.padStart(9) : ''.padStart(9);
    console.log(`${r.name.padEnd(44)}${fmt(r.p50)}${fmt(r.p99)}${fmt(r.rps, 0)}${share}${r.vmPer1000 === null ? ''.padStart(8) : fmt(r.vmPer1000, 2)}${String(r.errors).padStart(8)}`);
  }
  const overview = rows[1]!;
  const ratio = overview.rps / rows[0]!.rps;
  console.log(`\noverview (ScreenHeadline): p99 ${overview.p99} ms (target < 50), throughput ${(ratio * 100).toFixed(0)}% of the baseline (target ≥ 70%)` +
    ` — ${overview.p99 < 50 && ratio >= 0.7 ? 'targets met' : 'TARGETS MISSED'}`);
} finally {
  await db.close();
  await vm.stop();
  rmSync(dir, { recursive: true, force: true });
}
