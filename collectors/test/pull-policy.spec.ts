/**
 * Per-node pull policy: retries only what a retry can help, with backoff; a timeout that holds even
 * when the CMP never answers; a circuit breaker per node; and, end to end on the scheduled
 * collector, one hanging CMP does not delay the other nodes' samples (timestamps read back from
 * VictoriaMetrics).
 */
import { COLLECTOR_METRICS } from '@gcc/domain';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorError, createPullPolicy, createVmWriter, startCollector, type RunningCollector } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { credentialsFor, droppedRowsCounter, exportSeries, pollUntil, simNode, startSimCmp } from './reliability-helpers.ts';

const retryable = (node: string) => new CollectorError('GCC_ERR_CMP_HTTP', 'answered 503', { node, status: 503, retryable: true });

describe('pull policy (cockatiel)', () => {
  it('retries retryable failures with backoff, then succeeds', async () => {
    const policy = createPullPolicy({ node: 'n', retries: 3, backoffMs: 10 });
    const attempts: number[] = [];
    const result = await policy.execute(async (_signal, attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw retryable('n');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('never retries what a retry cannot help (bad credentials, malformed data)', async () => {
    const policy = createPullPolicy({ node: 'n', retries: 3, backoffMs: 10 });
    let calls = 0;
    const err = await policy
      .execute(async () => {
        calls++;
        throw new CollectorError('GCC_ERR_CMP_AUTH', 'refused', { node: 'n', status: 401 });
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GCC_ERR_CMP_AUTH', retryable: false });
    expect(calls).toBe(1);
  });

  it('times out an attempt that never settles, even when it ignores the signal', async () => {
    const policy = createPullPolicy({ node: 'n', attemptTimeoutMs: 100, retries: 1, backoffMs: 10 });
    const signals: AbortSignal[] = [];
    const started = performance.now();
    const err = await policy.execute((signal) => (signals.push(signal), new Promise<never>(() => undefined))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({ code: 'GCC_ERR_CMP_TIMEOUT', node: 'n', retryable: true });
    expect((err as Error).message).toMatch(/^node n: /);
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives a node that timed out more time, within a ceiling, and fits the time to its pulls again after success', async () => {
    // A CMP that answers only when given at least 400 ms (a large vCenter on a slow day) behind a
    // 100 ms timeout: each timed-out pull doubles the next one's time until one fits.
    const policy = createPullPolicy({ node: 'n', attemptTimeoutMs: 100, maxAttemptTimeoutMs: 1000, retries: 0 });
    const given: number[] = [];
    const needs400 = (_signal: AbortSignal, _attempt: number, timeoutMs: number) => {
      given.push(timeoutMs);
      return timeoutMs >= 400 ? Promise.resolve('ok') : new Promise<never>(() => undefined);
    };
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push(await policy.execute(needs400).then(String, (e: CollectorError) => e.code));
    expect(outcomes).toEqual(['GCC_ERR_CMP_TIMEOUT', 'GCC_ERR_CMP_TIMEOUT', 'ok']);
    expect(given).toEqual([100, 200, 400]);
    // The good pull took next to nothing: three times that is below the configured time, which is the floor.
    expect(policy.attemptTimeoutMs()).toBe(100);
    // Never beyond the ceiling, however often it times out.
    const hanging = createPullPolicy({ node: 'h', attemptTimeoutMs: 50, maxAttemptTimeoutMs: 120, retries: 0 });
    for (let i = 0; i < 3; i++) await hanging.execute(() => new Promise<never>(() => undefined)).catch(() => undefined);
    expect(hanging.attemptTimeoutMs()).toBe(120);
  });

  it('opens the breaker after consecutive failed pulls, skips without calling, lets a trial through later', async () => {
    const states: string[] = [];
    const policy = createPullPolicy({ node: 'n', retries: 0, breakAfter: 2, halfOpenAfterMs: 150, onStateChange: (s) => states.push(s) });
    let calls = 0;
    const failing = async () => {
      calls++;
      throw retryable('n');
    };
    await policy.execute(failing).catch(() => undefined);
    await policy.execute(failing).catch(() => undefined);
    expect(policy.circuit()).toBe('open');
    const skipped = await policy.execute(failing).catch((e: unknown) => e);
    expect(skipped).toMatchObject({ code: 'GCC_ERR_CMP_CIRCUIT_OPEN', node: 'n', retryable: true });
    expect(calls).toBe(2);
    // While open every call is refused at once; after halfOpenAfter one trial goes through and closes it.
    const trial = await pollUntil('a trial pull', 3000, async () => (await policy.execute(async () => 'ok').catch(() => undefined)));
    expect(trial).toBe('ok');
    expect(policy.circuit()).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });
});

describe('one hanging node never delays the others (scheduled collector, real VictoriaMetrics)', () => {
  let vm: TestVictoriaMetrics;
  let cmp: Awaited<ReturnType<typeof startSimCmp>>;
  let collector: RunningCollector | undefined;
  let dropped: () => Promise<number>;
  const ids = ['city-yangjiang', 'city-chaozhou', 'city-shanwei'];

  beforeAll(async () => {
    [vm, cmp] = await Promise.all([startVictoriaMetrics(), startSimCmp(ids, 'isolation-secret')]);
    dropped = droppedRowsCounter(vm);
  });
  afterAll(async () => {
    collector?.stop();
    await cmp?.app.close();
    await vm?.stop();
  });

  it('the other nodes are pulled every second while one CMP hangs; the hanging one times out and is counted', async () => {
    cmp.app.simFaults.set('city-yangjiang', { kind: 'timeout', services: ['compute'] });
    const nodes = ids.map((id) => simNode(id, cmp.base));
    const droppedBefore = await dropped();
    const hangMs = 6000;
    const start = Date.now();
    collector = startCollector(
      {
        config: { vmUrl: vm.url, intervalSeconds: 1, nodes },
        credentials: new Map(ids.map((id) => [id, credentialsFor('isolation-secret')])),
        logger: silentLogger,
        writer: createVmWriter({ vmUrl: vm.url }),
        timeoutMs: hangMs,
        policy: { retries: 0, deadlineMs: hangMs },
        jitterMs: 0,
      },
      true,
    );
    // Wait for 5 samples of each healthy node, read back from VictoriaMetrics.
    const healthy = ['city-chaozhou', 'city-shanwei'];
    const stamps = await pollUntil('5 pulls of each healthy node in VictoriaMetrics', 20_000, async () => {
      await vm.forceFlush();
      const lines = await exportSeries(vm.url, `gcc_node_vcpu{node=~"${healthy.join('|')}",measure="total"}`, start - 60_000, Date.now() + 60_000);
      const byNode = new Map(lines.map((l) => [l.metric.node!, [...l.timestamps].sort((a, b) => a - b)]));
      return healthy.every((id) => (byNode.get(id)?.length ?? 0) >= 5) ? byNode : undefined;
    });
    for (const id of healthy) {
      const t = stamps.get(id)!;
      // While the hanging node's first pull waits for its 6 s timeout, the others keep their 1 s rhythm
      // (a 2–3 s gap is a skipped tick on a loaded test machine, never the 6 s of the hang).
      expect(t.filter((x) => x < start + hangMs).length).toBeGreaterThanOrEqual(3);
      expect(t[0]! - start).toBeLessThan(3100);
      const gaps = t.slice(1).map((x, i) => x - t[i]!);
      expect(Math.max(...gaps)).toBeLessThan(3100);
      expect(Math.min(...gaps)).toBeGreaterThan(400);
    }
    await pollUntil('the hanging pull to time out', hangMs + 3000, async () => collector!.status().nodes.find((n) => n.node === 'city-yangjiang')!.lastPull ?? undefined);
    collector.stop();
    // Meanwhile the hanging node wrote no figures, and its failed pulls are counted as timeouts.
    const hung = collector.status().nodes.find((n) => n.node === 'city-yangjiang')!;
    expect(hung.lastSuccessMs).toBeNull();
    expect(hung.lastPull?.error).toMatchObject({ code: 'GCC_ERR_CMP_TIMEOUT', retryable: true });
    expect(hung.lastPull?.error?.message).toMatch(/^node city-yangjiang: /);
    await vm.forceFlush();
    expect(await exportSeries(vm.url, 'gcc_node_vcpu{node="city-yangjiang"}', start - 60_000, Date.now() + 60_000)).toEqual([]);
    const failures = await pollUntil('failures of the hanging node', 5000, async () => {
      await vm.forceFlush();
      const l = await exportSeries(vm.url, `${COLLECTOR_METRICS.pullFailures.name}{node="city-yangjiang"}`, start - 60_000, Date.now() + 60_000);
      return l[0] ? l[0] : undefined;
    });
    expect(Math.max(...failures.values)).toBeGreaterThanOrEqual(1);
    const circuit = await exportSeries(vm.url, `${COLLECTOR_METRICS.circuitState.name}{node="city-yangjiang"}`, start - 60_000, Date.now() + 60_000);
    expect(circuit[0]?.values.every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
    // Normal collection: VictoriaMetrics dropped no row silently.
    expect(await dropped()).toBe(droppedBefore);
  });
});
