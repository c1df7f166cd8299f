import { describe, expect, it } from 'vitest';
import { scheduleNode, stableJitterMs } from '../src/index.ts';

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('scheduleNode', () => {
  it('runs every interval after its jitter, never two pulls of one node at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const s = scheduleNode({
      name: 'city-test',
      intervalSeconds: 1,
      jitterMs: 0,
      run: async () => {
        starts.push(Date.now());
        running++;
        maxRunning = Math.max(maxRunning, running);
        // Longer than the interval: the next tick must be skipped, not stacked.
        await new Promise((r) => setTimeout(r, 1200));
        running--;
      },
    });
    try {
      await until(() => starts.length >= 2, 5000);
    } finally {
      s.stop();
    }
    expect(maxRunning).toBe(1);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1150);
  });

  it('spreads nodes with a stable jitter inside the interval', () => {
    const a = stableJitterMs('city-shaoguan', 30);
    expect(stableJitterMs('city-shaoguan', 30)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(30_000);
    const all = new Set(['provincial', 'city-heyuan', 'prd-foshan', 'city-yunfu'].map((n) => stableJitterMs(n, 30)));
    expect(all.size).toBe(4);
  });
});
