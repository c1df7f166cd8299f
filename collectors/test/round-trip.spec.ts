/**
 * The OpenStack adapter against the simulated OpenStack over real HTTP: what the collector reads
 * back equals the simulation's capacityAt(now), within the rounding a CMP's units impose.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorError, OpenStackAdapter, type CollectContext, type CollectorNode } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { buildSimulatedOpenStack, simulateProvince, TEST_SIM_REFERENCE_DATE, withPhysical } from '../src/sim/index.ts';
import { nodeRatios } from '../src/sim/openstack/hypervisors.ts';

const NOW = Date.parse('2026-11-25T06:30:00Z');
const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
const creds = { username: 'gcc-collector', password: 'round-trip-secret' };
let app: FastifyInstance;
let base: string;

const ctx = (over: Partial<CollectContext> = {}): CollectContext => ({
  credentials: { ...creds, projectName: 'gcc-monitoring', domainName: 'Default' },
  logger: silentLogger,
  now: () => NOW,
  timeoutMs: 5000,
  ...over,
});

function collectorNode(id: string, regionCode: string, kind: CollectorNode['kind']): CollectorNode {
  return { id, regionCode, kind, cmpKind: 'openstack', endpoint: `${base}/${id}/identity/v3`, credentialRef: 'X', simulated: true, dataCentres: province.nodes.find((n) => n.id === id)!.dataCentres };
}

beforeAll(async () => {
  app = buildSimulatedOpenStack({ province, now: () => NOW, credentials: creds });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => app.close());

describe('OpenStack adapter ↔ simulated OpenStack', () => {
  it.each([
    ['city-shaoguan', '440200', 'city'],
    ['provincial', '440000', 'provincial'],
    ['prd-guangzhou', '440100', 'prd'],
  ] as const)('%s: collected figures equal capacityAt(now) per data centre', async (id, region, kind) => {
    const adapter = new OpenStackAdapter();
    const snap = await adapter.collect(collectorNode(id, region, kind), ctx());
    expect(snap.takenAtMs).toBe(NOW);
    const node = province.nodes.find((n) => n.id === id)!;
    expect(Object.keys(snap.dataCentres).sort()).toEqual([...node.dataCentres].sort());
    const ratios = nodeRatios(province.seed, id);
    for (const dc of node.dataCentres) {
      const want = withPhysical(province.capacityAt(id, dc, NOW), ratios);
      const got = snap.dataCentres[dc]!;
      // vCPU: whole physical CPUs × an integer ratio → within half a ratio of the exact figure.
      expect(Math.abs(got.vcpu.total - want.vcpu.total)).toBeLessThanOrEqual(ratios.vcpu / 2);
      // Memory: MiB per host × a float32 ratio, floored per host → relative error below 1e-5.
      expect(Math.abs(got.memory.total - want.memory.total) / want.memory.total).toBeLessThan(1e-5);
      expect(got.storage.total).toBe(want.storage.total);
      for (const r of ['vcpu', 'memory', 'storage'] as const) {
        expect(got[r].allocated, `${dc} ${r} allocated`).toBe(want[r].allocated);
        expect(got[r].physical, `${dc} ${r} physical`).toBe(want[r].physical);
      }
      expect(got.vcpu.used!).toBeCloseTo(want.vcpu.used!, 6);
      expect(got.memory.used).toBe(want.memory.used);
      expect(got.storage.used).toBe(want.storage.used);
    }
  });

  it('reports bad credentials as not retryable, 500s as retryable, hangs as timeouts, garbage as malformed', async () => {
    const node = collectorNode('city-heyuan', '441600', 'city');
    const bad = await new OpenStackAdapter().collect(node, ctx({ credentials: { ...ctx().credentials, password: 'nope' } })).catch((e) => e);
    expect(bad).toBeInstanceOf(CollectorError);
    expect(bad).toMatchObject({ code: 'GCC_ERR_CMP_AUTH', retryable: false, node: 'city-heyuan', status: 401 });
    expect(bad.message).not.toContain('nope');

    const cases = [
      [{ kind: 'error', status: 503, services: ['placement'] }, { code: 'GCC_ERR_CMP_HTTP', retryable: true, status: 503 }],
      [{ kind: 'timeout', services: ['compute'] }, { code: 'GCC_ERR_CMP_TIMEOUT', retryable: true }],
      [{ kind: 'malformed', services: ['compute'] }, { code: 'GCC_ERR_CMP_MALFORMED', retryable: false }],
    ] as const;
    for (const [fault, expected] of cases) {
      app.simFaults.set('city-heyuan', fault as never);
      const err = await new OpenStackAdapter().collect(node, ctx({ timeoutMs: 300 })).catch((e) => e);
      expect(err, fault.kind).toBeInstanceOf(CollectorError);
      expect(err, fault.kind).toMatchObject(expected);
      expect(err.message).toMatch(/^node city-heyuan: /);
    }
    app.simFaults.set('city-heyuan', null);
    const ok = await new OpenStackAdapter().collect(node, ctx());
    expect(ok.dataCentres['heyuan-dc1']!.vcpu.total).toBeGreaterThan(0);
  });

  it('authenticates again once when Keystone revokes the cached token', async () => {
    const adapter = new OpenStackAdapter();
    const node = collectorNode('city-yunfu', '445300', 'city');
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    await adapter.collect(node, ctx({ fetch: spy }));
    expect(seen.filter((s) => s.endsWith('/auth/tokens'))).toHaveLength(1);
    await adapter.collect(node, ctx({ fetch: spy }));
    expect(seen.filter((s) => s.endsWith('/auth/tokens'))).toHaveLength(1);
    app.simRevokeTokens();
    const snap = await adapter.collect(node, ctx({ fetch: spy }));
    expect(snap.dataCentres['yunfu-dc1']!.vcpu.total).toBeGreaterThan(0);
    expect(seen.filter((s) => s.endsWith('/auth/tokens'))).toHaveLength(2);
  });
});
