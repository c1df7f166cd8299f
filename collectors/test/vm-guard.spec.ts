/**
 * VictoriaMetrics answers 204 and drops rows silently (counted only in vm_rows_invalid_total /
 * vm_rows_ignored_total): the writer refuses those samples first, with a logged reason, so the
 * counters do not move; and deduplication stores a doubly-sent batch once.
 */
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVmWriter, parseRetention, type Sample } from '../src/index.ts';
import { capturedLogger, droppedRowsCounter, exportSeries, pollUntil } from './reliability-helpers.ts';

const DAY = 86_400_000;
let vm: TestVictoriaMetrics;
const counters = async () => ({ invalid: await vm.selfMetric('vm_rows_invalid_total'), ignored: await vm.selfMetric('vm_rows_ignored_total') });
let dropped: () => Promise<number>;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dropped = droppedRowsCounter(vm);
});
afterAll(() => vm?.stop());

describe('samples VictoriaMetrics would drop silently', () => {
  it('proof the counters see it: a sample 3 days ahead posted directly is dropped with 204', async () => {
    const before = await counters();
    const res = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: `gcc_guard_probe 1 ${Date.now() + 3 * DAY}\n` });
    expect(res.status).toBe(204);
    // The counter moves once the row reaches storage: poll, and force that with a flush.
    const after = await pollUntil('vm_rows_ignored_total to count the row', 10_000, async () => {
      await vm.forceFlush();
      const c = await counters();
      return c.ignored > before.ignored ? c : undefined;
    });
    expect(after.ignored).toBe(before.ignored + 1);
  });

  it('are refused before sending with a logged reason; the good ones land; the counters do not move', async () => {
    const before = await dropped();
    const { logger, lines } = capturedLogger();
    const now = Math.floor(Date.now() / 1000) * 1000;
    const writer = createVmWriter({ vmUrl: vm.url, logger, retentionMs: parseRetention('30d') });
    const s = (value: number, timestampMs: number, i: string): Sample => ({ name: 'gcc_guard_test', labels: { i }, value, timestampMs });
    const result = await writer.write([
      s(1, now - 60_000, 'good-1'),
      s(Number.NaN, now, 'nan'),
      s(Number.POSITIVE_INFINITY, now, 'inf'),
      s(2, now - 45 * DAY, 'too-old'),
      s(3, now + 3 * DAY, 'future'),
      s(4, now - 30_000, 'good-2'),
    ]);
    expect(result.samples).toBe(2);
    await vm.forceFlush();
    const stored = await exportSeries(vm.url, 'gcc_guard_test', now - 60 * DAY, now + 5 * DAY);
    expect(stored.map((l) => l.metric.i).sort()).toEqual(['good-1', 'good-2']);
    expect(await dropped()).toBe(before);
    const reasons = lines.filter((l) => l.includes('samples refused before sending')).map((l) => JSON.parse(l) as { reason: string; count: number });
    expect(reasons.map((r) => [r.reason, r.count]).sort()).toEqual([
      ['non-finite value', 2],
      ['timestamp in the future', 1],
      ['timestamp older than the retention', 1],
    ]);
  });

  it('deduplication: the same batch sent twice is stored once per interval', async () => {
    const before = await dropped();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
    const batch: Sample[] = Array.from({ length: 5 }, (_, k) => ({ name: 'gcc_dedup_test', labels: { node: 'city-yunfu' }, value: k, timestampMs: t0 + k * 10_000 }));
    const writer = createVmWriter({ vmUrl: vm.url });
    await writer.write(batch);
    await writer.write(batch);
    await vm.forceFlush();
    const stored = await exportSeries(vm.url, 'gcc_dedup_test', t0 - 60_000, t0 + 60_000);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.timestamps).toEqual(batch.map((b) => b.timestampMs));
    expect(stored[0]!.values).toEqual([0, 1, 2, 3, 4]);
    expect(await dropped()).toBe(before);
  });
});
