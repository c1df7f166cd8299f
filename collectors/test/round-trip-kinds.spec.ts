/**
 * Every CMP kind's adapter against its simulated counterpart, all behind the one simulated-CMP
 * server the demo runs (sim-cmp.ts): each node speaks its planned kind, and what the collector reads
 * back equals capacityAt(now) within the rounding the vendor's units impose.
 */
import { nodeDefinition, RESOURCES, type CmpKind } from '@gcc/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorError, defaultAdapters, type CollectContext, type CollectorNode } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { buildSimulatedCmps, simCmpEndpoint, simRatios, simulateProvince, TEST_SIM_REFERENCE_DATE, withPhysical, type SimulatedCmps } from '../src/sim/index.ts';

const NOW = Date.parse('2026-11-25T06:30:00Z');
const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
const creds = { username: 'gcc-collector', password: 'kinds-secret' };
let cmps: SimulatedCmps;
let base: string;

const ctx = (over: Partial<CollectContext> = {}): CollectContext => ({
  credentials: { ...creds, projectName: 'gcc-monitoring', domainName: 'Default' },
  logger: silentLogger,
  now: () => NOW,
  timeoutMs: 5000,
  ...over,
});

function collectorNode(id: string): CollectorNode {
  const def = nodeDefinition(id)!;
  const kind = province.nodes.find((n) => n.id === id)!.cmpKind;
  return { id, regionCode: def.regionCode, kind: def.kind, cmpKind: kind, endpoint: simCmpEndpoint(base, id, kind), credentialRef: 'X', simulated: true, dataCentres: def.dataCentres.map((d) => d.code) };
}

beforeAll(async () => {
  cmps = await buildSimulatedCmps({ province, credentials: creds, now: () => NOW });
  base = await cmps.listen(0, '127.0.0.1');
});
afterAll(() => cmps.close());

