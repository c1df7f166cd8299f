/**
 * VictoriaMetrics goes away (refusing connections, then too slow to answer) while the collector
 * keeps pulling: samples go to the disk buffer and are replayed in order when it returns. Counted
 * from /api/v1/export: every sample the collector produced is stored exactly once, and
 * VictoriaMetrics dropped nothing silently. A collector killed during an outage leaves its buffer
 * to the next process, which replays it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBufferedWriter, createVmWriter, openDiskBuffer, startCollector, type Sample, type VmWriter } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { credentialsFor, droppedRowsCounter, exportSeries, pollUntil, simNode, startSimCmp, startVmProxy } from './reliability-helpers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const PASSWORD = 'outage-secret';
const CYCLE_MS = 10_000;

let vm: TestVictoriaMetrics;
let proxy: Awaited<ReturnType<typeof startVmProxy>>;
let cmp: Awaited<ReturnType<typeof startSimCmp>>;
const dirs: string[] = [];
// The sim and the collector share one clock the test moves: one pull every 10 s of its time.
const base = Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000;
let clock = base;

let dropped: () => Promise<number>;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dropped = droppedRowsCounter(vm);
  [proxy, cmp] = await Promise.all([startVmProxy(vm.url), startSimCmp(['city-yangjiang', 'city-chaozhou', 'city-shanwei'], PASSWORD, () => clock)]);
});
afterAll(async () => {
  await proxy?.close();
  await cmp?.app.close();
  await vm?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('outage of VictoriaMetrics: buffered on disk, replayed in order, nothing lost, nothing twice', () => {
  it('8 pulls of 2 nodes: 2 direct, 2 while it stalls, 2 while it refuses, 2 after it returns', async () => {
    const droppedBefore = await dropped();
    const dir = mkdtempSync(join(tmpdir(), 'gcc-outage-'));
    dirs.push(dir);
    const now = () => clock;
    const inner = createVmWriter({ vmUrl: proxy.url, timeoutMs: 500, now });
    const buffered = createBufferedWriter({ inner, buffer: await openDiskBuffer({ dir, logger: silentLogger }), logger: silentLogger, now, backoffMs: 50, maxBackoffMs: 200 });
    const produced: Sample[] = [];
    const counting: VmWriter & Pick<typeof buffered, 'stats'> = {
      vmUrl: buffered.vmUrl,
      forceFlush: () => buffered.forceFlush(),
      stats: () => buffered.stats(),
      write: (s) => (produced.push(...s), buffered.write(s)),
    };
    const ids = ['city-yangjiang', 'city-chaozhou'];
    const collector = startCollector(
      { config: { vmUrl: proxy.url, intervalSeconds: 10, nodes: ids.map((id) => simNode(id, cmp.base)) }, credentials: new Map(ids.map((id) => [id, credentialsFor(PASSWORD)])), logger: silentLogger, writer: counting, now },
      false,
    );
    const modes = ['up', 'up', 'stall', 'stall', 'down', 'down', 'up', 'up'] as const;
    const bufferedDuring: number[] = [];
    for (const [k, mode] of modes.entries()) {
      await proxy.mode(mode);
      clock = base + k * CYCLE_MS;
      const outcomes = await collector.collectAll();
      // Buffering is not a failed pull: the figures are safe on disk.
      expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
      bufferedDuring.push(buffered.stats().bufferedSamples);
    }
    expect(bufferedDuring.slice(0, 2)).toEqual([0, 0]);
    // The first stalled write timed out and went to disk; from then on every pull queued behind it.
    expect(bufferedDuring.slice(2)).toEqual([34, 68, 102, 136, 170, 204]);
    expect(collector.status().buffer).toMatchObject({ dir });
    expect(await buffered.drained(15_000)).toBe(true);
    await buffered.close();
    await vm.forceFlush();

    const stored = await exportSeries(vm.url, `{node=~"${ids.join('|')}"}`, base - 60_000, base + 10 * CYCLE_MS);
    const count = stored.reduce((s, l) => s + l.timestamps.length, 0);
    const cycles = modes.map((_, k) => base + k * CYCLE_MS);
    // 12 resource samples (3 resources × total, allocated, used, physical) + 5 health series, per node and pull.
    expect(produced).toHaveLength(2 * 8 * 17);
    expect(count).toBe(produced.length);
    expect(stored).toHaveLength(2 * 17);
    for (const line of stored) expect([...line.timestamps].sort((a, b) => a - b)).toEqual(cycles);
    expect(buffered.stats()).toMatchObject({ replayedSamples: buffered.stats().bufferedSamples, expiredSamples: 0, bytes: 0 });
    expect(await dropped()).toBe(droppedBefore);
  });

  it('a collector killed during an outage: the next process replays its buffer, every sample once', async () => {
    const droppedBefore = await dropped();
    const dir = mkdtempSync(join(tmpdir(), 'gcc-restart-'));
    dirs.push(dir);
    await proxy.mode('down');
    const config = join(dir, 'collectors.json');
    // 2 s apart: two pulls never share VictoriaMetrics' 1 s dedup window, even when one runs late.
    writeFileSync(config, JSON.stringify({ vmUrl: proxy.url, intervalSeconds: 2, nodes: [simNode('city-shanwei', cmp.base)] }));
    const bufferDir = join(dir, 'buffer');
    const start = Date.now();
    const child = spawn(TSX, ['src/cli/collect.ts', '--config', config, '--buffer-dir', bufferDir], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', GCC_TEST_CMP_PASSWORD: PASSWORD },
      stdio: ['ignore', 'ignore', 'ignore'],
      // Its own process group: tsx runs the collector in a child process, and both must die at once.
      detached: true,
    });
    const records = () => {
      try {
        return readdirSync(bufferDir)
          .filter((f) => f.startsWith('segment-'))
          .map((f) => readFileSync(join(bufferDir, f), 'utf8'));
      } catch {
        return [];
      }
    };
    await pollUntil('3 pulls buffered by the child collector', 20_000, async () => (records().join('').split('#gcc-batch').length - 1 >= 3 ? true : undefined));
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    // The collector itself runs in tsx's child: wait until it is gone too (its pid is in LOCK).
    const owner = Number(readFileSync(join(bufferDir, 'LOCK'), 'utf8'));
    await pollUntil('the killed collector to be gone', 5000, async () => {
      try {
        process.kill(owner, 0);
        return undefined;
      } catch {
        return true;
      }
    });
    const lines = records()
      .join('')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));

    await proxy.mode('up');
    const next = createBufferedWriter({
      inner: createVmWriter({ vmUrl: proxy.url }),
      buffer: await openDiskBuffer({ dir: bufferDir, logger: silentLogger }),
      logger: silentLogger,
      backoffMs: 50,
    });
    expect(await next.drained(15_000)).toBe(true);
    expect(next.stats().replayedSamples).toBe(lines.length);
    await next.close();
    await vm.forceFlush();
    const stored = await exportSeries(vm.url, '{node="city-shanwei"}', start - 60_000, Date.now() + 60_000);
    const count = stored.reduce((s, l) => s + l.timestamps.length, 0);
    // At least three pulls' batches (a pull that failed on a loaded machine buffers only its health series).
    expect(lines.length).toBeGreaterThanOrEqual(3 * 4);
    expect(count).toBe(lines.length);
    for (const l of stored) expect(new Set(l.timestamps).size).toBe(l.timestamps.length);
    expect(await dropped()).toBe(droppedBefore);
  });
});
