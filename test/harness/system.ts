/**
 * The whole system as the README's start command brings it up (VictoriaMetrics, PGlite, simulated
 * CMPs, collector, server with the built console), on free ports and a temporary data directory,
 * for tests that check what a person sees. Expects web/dist to be built (scripts/test.sh does).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './victoria-metrics.ts';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningSystem {
  url: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Output of the start command. */
  startOutput: string;
  start(): Promise<string>;
  // Tests read answers by path; typing every answer would add nothing but casts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  /** Poll until every live node has a fresh sample (the collector's first cycle reached VictoriaMetrics). */
  waitUntilLive(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  backfillStep?: string;
  collectIntervalSeconds?: number;
  /** The server's stale threshold (GCC_STALE_AFTER_SECONDS); default: the plan's 15 minutes. */
  staleAfterSeconds?: number;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gcc-system-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GCC_DATA_DIR: dataDir,
    PORT: String(port),
    VM_PORT: String(await freePort()),
    SIM_CMP_PORT: String(await freePort()),
    GCC_SYSLOG_PORT: String(await freePort()),
    GCC_BACKFILL_STEP: options.backfillStep ?? '7d',
    COLLECT_INTERVAL_SECONDS: String(options.collectIntervalSeconds ?? 5),
    GCC_SKIP_INSTALL: '1',
    ...(options.staleAfterSeconds ? { GCC_STALE_AFTER_SECONDS: String(options.staleAfterSeconds) } : {}),
  };
  delete env.VM_URL;
  delete env.VM_WRITE_URL;
  delete env.DATABASE_URL;
  const url = `http://127.0.0.1:${port}`;

  const system: RunningSystem = {
    url,
    env,
    dataDir,
    startOutput: '',
    async start() {
      const r = await run('bash', ['scripts/start.sh'], { cwd: REPO_ROOT, env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
      system.startOutput = r.stdout;
      return r.stdout;
    },
    async graphql(query, variables) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json() as never;
    },
    async waitUntilLive(timeoutMs = 180_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await system.graphql('{ province { vcpu { total stale staleNodes } } }');
        const vcpu = r.data?.province?.vcpu;
        if (vcpu?.total > 0 && !vcpu.stale) return;
        if (Date.now() > until) throw new Error(`the province never became live: ${JSON.stringify(r)}`);
        await new Promise((res) => setTimeout(res, 500));
      }
    },
    async stop() {
      await run('bash', ['scripts/stop.sh'], { cwd: REPO_ROOT, env }).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await system.start();
  } catch (err) {
    // A start that failed half-way leaves processes behind: stop what did start.
    await system.stop();
    throw err;
  }
  return system;
}