describe('the simulated province speaks each node’s planned CMP kind', () => {
  it('provincial and the 14 city nodes are OpenStack; the PRD clouds a mix of vSphere, Prometheus, docking API and OpenStack', () => {
    const kinds = (k: string) => province.nodes.filter((n) => n.id.startsWith(k)).map((n) => n.cmpKind);
    expect(new Set([...kinds('provincial'), ...kinds('city-')])).toEqual(new Set(['openstack']));
    expect(province.nodes.every((n) => n.cmpKind === n.plannedCmpKind)).toBe(true);
    expect(new Set(kinds('prd-'))).toEqual(new Set<CmpKind>(['vsphere', 'prometheus', 'docking-api', 'openstack']));
  });

  it('answers only in the node’s kind: another kind’s path is 404', async () => {
    const res = await fetch(`${base}/prd-guangzhou/identity/v3/auth/tokens`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const index = (await (await fetch(`${base}/`)).json()) as { nodes: { id: string; cmpKind: string; endpoint: string }[] };
    expect(index.nodes).toHaveLength(22);
    expect(index.nodes.find((n) => n.id === 'prd-dongguan')).toMatchObject({ cmpKind: 'prometheus', endpoint: `${base}/prd-dongguan/prometheus/federate` });
  });
});

describe('adapter ↔ simulated CMP round trip, per kind', () => {
  const adapters = defaultAdapters();
  it.each(['provincial', 'prd-zhuhai', 'prd-huizhou', 'prd-guangzhou', 'prd-dongguan', 'prd-foshan', 'prd-shenzhen'])('%s: collected figures equal capacityAt(now)', async (id) => {
    const node = collectorNode(id);
    const snap = await adapters[node.cmpKind]!.collect(node, ctx());
    expect(snap.takenAtMs).toBe(NOW);
    const sim = province.nodes.find((n) => n.id === id)!;
    expect(Object.keys(snap.dataCentres).sort()).toEqual([...sim.dataCentres].sort());
    const ratios = simRatios(province, id);
    for (const dc of sim.dataCentres) {
      const want = withPhysical(province.capacityAt(id, dc, NOW), ratios);
      const got = snap.dataCentres[dc]!;
      // vCPU total: whole physical cores × the ratio → within half a ratio.
      expect(Math.abs(got.vcpu.total - want.vcpu.total), `${id} vcpu total`).toBeLessThanOrEqual(ratios.vcpu / 2);
      // Memory total: per-host MiB × float32 ratios (OpenStack, Prometheus) → relative 1e-5; exact elsewhere.
      expect(Math.abs(got.memory.total - want.memory.total) / want.memory.total).toBeLessThan(1e-5);
      expect(got.storage.total).toBe(want.storage.total);
      for (const r of RESOURCES) {
        expect(got[r].allocated, `${id} ${r} allocated`).toBe(want[r].allocated);
        if (got[r].physical !== undefined) expect(Math.abs(got[r].physical! - want[r].physical!), `${id} ${r} physical`).toBeLessThanOrEqual(r === 'vcpu' ? 1 : 1024 ** 2);
      }
      expect(got.vcpu.used!).toBeCloseTo(want.vcpu.used!, 6);
      // vSphere reports host memory use in whole MB: half a MiB per host at most.
      expect(Math.abs(got.memory.used! - want.memory.used!)).toBeLessThanOrEqual(node.cmpKind === 'vsphere' ? 200 * 1024 ** 2 : 1);
      expect(Math.abs(got.storage.used! - want.storage.used!)).toBeLessThanOrEqual(1);
    }
  });
});

describe('faults: each kind fails with the node, the reason and whether a retry helps', () => {
  const adapters = defaultAdapters();
  const faultsOf = (kind: CmpKind) => (kind === 'vsphere' ? cmps.apps.vsphere.vsphereFaults : kind === 'prometheus' ? cmps.apps.prometheus.prometheusFaults : cmps.apps['docking-api'].dockingFaults);

  it.each(['prd-zhongshan', 'prd-dongguan', 'prd-shenzhen'])('%s: bad password, outage, hang, garbage, contract breach, growth', async (id) => {
    const node = collectorNode(id);
    const adapter = () => defaultAdapters()[node.cmpKind]!;
    const bad = await adapter().collect(node, ctx({ credentials: { ...ctx().credentials, password: 'nope-not-logged' } })).catch((e) => e);
    expect(bad).toBeInstanceOf(CollectorError);
    expect(bad).toMatchObject({ code: 'GCC_ERR_CMP_AUTH', retryable: false, node: id, status: 401 });
    expect(bad.message).not.toContain('nope-not-logged');

    const faults = faultsOf(node.cmpKind);
    const cases = [
      [{ kind: 'error', status: 503 }, { code: 'GCC_ERR_CMP_HTTP', retryable: true, status: 503 }],
      [{ kind: 'timeout' }, { code: 'GCC_ERR_CMP_TIMEOUT', retryable: true }],
      [{ kind: 'malformed' }, { code: 'GCC_ERR_CMP_MALFORMED', retryable: false }],
      [{ kind: 'invalid' }, { code: 'GCC_ERR_CMP_MALFORMED', retryable: false }],
    ] as const;
    for (const [fault, expected] of cases) {
      faults.set(id, fault);
      const err = await adapter().collect(node, ctx({ timeoutMs: 300 })).catch((e) => e);
      expect(err, fault.kind).toBeInstanceOf(CollectorError);
      expect(err, fault.kind).toMatchObject(expected);
      expect(err.message).toMatch(new RegExp(`^node ${id}: `));
    }
    faults.set(id, { kind: 'growth', factor: 1.5 });
    const grown = await adapters[node.cmpKind]!.collect(node, ctx());
    faults.set(id, null);
    const normal = await adapters[node.cmpKind]!.collect(node, ctx());
    const dc = node.dataCentres![0]!;
    expect(grown.dataCentres[dc]!.vcpu.total / normal.dataCentres[dc]!.vcpu.total).toBeCloseTo(1.5, 2);
    expect(grown.dataCentres[dc]!.memory.allocated / normal.dataCentres[dc]!.memory.allocated).toBeCloseTo(1.5, 2);
  });

  it('names the field that breaks the contract', async () => {
    const node = collectorNode('prd-foshan');
    cmps.apps['docking-api'].dockingFaults.set('prd-foshan', { kind: 'invalid' });
    const err = await defaultAdapters()['docking-api']!.collect(node, ctx()).catch((e) => e);
    cmps.apps['docking-api'].dockingFaults.set('prd-foshan', null);
    expect(err.message).toMatch(/^node prd-foshan: GET \/prd-foshan\/docking\/v1\/capacity does not follow docking API v1 \(Capacity\): dataCentres\[0\]\.vcpu\.total must be >= 0 \(got -\d+\)$/);

    const prom = collectorNode('prd-dongguan');
    cmps.apps.prometheus.prometheusFaults.set('prd-dongguan', { kind: 'invalid' });
    const perr = await defaultAdapters().prometheus!.collect(prom, ctx()).catch((e) => e);
    cmps.apps.prometheus.prometheusFaults.set('prd-dongguan', null);
    expect(perr.message).toMatch(/openstack_placement_resource_allocation_ratio\{hostname="[^"]+",resourcetype="VCPU"\} is missing/);

    const vs = collectorNode('prd-huizhou');
    cmps.apps.vsphere.vsphereFaults.set('prd-huizhou', { kind: 'invalid' });
    const verr = await defaultAdapters().vsphere!.collect(vs, ctx()).catch((e) => e);
    cmps.apps.vsphere.vsphereFaults.set('prd-huizhou', null);
    expect(verr.message).toMatch(/HostSystem\/host-\d+\/summary is not in the vSphere API's shape \(hardware\.memorySize: /);
  });

  it('logs in again once when a session or token is dropped', async () => {
    for (const id of ['prd-huizhou', 'prd-foshan']) {
      const node = collectorNode(id);
      const adapter = defaultAdapters()[node.cmpKind]!;
      const logins: string[] = [];
      const spy: typeof fetch = (input, init) => {
        const p = new URL(String(input)).pathname;
        if (p.endsWith('/api/session') || p.endsWith('/oauth/token')) logins.push(p);
        return fetch(input, init);
      };
      await adapter.collect(node, ctx({ fetch: spy }));
      await adapter.collect(node, ctx({ fetch: spy }));
      expect(logins, id).toHaveLength(1);
      cmps.apps.vsphere.vsphereExpireSessions();
      cmps.apps['docking-api'].dockingRevokeTokens();
      const snap = await adapter.collect(node, ctx({ fetch: spy }));
      expect(snap.dataCentres[node.dataCentres![0]!]!.vcpu.total).toBeGreaterThan(0);
      expect(logins, id).toHaveLength(2);
    }
  });
});
