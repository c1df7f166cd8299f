/**
 * Collector benchmark (issue 4): collection cycles over the whole simulated province at realistic
 * size, through the real collector path — the four CMP adapters (OpenStack, vSphere, Prometheus,
 * docking API) over HTTP, normalize, plausibility, the buffered writer (disk buffer on, as under
 * `pnpm start`) and VictoriaMetrics' /api/v1/import/prometheus — beside baselines from the same run.
 *
 *   pnpm bench:collectors [--rounds 5] [--hypervisors 2000] [--vms 40000] [--seed 2019]
 *                         [--country-nodes 300] [--country-rounds 3] [--latency 20-50]
 *                         [--country-hypervisors N] [--country-vms N] [--no-country] [--no-province] [--profile DIR]
 *
 * Four processes, so each one's memory and CPU are its own:
 *   - this one: orchestrates and prints; a real VictoriaMetrics (test harness) as its child;
 *   - the simulator: every simulated CMP behind one port (buildSimulatedCmps), split with
 *     scaleProvince into --hypervisors hosts and --vms vCenter VMs; its clock is fixed for the run,
 *     so each CMP builds its inventory once (in the untimed warm-up cycle) and then serves it, as a
 *     real CMP serves from its database;
 *   - the collector: startCollector with the default adapters and a buffered writer, nothing else
 *     loaded (logging at info to a file, as in production); its RSS and V8 heap are sampled every 10 ms;
 *   - the baselines: plain fetch, nothing of the collector.
 *
 * Each timed round:
 *   B  CMP floor: the very HTTP requests of one clean cycle (recorded once: same URLs, headers,
 *      tokens), replayed with plain fetch — 32 in flight per node (the adapters' limit), 32 nodes at
 *      a time (collectAll's) — bodies read and thrown away. The simulator's serving time is in it.
 *   C  collector cycle: collectAll() (as `--once`), end to end until the last sample is in
 *      VictoriaMetrics. The simulator's serving time is in it, as in B.
 *   A  VictoriaMetrics floor: C's samples, formatted as the collector formats them, POSTed straight
 *      to the same endpoint with plain fetch, one request per node as the collector sends them.
 *   W  collector write path alone: the same Sample objects through the buffered writer (sample
 *      guard, formatting, the same POSTs). A and W run in the collector's process, 10 times each,
 *      alternating; the median counts.
 * A and W write under other metric names (gb0_…, gw0_…: as long as gcc_…), so every series gets
 * exactly the samples it should; at the end the benchmark checks that VictoriaMetrics holds exactly
 * the series and samples written and that vm_rows_invalid_total / vm_rows_ignored_total did not move.
 * Then S: the collector as in production, each node on its own schedule at its stable jitter within
 * the 30 s interval, until every node has pulled once.
 *
 * Then all of it over --country-nodes nodes (the province's repeated; by default sharing the same
 * hypervisor and VM totals) with --latency ms of simulated network latency on every CMP request.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CmpAdapter, Sample, VmWriter } from '@gcc/collectors';

const HERE = fileURLToPath(import.meta.url);
const PASSWORD_ENV = 'GCC_BENCH_CMP_PASSWORD';
const CREDENTIALS = { username: 'gcc-collector', password: 'bench-collectors-secret' };
/** Per node, as the adapters: 16 hosts at a time, two requests each. */
const REPLAY_CONCURRENCY = 32;
/** Nodes at a time, as collectAll (DEFAULT_MAX_CONCURRENT_PULLS in collectors/src/core/collector.ts). */
const REPLAY_NODES = 32;

// ---------------------------------------------------------------------------------------------
// Messages between the processes

interface SimConfig { seed: number; nodes: number; hostFactor: number; vmFactor: number; latencyMs: [number, number] | null; clockMs: number }
interface SimReady { url: string; nodes: { id: string; source: string; cmpKind: string; endpoint: string; dataCentres: string[] }[]; hypervisors: number; esxiHosts: number; vms: number; kinds: Record<string, number> }
interface RecordedRequest { url: string; method: string; headers: Record<string, string>; body: string | null }
/** What the collector process measures around a cycle or a scheduled run. */
interface CollectorRun {
  ms: number;
  cpuMs: number;
  /** CMP requests the adapters made (more than one clean cycle's: a pull was retried). */
  requests: number;
  /** Most CMP requests in flight at once (sent, answer's headers not yet in). */
  peakInFlight: number;
  /** The longest node pull (the attempt timeout is 10 s at the default 30 s interval). */
  slowestPullS: number;
  /** What the collector handed its writer, one batch per pull, formatted as it formats them (after the timing). */
  batches: string[][];
  /** Samples the buffered writer had to put in the disk buffer (VictoriaMetrics failed or was slow). */
  bufferedSamples: number;
  rssBeforeMB: number;
  heapBeforeMB: number;
  peakRssMB: number;
  peakHeapMB: number;
}
interface CycleResult extends CollectorRun {
  okNodes: number;
  failed: { node: string; code: string; message: string }[];
  recorded?: RecordedRequest[];
}
interface ScheduledResult extends CollectorRun {
  /** Seconds from the start until every node had pulled once, and until the last pull under way had written. */
  allPulledOnceS: number;
  quietS: number;
  /** The node whose first pull ended last. */
  lastFirst: string;
  intervalMs: number;
  pulls: number;
  failedPulls: number;
  neverPulled: string[];
}
interface ReplayResult { ms: number; cpuMs: number; requests: number; bytes: number; failures: number }

type Ask =
  | { type: 'cycle'; record: boolean }
  | { type: 'write-path'; prefix: string }
  | { type: 'post'; batches: string[][] }
  | { type: 'replay'; requests: RecordedRequest[] }
  | { type: 'cpu' }
  | { type: 'max-rss' }
  | { type: 'rss' }
  | { type: 'drain' }
  | { type: 'scheduled' }
  | { type: 'node-log'; node: string; last: number };
