/**
 * A real VictoriaMetrics single node for tests: Debian's /usr/bin/victoria-metrics on a free
 * loopback port with its own temporary data directory, ready when GET /health answers (polled),
 * killed and its directory removed on stop().
 *
 * Flags, and why:
 * - retentionPeriod=100y: backfilled history starts in 2015; anything outside retention is dropped.
 * - search.latencyOffset=1s: the default 30s hides samples stamped "now" from queries.
 * - dedup.minScrapeInterval=1s: like production (10s there), a batch sent twice stores once; 1s is
 *   far below any backfill step (≥ 1 minute) and collection interval, so distinct samples are never
 *   merged. Tests must not write two different values of one series within the same second.
 * - search.disableCache: queries see samples written into the past at once (backfill), not a
 *   cached answer from before the write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VICTORIA_METRICS_BINARY = '/usr/bin/victoria-metrics';

export interface VictoriaMetricsOptions {
  retention?: string;
  dedupInterval?: string;
  binary?: string;
  readyTimeoutMs?: number;
}

export interface TestVictoriaMetrics {
  url: string;
  dataDir: string;
  /** Makes just-written samples searchable now. */
  forceFlush(): Promise<void>;
  /** Sum of one of VictoriaMetrics' own counters from /metrics (e.g. vm_rows_invalid_total). */
  selfMetric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function poll<T>(what: string, timeoutMs: number, intervalMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await attempt();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startVictoriaMetrics(options: VictoriaMetricsOptions = {}): Promise<TestVictoriaMetrics> {
  const binary = options.binary ?? VICTORIA_METRICS_BINARY;
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'apt-get install -y victoria-metrics' (pnpm test installs it)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'gcc-vm-'));
  // Another process may take the port between our probe and VictoriaMetrics' bind: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      binary,
      [
        `-storageDataPath=${dataDir}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        `-retentionPeriod=${options.retention ?? '100y'}`,
        `-dedup.minScrapeInterval=${options.dedupInterval ?? '1s'}`,
        '-search.latencyOffset=1s',
        '-search.disableCache',
        '-loggerLevel=ERROR',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const gone = exited(child).then(() => 'exited' as const);
    const ready = poll('VictoriaMetrics /health', options.readyTimeoutMs ?? 15_000, 25, async () => {
      if (child.exitCode !== null) return 'exited' as const;
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      return res.ok ? ('ready' as const) : undefined;
    });
    const state = await Promise.race([ready, gone]);
    if (state === 'ready') {
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited(child);
          clearTimeout(timer);
        }
        rmSync(dataDir, { recursive: true, force: true });
      };
      return {
        url,
        dataDir,
        stop,
        async forceFlush() {
          const res = await fetch(`${url}/internal/force_flush`);
          await res.body?.cancel();
          if (!res.ok) throw new Error(`force_flush answered ${res.status}`);
        },
        async selfMetric(name) {
          const text = await (await fetch(`${url}/metrics`)).text();
          let sum = 0;
          for (const line of text.split('\n')) {
            if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
          }
          return sum;
        },
      };
    }
    if (attempt >= 3 || !/address already in use/i.test(stderr)) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`VictoriaMetrics did not start: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    }
  }
}

export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

/** Polls an instant query until the predicate holds on its result; returns that result. */
export async function waitForQuery(
  url: string,
  query: string,
  predicate: (result: QueryResult[]) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; time?: number } = {},
): Promise<QueryResult[]> {
  const params = new URLSearchParams({ query });
  if (options.time !== undefined) params.set('time', String(options.time / 1000));
  let last: QueryResult[] = [];
  try {
    return await poll(`query ${query}`, options.timeoutMs ?? 20_000, options.intervalMs ?? 100, async () => {
      const res = await fetch(`${url}/api/v1/query?${params}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: QueryResult[] } };
      if (body.status !== 'success') throw new Error(body.error ?? `query answered ${res.status}`);
      last = body.data!.result;
      return predicate(last) ? last : undefined;
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last result: ${JSON.stringify(last).slice(0, 500)}`);
  }
}
