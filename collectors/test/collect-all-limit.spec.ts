/**
 * collectAll (--once) pulls at most maxConcurrentPulls nodes at a time (bench/collectors.ts: 300
 * nodes all at once overran their attempt timeouts, were retried and held ~2,000 requests in flight).
 */
import { describe, expect, it } from 'vitest';
import { startCollector, type CmpAdapter, type CollectorNode, type NodeSnapshot, type VmWriter } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';

const GiB = 1024 ** 3;

function fakeProvince(count: number, pullMs: number) {
  let running = 0;
  let peak = 0;
  const adapter: CmpAdapter = {
    kind: 'openstack',
    async collect(node, ctx): Promise<NodeSnapshot> {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, pullMs));
      running -= 1;
      const f = (total: number) => ({ total, allocated: total / 2, used: total / 4 });
      return { nodeId: node.id, takenAtMs: ctx.now(), dataCentres: { dc1: { vcpu: f(100), memory: f(400 * GiB), storage: f(4000 * GiB) } } };
    },
  };
  const nodes: CollectorNode[] = Array.from({ length: count }, (_, i) => ({
    id: `node-${i}`, regionCode: '440200', kind: 'city', cmpKind: 'openstack', endpoint: `http://127.0.0.1:9/node-${i}`, credentialRef: 'X', simulated: true,
  }));
  const credentials = new Map(nodes.map((n) => [n.id, { username: 'u', password: 'p', projectName: 'p', domainName: 'Default' }]));
  let written = 0;
  const writer: VmWriter = { vmUrl: 'http://127.0.0.1:9', forceFlush: async () => undefined, write: async (s) => ({ samples: (written += [...s].length), batches: 1 }) };
  return { adapter, nodes, credentials, writer, peak: () => peak, written: () => written };
}

describe('collectAll', () => {
  it('pulls at most maxConcurrentPulls nodes at a time, and every node once', async () => {
    const p = fakeProvince(10, 20);
    const collector = startCollector({ config: { vmUrl: p.writer.vmUrl, intervalSeconds: 30, nodes: p.nodes }, credentials: p.credentials, logger: silentLogger, adapters: { openstack: p.adapter }, writer: p.writer, maxConcurrentPulls: 3 }, false);
    const outcomes = await collector.collectAll();
    expect(outcomes.map((o) => o.node)).toEqual(p.nodes.map((n) => n.id));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(p.peak()).toBe(3);
    expect(p.written()).toBeGreaterThan(0);
  });

  it('defaults to 32 at a time: a 22-node province is still pulled all at once', async () => {
    const p = fakeProvince(40, 20);
    const collector = startCollector({ config: { vmUrl: p.writer.vmUrl, intervalSeconds: 30, nodes: p.nodes }, credentials: p.credentials, logger: silentLogger, adapters: { openstack: p.adapter }, writer: p.writer }, false);
    expect((await collector.collectAll()).every((o) => o.ok)).toBe(true);
    expect(p.peak()).toBe(32);
  });
});