type Request = Ask & { id: number };

/** Answers the orchestrator's requests one at a time. */
function serve(handler: (req: Request) => Promise<unknown>): void {
  process.on('message', (req: Request) => {
    handler(req).then(
      (result) => process.send!({ id: req.id, result }),
      (err: Error) => process.send!({ id: req.id, error: err.stack ?? String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

interface Child { proc: ChildProcess; ask<T>(req: Ask): Promise<T>; ready: Promise<unknown>; stop(): Promise<void> }

function spawnRole(role: string, config: unknown, profileDir?: string): Child {
  const proc = fork(HERE, ['--role', role], {
    execArgv: [...process.execArgv, '--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, GCC_BENCH_CONFIG: JSON.stringify(config), [PASSWORD_ENV]: CREDENTIALS.password },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let onReady: (v: unknown) => void;
  let onFail: (e: Error) => void;
  const ready = new Promise((resolve, reject) => ((onReady = resolve), (onFail = reject)));
  proc.on('message', (m: { id?: number; ready?: unknown; result?: unknown; error?: string }) => {
    if (m.ready !== undefined) return onReady(m.ready);
    const w = waiting.get(m.id!);
    waiting.delete(m.id!);
    if (m.error) w?.reject(new Error(`${role}: ${m.error}`));
    else w?.resolve(m.result);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', (code) => {
    const err = new Error(`the ${role} process exited (code ${code})`);
    onFail(err);
    for (const w of waiting.values()) w.reject(err);
  });
  return {
    proc,
    ready,
    ask: <T>(req: Ask) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ ...req, id });
      }),
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

const config = <T>() => JSON.parse(process.env.GCC_BENCH_CONFIG!) as T;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Role: the simulated CMPs

async function runSimulator(): Promise<void> {
  const c = config<SimConfig>();
  const sim = await import('@gcc/collectors/sim');
  const province = sim.scaleProvince(sim.simulateProvince(c.seed, { referenceDate: sim.referenceDateOf(c.clockMs) }), { nodes: c.nodes, hostFactor: c.hostFactor, vmFactor: c.vmFactor });
  const cmps = await sim.buildSimulatedCmps({ province, credentials: CREDENTIALS, now: () => c.clockMs, ...(c.latencyMs ? { latencyMs: c.latencyMs } : {}) });
  const url = await cmps.listen(0, '127.0.0.1');
  let hypervisors = 0;
  let esxiHosts = 0;
  let vms = 0;
  const kinds: Record<string, number> = {};
  for (const n of province.nodes) {
    kinds[n.cmpKind] = (kinds[n.cmpKind] ?? 0) + 1;
    if (n.cmpKind === 'vsphere') {
      const vc = sim.buildVcenter(province, new sim.CmpFaultTable(), n.id, c.clockMs);
      esxiHosts += vc.hosts.length;
      vms += vc.vms.length;
    } else if (n.cmpKind === 'openstack' || n.cmpKind === 'prometheus') {
      hypervisors += sim.nodeHypervisors(province, n.id, c.clockMs).length;
    }
  }
  const ready: SimReady = {
    url,
    nodes: province.nodes.map((n) => ({ id: n.id, source: province.sourceOf(n.id), cmpKind: n.cmpKind, endpoint: sim.simCmpEndpoint(url, n.id, n.cmpKind), dataCentres: n.dataCentres })),
    hypervisors,
    esxiHosts,
    vms,
    kinds,
  };
  process.send!({ ready });
  serve(async (req) => {
    if (req.type === 'cpu') {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
    throw new Error(`the simulator does not do ${req.type}`);
  });
  process.once('SIGTERM', () => void cmps.close().then(() => process.exit(0)));
}

/**
 * Baseline A: the lines POSTed to /api/v1/import/prometheus with plain fetch, one request per batch,
 * all at once. Runs in the collector's process, beside W, so both see the same process state.
 */
async function postStraight(vmUrl: string, batches: string[][]): Promise<{ ms: number; cpuMs: number }> {
  const importUrl = `${vmUrl}/api/v1/import/prometheus`;
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    batches.map(async (lines) => {
      const res = await fetch(importUrl, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${lines.join('\n')}\n` });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`VictoriaMetrics answered ${res.status}`);
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// Role: the collector, and nothing else

interface CollectorConfig { vmUrl: string; nodes: SimReady['nodes']; dir: string }

async function runCollector(): Promise<void> {
  const c = config<CollectorConfig>();
  const col = await import('@gcc/collectors');
  const { nodeDefinition } = await import('@gcc/domain');
  // Logged at info as in production, to a file.
  const logger = col.createLogger({ level: 'info', name: 'collector' }, createWriteStream(join(c.dir, 'collector.log')));
  const raw = {
    vmUrl: c.vmUrl,
    intervalSeconds: 30,
    nodes: c.nodes.map((n) => {
      const def = nodeDefinition(n.source)!;
      return { id: n.id, regionCode: def.regionCode, kind: def.kind, cmpKind: n.cmpKind, endpoint: n.endpoint, credentialRef: PASSWORD_ENV, simulated: true, dataCentres: n.dataCentres };
    }),
  };
  const resolved = col.resolveConfig(raw, process.env);

  // The Sample batches the collector hands its writer (for the baselines and the check).
  let written: Sample[][] = [];
  const http = col.createVmWriter({ vmUrl: c.vmUrl, logger });
  const buffer = await col.openDiskBuffer({ dir: join(c.dir, 'collector-buffer'), logger });
  const buffered = col.createBufferedWriter({ inner: http, buffer, logger });
  let writesByNode = new Map<string, number>();
  let writesDone = 0;
  let writesStarted = 0;
  const writer: VmWriter = {
    vmUrl: buffered.vmUrl,
    forceFlush: () => buffered.forceFlush(),
    write: (s) => {
      const batch = s as Sample[];
      written.push(batch);
      const node = batch[0]?.labels.node ?? '';
      writesByNode.set(node, (writesByNode.get(node) ?? 0) + 1);
      writesStarted += 1;
      return buffered.write(batch).finally(() => (writesDone += 1));
    },
  };

  let recording: RecordedRequest[] | null = null;
  let requests = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const recordingFetch: typeof fetch = (input, init) => {
    requests += 1;
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    if (recording) {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
      recording.push({ url: String(input), method: init?.method ?? 'GET', headers, body: typeof init?.body === 'string' ? init.body : null });
    }
    return fetch(input, init).finally(() => (inFlight -= 1));
  };
  // One set of adapters (sessions, tokens) for the cycles and the scheduled run; counted, so the
  // scheduled run can wait for pulls under way.
  let adapterCalls = 0;
  const adapters = Object.fromEntries(
    Object.entries(col.defaultAdapters()).map(([kind, a]) => [
      kind,
      {
        kind: a.kind,
        async collect(node, ctx) {
          adapterCalls += 1;
          try {
            return await a.collect(node, ctx);
          } finally {
            adapterCalls -= 1;
          }
        },
      } satisfies CmpAdapter,
    ]),
  );
  const collector = col.startCollector({ ...resolved, logger, writer, adapters, fetch: recordingFetch }, false);

  /** Counters back to zero before a measured run; answers the disk buffer's count so far. */
  const begin = () => {
    written = [];
    writesByNode = new Map();
    requests = 0;
    peakInFlight = inFlight;
    return buffered.stats().bufferedSamples;
  };
  const figures = (m: Omit<CollectorRun, 'requests' | 'peakInFlight' | 'slowestPullS' | 'batches' | 'bufferedSamples'>, buffered0: number, slowestPullS: number): CollectorRun => ({
    ...m,
    requests,
    peakInFlight,
    slowestPullS,
    batches: written.map((batch) => batch.map(col.formatSample)),
    bufferedSamples: buffered.stats().bufferedSamples - buffered0,
  });

  /** Peak RSS and heap while `fn` runs (sampled every 10 ms), and its CPU. */
  const measured = async <T>(fn: () => Promise<T>) => {
    globalThis.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 10);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await fn();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    const m = process.memoryUsage();
    return {
      value,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMB: before.rss / MB,
      heapBeforeMB: before.heapUsed / MB,
      peakRssMB: Math.max(peakRss, m.rss) / MB,
      peakHeapMB: Math.max(peakHeap, m.heapUsed) / MB,
    };
  };

  serve(async (req) => {
    switch (req.type) {
      case 'cycle': {
        const buffered0 = begin();
        recording = req.record ? [] : null;
        const { value: outcomes, ...m } = await measured(() => collector.collectAll());
        const result: CycleResult = {
          ...figures(m, buffered0, Math.max(...outcomes.map((o) => o.durationSeconds))),
          okNodes: outcomes.filter((o) => o.ok).length,
          failed: outcomes.filter((o) => !o.ok).map((o) => ({ node: o.node, code: o.error!.code, message: o.error!.message })),
          ...(recording ? { recorded: recording } : {}),
        };
        recording = null;
        return result;
      }
      case 'scheduled': {
        // As in production: each node on its own schedule, started at its stable jitter within the
        // interval. Runs until every node has pulled once, then stops the schedules and waits for
        // pulls still under way.
        const buffered0 = begin();
        const intervalMs = resolved.config.intervalSeconds * 1000;
        let timeline = { allPulledOnceS: 0, quietS: 0 };
        let lastFirst = '';
        const t0 = Date.now();
        const { value: status, ...m } = await measured(async () => {
          const s = col.startCollector({ ...resolved, logger, writer, adapters, fetch: recordingFetch }, true);
          const deadline = Date.now() + 2 * intervalMs + 30_000;
          const firstPull = new Map<string, { startS: number; seenS: number }>();
          for (;;) {
            const nodes = s.status().nodes;
            for (const n of nodes) if (n.pullsTotal >= 1 && !firstPull.has(n.node)) firstPull.set(n.node, { startS: ((n.lastPull?.atMs ?? 0) - t0) / 1000, seenS: (Date.now() - t0) / 1000 });
            if (firstPull.size >= nodes.length || Date.now() > deadline) break;
            await sleep(100);
          }
          const allOnce = Date.now();
          const latest = [...firstPull].sort((a, b) => b[1].seenS - a[1].seenS)[0];
          lastFirst = latest ? `${latest[0]} (started ${latest[1].startS.toFixed(1)} s, done ${latest[1].seenS.toFixed(1)} s, jitter ${(col.stableJitterMs(latest[0], resolved.config.intervalSeconds) / 1000).toFixed(1)} s)` : '';
          s.stop();
          // No adapter call or CMP request under way, every pull's samples handed over and written.
          const quiet = () => adapterCalls === 0 && inFlight === 0 && writesDone === writesStarted && s.status().nodes.every((n) => (writesByNode.get(n.node) ?? 0) >= n.pullsTotal);
          while (Date.now() < deadline && !(quiet() && (await sleep(300), quiet()))) await sleep(100);
          timeline = { allPulledOnceS: (allOnce - t0) / 1000, quietS: (Date.now() - t0) / 1000 };
          return s.status();
        });
        const nodes = status.nodes;
        const result: ScheduledResult = {
          ...figures(m, buffered0, Math.max(0, ...nodes.map((n) => n.lastPull?.durationSeconds ?? 0))),
          intervalMs,
          pulls: nodes.reduce((a, n) => a + n.pullsTotal, 0),
          failedPulls: nodes.reduce((a, n) => a + n.failuresTotal, 0),
          neverPulled: nodes.filter((n) => n.pullsTotal < 1).map((n) => n.node),
          ...timeline,
          lastFirst,
        };
        return result;
      }
      case 'write-path': {
        // The same samples under another name (same length), through the same buffered writer.
        const renamed = written.map((batch) => batch.map((s) => ({ ...s, name: req.prefix + s.name.slice(req.prefix.length) })));
        globalThis.gc?.();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await Promise.all(renamed.map((batch) => buffered.write(batch)));
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
      }
      case 'post':
        return postStraight(c.vmUrl, req.batches);
      case 'node-log': {
        const lines = readFileSync(join(c.dir, 'collector.log'), 'utf8').split('\n').filter((l) => l.includes(`"node":"${req.node}"`));
        return lines.slice(-req.last).map((l) => {
          const { time, msg, attempt, durationSeconds, err } = JSON.parse(l) as { time: number; msg: string; attempt?: number; durationSeconds?: number; err?: { message?: string } };
          return `${new Date(time).toISOString().slice(11, 23)} ${msg}${attempt ? ` #${attempt}` : ''}${durationSeconds !== undefined ? ` ${durationSeconds}s` : ''}${err ? ` ${err.message?.slice(0, 120)}` : ''}`;
        });
      }
      case 'drain': {
        // Everything buffered on disk replayed, and the log's warnings and errors by message.
        const drained = await buffered.drained(120_000);
        const log = readFileSync(join(c.dir, 'collector.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { code?: string; message?: string } });
        const warnings: Record<string, number> = {};
        for (const l of log.filter((x) => x.level >= 40)) {
          // The message, and the first reason given for it.
          const key = Object.keys(warnings).find((k) => k.startsWith(`${l.msg} (`)) ?? `${l.msg} (first: ${l.err?.code ?? ''} ${(l.err?.message ?? '').slice(0, 160)})`;
          warnings[key] = (warnings[key] ?? 0) + 1;
        }
        return { drained, stats: buffered.stats(), warnings };
      }
      case 'max-rss':
        return process.resourceUsage().maxRSS / 1024;
      case 'rss':
        globalThis.gc?.();
        return process.memoryUsage().rss / MB;
      case 'cpu': {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
      default:
        throw new Error(`the collector does not do ${req.type}`);
    }
  });
  process.send!({ ready: true });
  process.once('SIGTERM', () => {
    collector.stop();
    void buffered.close().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Role: the baselines, plain fetch

async function runBaselines(): Promise<void> {
  serve(async (req) => {
    switch (req.type) {
      case 'replay': {
        const byNode = new Map<string, RecordedRequest[]>();
        for (const r of req.requests) {
          const node = new URL(r.url).pathname.split('/')[1]!;
          const list = byNode.get(node);
          if (list) list.push(r);
          else byNode.set(node, [r]);
        }
        let bytes = 0;
        let failures = 0;
        globalThis.gc?.();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const lists = [...byNode.values()];
        let nextNode = 0;
        const replayNode = async (list: RecordedRequest[]) => {
          let next = 0;
          const worker = async () => {
            while (next < list.length) {
              const r = list[next++]!;
              try {
                const res = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body !== null ? { body: r.body } : {}) });
                bytes += (await res.text()).length;
                if (!res.ok) failures += 1;
              } catch {
                failures += 1;
              }
            }
          };
          await Promise.all(Array.from({ length: Math.min(REPLAY_CONCURRENCY, list.length) }, worker));
        };
        await Promise.all(
          Array.from({ length: Math.min(REPLAY_NODES, lists.length) }, async () => {
            while (nextNode < lists.length) await replayNode(lists[nextNode++]!);
          }),
        );
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        return { ms, cpuMs: (cpu.user + cpu.system) / 1000, requests: req.requests.length, bytes, failures } satisfies ReplayResult;
      }
      default:
        throw new Error(`the baselines do not do ${req.type}`);
    }
  });
  process.send!({ ready: true });
}

// ---------------------------------------------------------------------------------------------
// The orchestrator

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const seriesKey = (line: string) => line.slice(0, line.lastIndexOf(' ', line.lastIndexOf(' ') - 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface PhaseOptions { label: string; nodes: number; hostFactor: number; vmFactor: number; latencyMs: [number, number] | null; rounds: number }
interface Timed { ms: number; cpuMs: number }
/** A and W: the median of WRITE_REPS alternating repetitions each. */
interface RoundFigures { replay: ReplayResult; cycle: CycleResult; post: Timed; writePath: Timed; simCpuMs: number }
interface PhaseResult { opts: PhaseOptions; sim: SimReady; rounds: RoundFigures[]; warmup: CycleResult; scheduled: ScheduledResult; maxRssMB: number; idleRssMB: number; warnings: string[] }

/** A and W each write the cycle's samples this many times (alternating), each time under its own names. */
const WRITE_REPS = 10;
/** What was written, per group of metric names (a regex on __name__): the series and samples VictoriaMetrics must hold. */
const expected = new Map<string, { what: string; series: Set<string>; samples: number; seconds: Set<string>; sameSecond: string[]; times: Map<string, number[]> }>();
const GROUPS = { collector: ['gcc_.*', 'the collector (C)'], A: ['gb[0-9]_.*', `A's copies`], W: ['gw[0-9]_.*', `W's copies`] } as const;
function expectWritten(group: keyof typeof GROUPS, batches: string[][]) {
  const [regex, what] = GROUPS[group];
  const e = expected.get(regex) ?? { what, series: new Set<string>(), samples: 0, seconds: new Set<string>(), sameSecond: [], times: new Map<string, number[]>() };
  for (const lines of batches) {
    for (const line of lines) {
      if (!new RegExp(`^${regex.replace('.*', '')}`).test(line)) throw new Error(`unexpected line ${line.slice(0, 80)}`);
      const key = seriesKey(line);
      e.series.add(key);
      e.samples += 1;
      // VictoriaMetrics keeps one sample per series and second (-dedup.minScrapeInterval=1s).
      const ts = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (group === 'collector') e.times.set(key, [...(e.times.get(key) ?? []), ts]);
      const second = `${key} ${Math.floor(ts / 1000)}`;
      if (e.seconds.has(second)) e.sameSecond.push(line);
      e.seconds.add(second);
    }
  }
  expected.set(regex, e);
}
const withPrefix = (batches: string[][], prefix: string) => batches.map((lines) => lines.map((l) => prefix + l.slice(prefix.length)));

async function runPhase(vmUrl: string, dir: string, o: PhaseOptions, seed: number, step: (s: string) => void, profileDir?: string): Promise<PhaseResult> {
  step(`${o.label}: starting the simulator (${o.nodes} nodes${o.latencyMs ? `, ${o.latencyMs[0]}–${o.latencyMs[1]} ms latency per CMP request` : ''})`);
  const sim = spawnRole('sim', { seed, nodes: o.nodes, hostFactor: o.hostFactor, vmFactor: o.vmFactor, latencyMs: o.latencyMs, clockMs: Date.now() } satisfies SimConfig);
  const ready = (await sim.ready) as SimReady;
  step(`${o.label}: ${ready.nodes.length} nodes (${Object.entries(ready.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}): ${ready.hypervisors.toLocaleString('en')} hypervisors (OpenStack, Prometheus) + ${ready.esxiHosts.toLocaleString('en')} ESXi hosts, ${ready.vms.toLocaleString('en')} vCenter VMs`);
  const phaseDir = mkdtempSync(join(dir, `${o.label}-`));
  const collector = spawnRole('collector', { vmUrl, nodes: ready.nodes, dir: phaseDir } satisfies CollectorConfig, profileDir);
  const baselines = spawnRole('baselines', {});
  try {
    await Promise.all([collector.ready, baselines.ready]);
    let lastEnd = 0;
    const cycle = async (record: boolean) => {
      // Every series gets one sample per cycle: start in a later second than the last cycle ended (dedup is 1 s).
      const wait = (Math.floor(lastEnd / 1000) + 1) * 1000 + 20 - Date.now();
      if (wait > 0) await sleep(wait);
      const r = await collector.ask<CycleResult>({ type: 'cycle', record });
      lastEnd = Date.now();
      expectWritten('collector', r.batches);
      if (r.failed.length) console.log(`  ! ${r.failed.length} node(s) failed: ${r.failed.slice(0, 3).map((f) => `${f.node} ${f.code} ${f.message}`).join('; ')}`);
      return r;
    };
    const idleRssMB = await collector.ask<number>({ type: 'rss' });
    step(`${o.label}: warm-up cycle (untimed: the simulator builds its inventories, the collector authenticates)`);
    const warmup = await cycle(false);
    step(`${o.label}: recording cycle (the requests the CMP floor replays)`);
    const rec = await cycle(true);
    // A pull retried in the recording cycle asked some things twice: replay each request once.
    const seen = new Set<string>();
    const requests = rec.recorded!.filter((r) => {
      const key = `${r.method} ${r.url} ${r.body ?? ''}`;
      return !seen.has(key) && (seen.add(key), true);
    });
    step(`${o.label}: ${requests.length.toLocaleString('en')} CMP requests per cycle; ${o.rounds} timed rounds (B CMP floor, C collector, A VM floor, W write path)`);
    const rounds: RoundFigures[] = [];
    for (let i = 0; i < o.rounds; i++) {
      const replay = await baselines.ask<ReplayResult>({ type: 'replay', requests });
      if (replay.failures) console.log(`  ! ${replay.failures} replayed requests failed`);
      const simCpu0 = await sim.ask<number>({ type: 'cpu' });
      const c = await cycle(false);
      const simCpuMs = (await sim.ask<number>({ type: 'cpu' })) - simCpu0;
      const posts: Timed[] = [];
      const writes: Timed[] = [];
      for (let k = 0; k < WRITE_REPS; k++) {
        const a = async () => {
          const b = withPrefix(c.batches, `gb${k}_`);
          posts.push(await collector.ask<Timed>({ type: 'post', batches: b }));
          expectWritten('A', b);
        };
        const w = async () => {
          writes.push(await collector.ask<Timed>({ type: 'write-path', prefix: `gw${k}_` }));
          expectWritten('W', withPrefix(c.batches, `gw${k}_`));
        };
        // A W W A A W …: neither goes first more often.
        if (k % 2) await w().then(a);
        else await a().then(w);
      }
      const mid = (xs: Timed[]): Timed => ({ ms: median(xs.map((t) => t.ms)), cpuMs: median(xs.map((t) => t.cpuMs)) });
      const post = mid(posts);
      const writePath = mid(writes);
      rounds.push({ replay, cycle: c, post, writePath, simCpuMs });
      const lines = c.batches.reduce((s, l) => s + l.length, 0);
      console.log(
        `  round ${i + 1}: B ${replay.ms.toFixed(0)} ms (CPU ${replay.cpuMs.toFixed(0)} ms) · C ${c.ms.toFixed(0)} ms (${c.okNodes}/${ready.nodes.length} nodes, ${c.requests} requests, ${lines} samples, ` +
          `CPU ${c.cpuMs.toFixed(0)} ms, ≤ ${c.peakInFlight} requests in flight, slowest pull ${c.slowestPullS.toFixed(1)} s, simulator CPU ${simCpuMs.toFixed(0)} ms, peak RSS ${c.peakRssMB.toFixed(0)} MB) · A ${post.ms.toFixed(1)} ms · W ${writePath.ms.toFixed(1)} ms · load ${load()}` +
          (c.bufferedSamples ? ` · ! ${c.bufferedSamples} samples went to the disk buffer` : ''),
      );
    }
    step(`${o.label}: S, scheduled as in production: every node on its own schedule, started at its stable jitter within the 30 s interval, until each has pulled once`);
    await sleep((Math.floor(lastEnd / 1000) + 1) * 1000 + 20 - Date.now());
    const scheduled = await collector.ask<ScheduledResult>({ type: 'scheduled' });
    expectWritten('collector', scheduled.batches);
    console.log(
      `  S: ${scheduled.pulls} pulls (${scheduled.failedPulls} failed${scheduled.neverPulled.length ? `, ${scheduled.neverPulled.length} nodes never pulled` : ''}), every node once after ${scheduled.allPulledOnceS.toFixed(1)} s (last: ${scheduled.lastFirst}), all written after ${scheduled.quietS.toFixed(1)} s, ${scheduled.requests} requests, ` +
        `CPU ${scheduled.cpuMs.toFixed(0)} ms, ≤ ${scheduled.peakInFlight} requests in flight, slowest pull ${scheduled.slowestPullS.toFixed(1)} s, peak RSS ${scheduled.peakRssMB.toFixed(0)} MB · load ${load()}` +
        (scheduled.bufferedSamples ? ` · ! ${scheduled.bufferedSamples} samples went to the disk buffer` : ''),
    );
    if (process.env.GCC_BENCH_DEBUG && scheduled.lastFirst) {
      console.log((await collector.ask<string[]>({ type: 'node-log', node: scheduled.lastFirst.split(' ')[0]!, last: 12 })).map((l) => `    ${l}`).join('\n'));
    }
    const maxRssMB = await collector.ask<number>({ type: 'max-rss' });
    const drain = await collector.ask<{ drained: boolean; stats: { bufferedSamples: number; replayedSamples: number }; warnings: Record<string, number> }>({ type: 'drain' });
    const warnings = Object.entries(drain.warnings).map(([msg, n]) => `${n} × ${msg}`);
    step(`${o.label}: collector log: ${warnings.length ? warnings.join('; ') : 'no warnings or errors'}; disk buffer: ${drain.stats.bufferedSamples} samples buffered, ${drain.stats.replayedSamples} replayed${drain.drained ? '' : ', NOT DRAINED'}`);
    return { opts: o, sim: ready, rounds, warmup, scheduled, maxRssMB, idleRssMB, warnings };
  } finally {
    await Promise.all([collector.stop(), baselines.stop(), sim.stop()]);
  }
}

async function runOrchestrator(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      hypervisors: { type: 'string', default: '2000' },
      vms: { type: 'string', default: '40000' },
      'country-nodes': { type: 'string', default: '300' },
      /** Totals for the country run (default: the province's, spread over the country's nodes). */
      'country-hypervisors': { type: 'string' },
      'country-vms': { type: 'string' },
      'country-rounds': { type: 'string', default: '3' },
      latency: { type: 'string', default: '20-50' },
      'no-country': { type: 'boolean', default: false },
      'no-province': { type: 'boolean', default: false },
      seed: { type: 'string', default: '2019' },
      role: { type: 'string' },
      /** Writes a V8 CPU profile of each collector process (warm-up and rounds) into this directory. */
      profile: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const [lo, hi] = values.latency.split('-').map(Number) as [number, number];
  const step = (what: string) => console.log(`· ${what}`);
  const { startVictoriaMetrics, waitForQuery } = await import('@gcc/test/harness');
  const sim = await import('@gcc/collectors/sim');

  // Factors that split the province's capacity into --hypervisors hosts and --vms vCenter VMs.
  const now = Date.now();
  const province = sim.simulateProvince(seed, { referenceDate: sim.referenceDateOf(now) });
  let hosts = 0;
  let vms = 0;
  for (const n of province.nodes) {
    if (n.cmpKind === 'vsphere') {
      const vc = sim.buildVcenter(province, new sim.CmpFaultTable(), n.id, now);
      hosts += vc.hosts.length;
      vms += vc.vms.length;
    } else if (n.cmpKind !== 'docking-api') hosts += sim.nodeHypervisors(province, n.id, now).length;
  }
  // For n nodes (the province's repeated) holding about `h` hypervisors/hosts and `v` vCenter VMs in all.
  const factors = (n: number, h: number, v: number) => ({ hostFactor: h / ((hosts * n) / province.nodes.length), vmFactor: v / ((vms * n) / province.nodes.length) });
  const provinceSize = factors(province.nodes.length, Number(values.hypervisors), Number(values.vms));
  const countryNodes = Number(values['country-nodes']);
  const countrySize = factors(countryNodes, Number(values['country-hypervisors'] ?? values.hypervisors), Number(values['country-vms'] ?? values.vms));
  console.log(`load average at start: ${load()} (${(await import('node:os')).cpus().length} CPUs)`);
  step(`as planned the simulated province has ${hosts} hosts and ${vms} vCenter VMs: host factor ${provinceSize.hostFactor.toFixed(3)}, VM factor ${provinceSize.vmFactor.toFixed(3)}`);

  const vm = await startVictoriaMetrics();
  const dir = mkdtempSync(join(tmpdir(), 'gcc-bench-collectors-'));
  const phases: PhaseResult[] = [];
  try {
    const invalid0 = await vm.selfMetric('vm_rows_invalid_total');
    const ignored0 = await vm.selfMetric('vm_rows_ignored_total');
    if (!values['no-province']) phases.push(await runPhase(vm.url, dir, { label: 'province', nodes: province.nodes.length, ...provinceSize, latencyMs: null, rounds: Math.max(1, Number(values.rounds)) }, seed, step, values.profile));
    if (!values['no-country']) {
      phases.push(
        await runPhase(vm.url, dir, { label: 'country', nodes: countryNodes, ...countrySize, latencyMs: [lo, hi], rounds: Math.max(1, Number(values['country-rounds'])) }, seed, step, values.profile),
      );
    }

    step('checking what VictoriaMetrics stored');
    await vm.forceFlush();
    const checks: string[] = [];
    let allGood = true;
    for (const [regex, e] of expected) {
      const sel = `{__name__=~"${regex}"}`;
      const q = async (query: string) => Number((await waitForQuery(vm.url, query, (r) => r.length > 0, { timeoutMs: 30_000 }))[0]!.value[1]);
      // Wait until the last writes are searchable, then read both figures.
      await waitForQuery(vm.url, `count(last_over_time(${sel}[3h]))`, (r) => Number(r[0]?.value[1]) >= e.series.size, { timeoutMs: 30_000 }).catch(() => undefined);
      const series = await q(`count(last_over_time(${sel}[3h]))`);
      // The newest samples (the scheduled run's last pulls) may take VictoriaMetrics a few seconds to show.
      const want = e.samples - e.sameSecond.length;
      await waitForQuery(vm.url, `sum(count_over_time(${sel}[3h]))`, (r) => Number(r[0]?.value[1]) >= want, { timeoutMs: 30_000 }).catch(() => undefined);
      const samples = await q(`sum(count_over_time(${sel}[3h]))`);
      const ok = series === e.series.size && samples === want;
      if (e.sameSecond.length) checks.push(`! ${e.what}: ${e.sameSecond.length} samples in the same second as an earlier one of their series (VictoriaMetrics keeps one), e.g. ${e.sameSecond[0]}`);
      allGood &&= ok;
      if (!ok && e.times.size) {
        // Which series lack which samples: VictoriaMetrics' own export against what was written.
        const res = await fetch(`${vm.url}/api/v1/export?${new URLSearchParams({ 'match[]': sel })}`);
        const stored = new Map<string, number[]>();
        for (const l of (await res.text()).split('\n').filter(Boolean)) {
          const r = JSON.parse(l) as { metric: Record<string, string>; timestamps: number[] };
          const { __name__: name, ...labels } = r.metric;
          stored.set(`${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',')}}`, r.timestamps);
        }
        const norm = (key: string) => key.replace(/\{(.*)\}$/, (_, inner: string) => `{${inner.split(/,(?=[a-z_]+=")/).sort().join(',')}}`);
        const diffs: string[] = [];
        for (const [key, want] of e.times) {
          const got = new Set(stored.get(norm(key)) ?? []);
          const missing = want.filter((t) => !got.has(t));
          if (missing.length) diffs.push(`${key} lacks ${missing.map((t) => new Date(t).toISOString()).join(', ')} (has ${[...got].map((t) => new Date(t).toISOString().slice(11, 23)).join(', ')})`);
        }
        checks.push(`! ${diffs.length} series lack samples, e.g. ${diffs.slice(0, 3).join('; ')}`);
      }
      checks.push(`${e.what} (${regex}): ${series.toLocaleString('en')} series, ${samples.toLocaleString('en')} samples — expected ${e.series.size.toLocaleString('en')}, ${e.samples.toLocaleString('en')}: ${ok ? 'ok' : 'MISMATCH'}`);
    }
    const invalid = (await vm.selfMetric('vm_rows_invalid_total')) - invalid0;
    const ignored = (await vm.selfMetric('vm_rows_ignored_total')) - ignored0;
    allGood &&= invalid === 0 && ignored === 0;
    checks.push(`vm_rows_invalid_total +${invalid}, vm_rows_ignored_total +${ignored}: ${invalid === 0 && ignored === 0 ? 'ok' : 'MOVED'}`);

    // ----- the table
    const t = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);
    const x = (r: number) => `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×`;
    const samplesOf = (c: CycleResult) => c.batches.reduce((a, l) => a + l.length, 0);
    console.log('');
    for (const p of phases) {
      const R = p.rounds;
      const mid = (f: (r: RoundFigures) => number) => median(R.map(f));
      const span = (f: (r: RoundFigures) => number, u = t) => `${u(Math.min(...R.map(f)))} … ${u(Math.max(...R.map(f)))}`;
      const failed = R.reduce((a, r) => a + r.cycle.failed.length, 0);
      console.log(
        `${p.opts.label}: ${p.sim.nodes.length} nodes (${Object.entries(p.sim.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
          `${(p.sim.hypervisors + p.sim.esxiHosts).toLocaleString('en')} hypervisors/ESXi hosts, ${p.sim.vms.toLocaleString('en')} vCenter VMs` +
          `${p.opts.latencyMs ? `, ${p.opts.latencyMs[0]}–${p.opts.latencyMs[1]} ms latency on every CMP request` : ''}; per cycle ` +
          `${R[0]!.replay.requests.toLocaleString('en')} CMP requests (${(R[0]!.replay.bytes / MB).toFixed(1)} MB) and ${samplesOf(R[0]!.cycle).toLocaleString('en')} samples; median of ${R.length} rounds`,
      );
      const row = (what: string, wall: string, range: string, cpu: string, ratio: string) =>
        console.log(`  ${what.padEnd(50)}${wall.padStart(10)}${range.padStart(23)}${cpu.padStart(11)}   ${ratio}`);
      row('', 'wall', 'wall min … max', 'CPU', 'ratio (median of the rounds\' ratios)');
      row('A  VM floor: the samples POSTed straight to VM', t(mid((r) => r.post.ms)), span((r) => r.post.ms), t(mid((r) => r.post.cpuMs)), 'baseline');
      row('W  collector write path alone, same samples', t(mid((r) => r.writePath.ms)), span((r) => r.writePath.ms), t(mid((r) => r.writePath.cpuMs)),
        `${x(mid((r) => r.writePath.ms / r.post.ms))} A`);
      row('B  CMP floor: the same CMP requests, raw fetch', t(mid((r) => r.replay.ms)), span((r) => r.replay.ms), t(mid((r) => r.replay.cpuMs)), 'baseline');
      row('C  collector cycle, end to end', t(mid((r) => r.cycle.ms)), span((r) => r.cycle.ms), t(mid((r) => r.cycle.cpuMs)),
        `wall ${x(mid((r) => r.cycle.ms / r.post.ms))} A, ${x(mid((r) => r.cycle.ms / (r.replay.ms + r.post.ms)))} (A + B); CPU ${x(mid((r) => r.cycle.cpuMs / (r.replay.cpuMs + r.post.cpuMs)))} (A + B)`);
      row('   slowest node pull in C (attempt timeout 10 s)', t(mid((r) => r.cycle.slowestPullS * 1000)), span((r) => r.cycle.slowestPullS * 1000), '', `most CMP requests in flight at once: ${mid((r) => r.cycle.peakInFlight)}`);
      row('   simulated CMPs during C (their own process)', '', '', t(mid((r) => r.simCpuMs)), '');
      const retried = R.filter((r) => r.cycle.requests > r.replay.requests).length;
      if (retried) console.log(`  ! in ${retried} of ${R.length} rounds C made more CMP requests than one clean cycle (${R.map((r) => r.cycle.requests).join(', ')} vs ${R[0]!.replay.requests}): pulls timed out and were retried`);
      const buffered = R.reduce((a, r) => a + r.cycle.bufferedSamples, 0);
      if (buffered) console.log(`  ! ${buffered} samples went to the disk buffer during C (VictoriaMetrics failed or was slow); all replayed before the check`);
      if (p.warnings.length) console.log(`  collector log, warnings and errors over the whole phase: ${p.warnings.join('; ')}`);
      const mb = (v: number) => `${v.toFixed(0)} MB`;
      row('   collector RSS: before C → peak during C', `${mb(mid((r) => r.cycle.rssBeforeMB))} → ${mb(mid((r) => r.cycle.peakRssMB))}`, `peak ${span((r) => r.cycle.peakRssMB, mb)}`, '', `idle after start-up ${mb(p.idleRssMB)}; process lifetime peak ${mb(p.maxRssMB)}`);
      row('   collector V8 heap: before C → peak during C', `${mb(mid((r) => r.cycle.heapBeforeMB))} → ${mb(mid((r) => r.cycle.peakHeapMB))}`, `peak ${span((r) => r.cycle.peakHeapMB, mb)}`, '', '');
      if (failed) console.log(`  ! ${failed} failed node pulls in the timed rounds`);
      const S = p.scheduled;
      row(
        `S  scheduled as in production, one ${S.intervalMs / 1000} s interval`,
        '',
        '',
        t(S.cpuMs),
        `${S.pulls} pulls, ${S.failedPulls} failed; CPU per pull × nodes ÷ interval: ${(((S.cpuMs / Math.max(1, S.pulls)) * p.sim.nodes.length / S.intervalMs) * 100).toFixed(0)}% of one core; slowest pull ${S.slowestPullS.toFixed(1)} s; ≤ ${S.peakInFlight} requests in flight`,
      );
      row('   collector RSS / V8 heap: before → peak in S', `${mb(S.rssBeforeMB)} → ${mb(S.peakRssMB)}`, `heap ${mb(S.heapBeforeMB)} → ${mb(S.peakHeapMB)}`, '', '');
      console.log('');
    }
    const provincePhase = phases.find((p) => p.opts.label === 'province');
    if (provincePhase) {
      const prov = provincePhase.rounds;
      const provCycle = median(prov.map((r) => r.cycle.ms));
      const provPeak = Math.max(...prov.map((r) => r.cycle.peakRssMB));
      const wRatio = median(prov.map((r) => r.writePath.ms / r.post.ms));
      const abRatio = median(prov.map((r) => r.cycle.ms / (r.replay.ms + r.post.ms)));
      const abCpu = median(prov.map((r) => r.cycle.cpuMs / (r.replay.cpuMs + r.post.cpuMs)));
      const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
      console.log('targets (province):');
      console.log(`  one cycle ≤ 10 s: ${t(provCycle)} — ${verdict(provCycle <= 10_000)}`);
      console.log(`  ≤ 1.3× the baseline: write path W ${x(wRatio)} A — ${verdict(wRatio <= 1.3)}; end to end C ${x(abRatio)} (A + B) wall, ${x(abCpu)} CPU — ${verdict(abRatio <= 1.3)}`);
      console.log(`    (against A alone C is ${x(median(prov.map((r) => r.cycle.ms / r.post.ms)))}: A posts the cycle's ${samplesOf(prov[0]!.cycle)} samples, one per data centre × resource × measure plus health;`);
      console.log(`     the collector's time goes into pulling the CMPs, which A leaves out and B measures)`);
      console.log(`  peak collector RSS during a cycle < 300 MB: ${provPeak.toFixed(0)} MB — ${verdict(provPeak < 300)}`);
    }
    console.log(`VictoriaMetrics after the run:\n  ${checks.join('\n  ')}`);
    console.log(`load average at end: ${load()}`);
    if (!allGood) process.exitCode = 1;
  } finally {
    await vm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv[process.argv.indexOf('--role') + 1];
if (process.argv.includes('--role') && role === 'sim') await runSimulator();
else if (process.argv.includes('--role') && role === 'collector') await runCollector();
else if (process.argv.includes('--role') && role === 'baselines') await runBaselines();
else await runOrchestrator();
