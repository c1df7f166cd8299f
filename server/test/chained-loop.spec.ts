import { describe, expect, it } from 'vitest';
import { createChainedLoop } from '../src/infra/loop/chained-loop.ts';

/** A run the test finishes by hand, so overlap would be visible. */
function gatedRuns() {
  const gates: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const run = () =>
    new Promise<number>((resolve) => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      gates.push(() => {
        active--;
        resolve(runs);
      });
    });
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setImmediate(r));
  };
  return { run, gates, until, get runs() { return runs; }, get maxActive() { return maxActive; } };
}

describe('chained loop', () => {
  it('never overlaps runs: a slow run delays the next instead of piling up', async () => {
    const g = gatedRuns();
    const loop = createChainedLoop({ intervalMs: 1, runOnStart: true, run: g.run });
    loop.start();
    await g.until(() => g.gates.length === 1);
    // Many intervals pass while the first run is still going; no second run starts.
    await new Promise((r) => setTimeout(r, 20));
    expect(g.runs).toBe(1);
    // runNow joins the run in progress rather than starting another.
    const joined = loop.runNow();
    g.gates.shift()!();
    expect(await joined).toBe(1);
    await g.until(() => g.gates.length === 1);
    expect(g.runs).toBe(2);
    const stopping = loop.stop();
    g.gates.shift()!();
    await stopping;
    await new Promise((r) => setTimeout(r, 20));
    expect(g.runs).toBe(2);
    expect(g.maxActive).toBe(1);
  });

  it('stop waits for the run in progress to finish', async () => {
    const g = gatedRuns();
    const loop = createChainedLoop({ intervalMs: 1000, runOnStart: true, run: g.run });
    loop.start();
    await g.until(() => g.gates.length === 1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    g.gates.shift()!();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('keeps going after a failed run and reports the error', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = createChainedLoop({
      intervalMs: 1,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('store down');
        return calls;
      },
      onError: (err) => errors.push(err),
    });
    expect(await loop.runNow()).toBeUndefined();
    expect(await loop.runNow()).toBe(2);
    expect(String(errors[0])).toContain('store down');
  });
});
