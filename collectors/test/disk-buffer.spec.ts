/** The on-disk buffer on its own: order, durability across a reopen, torn records, the size bound, the lock. */
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDiskBuffer } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { capturedLogger } from './reliability-helpers.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gcc-buffer-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `gcc_test{i="${from + i}"} ${from + i} ${1_700_000_000_000 + (from + i) * 1000}`);

async function drainAll(buffer: Awaited<ReturnType<typeof openDiskBuffer>>): Promise<string[]> {
  const out: string[] = [];
  for (let seg = await buffer.oldest(); seg; seg = await buffer.oldest()) {
    out.push(...seg.lines);
    await buffer.remove(seg.name);
  }
  return out;
}

describe('disk buffer', () => {
  it('gives lines back in the order appended, across segments, and is empty afterwards', async () => {
    const buffer = await openDiskBuffer({ dir: tempDir(), logger: silentLogger, segmentBytes: 300 });
    for (let b = 0; b < 10; b++) expect(await buffer.append(lines(b * 3, 3))).toBe(true);
    expect(buffer.stats().segments).toBeGreaterThan(3);
    expect(await drainAll(buffer)).toEqual(lines(0, 30));
    expect(buffer.isEmpty()).toBe(true);
    expect(buffer.stats()).toMatchObject({ bytes: 0, segments: 0 });
    await buffer.close();
  });

  it('a new process replays what the previous one buffered, and numbers its own segments after them', async () => {
    const dir = tempDir();
    const first = await openDiskBuffer({ dir, logger: silentLogger });
    await first.append(lines(0, 5));
    await first.close();
    const second = await openDiskBuffer({ dir, logger: silentLogger });
    await second.append(lines(5, 5));
    expect(await drainAll(second)).toEqual(lines(0, 10));
    await second.close();
  });

  it('drops a torn record at the end of a segment (a crash mid-write) with a logged reason, keeps the ones before', async () => {
    const dir = tempDir();
    const first = await openDiskBuffer({ dir, logger: silentLogger });
    await first.append(lines(0, 4));
    await first.close();
    const [segment] = readdirSync(dir).filter((f) => f.startsWith('segment-'));
    appendFileSync(join(dir, segment!), '#gcc-batch 999 0123456789ab\ngcc_test{i="half"} 1');
    const { logger, lines: log } = capturedLogger();
    const second = await openDiskBuffer({ dir, logger });
    expect(await drainAll(second)).toEqual(lines(0, 4));
    expect(log.some((l) => l.includes('torn or corrupt record'))).toBe(true);
    await second.close();
  });

  it('refuses appends past its size, logs one clear error, counts what it dropped, takes appends again once drained', async () => {
    const { logger, lines: log } = capturedLogger();
    const buffer = await openDiskBuffer({ dir: tempDir(), logger, maxBytes: 1000 });
    let accepted = 0;
    for (let b = 0; b < 20; b++) if (await buffer.append(lines(b * 3, 3))) accepted++;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(20);
    expect(buffer.stats().bytes).toBeLessThanOrEqual(1000);
    expect(buffer.stats().droppedSamples).toBe((20 - accepted) * 3);
    const full = log.filter((l) => l.includes('disk buffer full'));
    expect(full).toHaveLength(1);
    expect(full[0]).toContain('GCC_ERR_COLLECTOR_BUFFER_FULL');
    expect(await drainAll(buffer)).toEqual(lines(0, accepted * 3));
    expect(await buffer.append(lines(100, 3))).toBe(true);
    await buffer.close();
  });

  it('belongs to one running collector at a time', async () => {
    const dir = tempDir();
    // The parent process (vitest's) is alive: its pid in LOCK means "taken".
    writeFileSync(join(dir, 'LOCK'), String(process.ppid));
    await expect(openDiskBuffer({ dir, logger: silentLogger })).rejects.toMatchObject({ code: 'GCC_ERR_COLLECTOR_BUFFER_LOCKED' });
    // A pid that is gone: the lock is stale and taken over.
    writeFileSync(join(dir, 'LOCK'), '999999999');
    const buffer = await openDiskBuffer({ dir, logger: silentLogger });
    await expect(openDiskBuffer({ dir, logger: silentLogger })).rejects.toMatchObject({ code: 'GCC_ERR_COLLECTOR_BUFFER_LOCKED' });
    await buffer.close();
  });
});
