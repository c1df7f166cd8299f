/**
 * Stopping the collector (SIGTERM, a restart) never throws away a pull it has taken: stop()
 * resolves only after the pull under way has finished and its samples are in VictoriaMetrics.
 */
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVmWriter, startCollector } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { credentialsFor, exportSeries, pollUntil, simNode, startSimCmp } from './reliability-helpers.ts';

describe('stopping the scheduled collector', () => {
  let vm: TestVictoriaMetrics;
  let cmp: Awaited<ReturnType<typeof startSimCmp>>;
  const id = 'city-yunfu';

  beforeAll(async () => {
    [vm, cmp] = await Promise.all([startVictoriaMetrics(), startSimCmp([id], 'stop-secret')]);
  });
  afterAll(async () => {
    await cmp?.app.close();
    await vm?.stop();
  });

  it('waits for the pull under way and its write', async () => {
    // Every CMP answer takes 1.5 s, so the first pull is surely under way when stop() is called.
    cmp.app.simFaults.set(id, { kind: 'slow', delayMs: 1500 });
    const start = Date.now();
    let requests = 0;
    const countingFetch: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const collector = startCollector(
      {
        config: { vmUrl: vm.url, intervalSeconds: 2, nodes: [simNode(id, cmp.base)] },
        credentials: new Map([[id, credentialsFor('stop-secret')]]),
        logger: silentLogger,
        writer: createVmWriter({ vmUrl: vm.url }),
        timeoutMs: 15_000,
        policy: { retries: 0, deadlineMs: 15_000 },
        jitterMs: 0,
        fetch: countingFetch,
      },
      true,
    );
    await pollUntil('the first pull to reach the CMP', 5000, async () => (requests > 0 ? true : undefined));
    expect(collector.status().nodes[0]!.lastPull).toBeNull();
    await collector.stop();
    // When stop() resolves the pull has finished, succeeded and written.
    const node = collector.status().nodes[0]!;
    expect(node.lastPull?.error ?? null).toBeNull();
    expect(node.lastSuccessMs).not.toBeNull();
    await vm.forceFlush();
    const lines = await exportSeries(vm.url, `gcc_node_vcpu{node="${id}",measure="total"}`, start - 60_000, Date.now() + 60_000);
    expect(lines.length).toBeGreaterThan(0);
  });
});
