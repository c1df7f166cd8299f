/**
 * Business-system inventory from every CMP kind that can tell it (OpenStack tagged projects and
 * their servers, vSphere tags, openstack-exporter's per-project metrics, the docking API's
 * systems), against the simulated CMPs; and the collector posting it, with its token, after a pull.
 */
import Fastify from 'fastify';
import { nodeDefinition } from '@gcc/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockingApiAdapter, OpenStackAdapter, parseExposition, PrometheusAdapter, prometheusInventory, VsphereAdapter, withInventoryPosting, withInventoryPostingAll, type CmpAdapter, type CollectContext, type CollectorNode, type InventoryItem, type InventorySource } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { buildSimulatedCmps, runningSystems, simCmpEndpoint, simulateProvince, statusOn, systemFootprints, TEST_SIM_REFERENCE_DATE, type SimulatedCmps } from '../src/sim/index.ts';
import { pollUntil } from './reliability-helpers.ts';

const NOW = Date.parse('2026-11-25T06:30:00Z');
const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
const creds = { username: 'gcc-collector', password: 'inventory-secret' };
let cmps: SimulatedCmps;
let base: string;
const ctx = (over: Partial<CollectContext> = {}): CollectContext => ({ credentials: { ...creds, projectName: 'p', domainName: 'Default' }, logger: silentLogger, now: () => NOW, timeoutMs: 5000, ...over });
const node = (id: string): CollectorNode => {
  const def = nodeDefinition(id)!;
  const kind = province.nodes.find((n) => n.id === id)!.cmpKind;
  return { id, regionCode: def.regionCode, kind: def.kind, cmpKind: kind, endpoint: simCmpEndpoint(base, id, kind), credentialRef: 'X', simulated: true, dataCentres: def.dataCentres.map((d) => d.code) };
};

beforeAll(async () => {
  cmps = await buildSimulatedCmps({ province, credentials: creds, now: () => NOW, nodeIds: ['prd-huizhou', 'prd-foshan', 'city-heyuan', 'provincial', 'prd-dongguan'] });
  base = await cmps.listen(0, '127.0.0.1');
});
afterAll(() => cmps.close());

/** What the simulated registry says runs on a node: every running system's footprint, exactly. */
function expectFootprints(nodeId: string, systems: InventoryItem[]) {
  const want = systemFootprints(province, nodeId, NOW, (dc) => province.capacityAt(nodeId, dc, NOW));
  expect(want.length).toBeGreaterThan(100);
  expect(systems.map((s) => s.systemCode)).toEqual(want.map((f) => f.system.code).sort());
  const byCode = new Map(systems.map((s) => [s.systemCode, s]));
  for (const f of want) expect(byCode.get(f.system.code), f.system.code).toMatchObject({ vcpu: f.vcpu, memoryBytes: f.memoryBytes, storageBytes: f.storageBytes });
}

describe('inventory per kind', () => {
  it('OpenStack: projects tagged gcc-system=<code> (GET /v3/projects), their servers paged from /servers/detail?all_tenants=1 with flavors embedded (2.47+)', async () => {
    const requests: string[] = [];
    const spy: typeof fetch = (input, init) => (requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}${new URL(String(input)).search}`), fetch(input, init));
    const inv = await new OpenStackAdapter().collectInventory(node('provincial'), ctx({ fetch: spy }));
    expectFootprints('provincial', inv.systems);
    // Project ids are Keystone's; the untagged operators' projects and the projects of systems still MIGRATING (no servers yet) are not there.
    const projects = new Set(inv.systems.map((s) => s.projectId));
    expect([...projects].every((p) => /^[0-9a-f]{32}$/.test(p))).toBe(true);
    const migrating = province.systems.filter((s) => s.nodeId === 'provincial' && statusOn(s, '2026-11-25') === 'MIGRATING').map((s) => s.code);
    expect(migrating.length).toBeGreaterThan(0);
    expect(inv.systems.some((s) => migrating.includes(s.systemCode))).toBe(false);
    // About 6,000 servers: Nova's max_limit (1000) a page, every next link followed, flavors never looked up.
    const pages = requests.filter((r) => r.startsWith('GET /provincial/compute/v2.1/servers/detail'));
    expect(pages.length).toBeGreaterThan(4);
    expect(pages[0]).toBe('GET /provincial/compute/v2.1/servers/detail?all_tenants=1');
    expect(pages.slice(1).every((p) => /all_tenants=1&limit=1000&marker=[0-9a-f-]{36}$/.test(p))).toBe(true);
    expect(requests.filter((r) => r.includes('/flavors'))).toEqual([]);
    expect(requests.filter((r) => r.includes('/identity/v3/projects'))).toEqual(['GET /provincial/identity/v3/projects']);
  });

  it('OpenStack before microversion 2.47: flavor ids looked up in /flavors/detail?is_public=None (private flavors too)', async () => {
    const requests: string[] = [];
    // A Nova of Ocata (2.42): the adapter asks for "latest", the cloud answers with its newest.
    const ocata: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (headers.get('openstack-api-version') === 'compute latest') headers.set('openstack-api-version', 'compute 2.42');
      requests.push(new URL(String(input)).pathname + new URL(String(input)).search);
      return fetch(input, { ...init, headers });
    };
    const inv = await new OpenStackAdapter().collectInventory(node('city-heyuan'), ctx({ fetch: ocata }));
    expectFootprints('city-heyuan', inv.systems);
    expect(requests).toContain('/city-heyuan/compute/v2.1/flavors/detail?is_public=None');
  });

  it('Prometheus: openstack-exporter project_info tags joined with the slow nova/cinder limits per tenant_id', async () => {
    const inv = await new PrometheusAdapter().collectInventory(node('prd-dongguan'), ctx());
    expectFootprints('prd-dongguan', inv.systems);
    // Without the identity metrics, or with the slow ones disabled, there is no inventory, and it says why.
    expect(prometheusInventory(parseExposition('openstack_nova_limits_vcpus_used{tenant="a",tenant_id="1"} 4\n'))).toEqual({ systems: [], missing: expect.stringMatching(/^no openstack_identity_project_info series/) });
    const infoOnly = 'openstack_identity_project_info{id="1",name="a",tags="gcc-system=X,b"} 1\n';
    expect(prometheusInventory(parseExposition(infoOnly)).missing).toMatch(/--disable-slow-metrics/);
    const both = `${infoOnly}openstack_nova_limits_vcpus_used{tenant="a",tenant_id="1"} 4\nopenstack_nova_limits_memory_used{tenant="a",tenant_id="1"} 8192\n`;
    expect(prometheusInventory(parseExposition(both))).toEqual({ systems: [{ systemCode: 'X', projectId: '1', vcpu: 4, memoryBytes: 8192 * 1024 ** 2, storageBytes: 0 }], missing: null });
  });

  it('vSphere: VMs tagged gcc-system=<code>, summed per system, disks from VI/JSON config (cached)', async () => {
    const adapter = new VsphereAdapter();
    const n = node('prd-huizhou');
    const snap = await adapter.collect(n, ctx());
    const inv = await adapter.collectInventory(n, ctx());
    const running = new Set(runningSystems(province, 'prd-huizhou', NOW).map((s) => s.code));
    expect(inv.systems.length).toBeGreaterThan(50);
    expect(inv.systems.every((s) => running.has(s.systemCode) && s.projectId.startsWith('urn:vmomi:InventoryServiceTag:'))).toBe(true);
    const sum = (k: 'vcpu' | 'memoryBytes' | 'storageBytes') => inv.systems.reduce((a, s) => a + s[k], 0);
    const dc = snap.dataCentres['huizhou-dc1']!;
    // About 95% of the VMs carry a system tag; the rest are the platform's own.
    expect(sum('vcpu') / dc.vcpu.allocated).toBeGreaterThan(0.85);
    expect(sum('vcpu')).toBeLessThanOrEqual(dc.vcpu.allocated);
    expect(sum('memoryBytes')).toBeLessThanOrEqual(dc.memory.allocated);
    expect(sum('storageBytes') / dc.storage.allocated).toBeGreaterThan(0.85);

    const configs: string[] = [];
    const spy: typeof fetch = (input, init) => (String(input).includes('/config') && configs.push(String(input)), fetch(input, init));
    await adapter.collect(n, ctx({ fetch: spy }));
    const again = await adapter.collectInventory(n, ctx({ fetch: spy }));
    expect(configs).toEqual([]);
    expect(again).toEqual(inv);
  });

  it('docking API: every page of /v1/systems, in base units', async () => {
    const inv = await new DockingApiAdapter().collectInventory(node('prd-foshan'), ctx());
    const want = systemFootprints(province, 'prd-foshan', NOW, (dc) => province.capacityAt('prd-foshan', dc, NOW));
    expect(inv.systems).toHaveLength(want.length);
    expect(want.length).toBeGreaterThan(200);
    const byCode = new Map(inv.systems.map((s) => [s.systemCode, s]));
    for (const f of want) expect(byCode.get(f.system.code), f.system.code).toMatchObject({ vcpu: f.vcpu, memoryBytes: f.memoryBytes, storageBytes: f.storageBytes });
  });
});

describe('posting after each pull', () => {
  it('posts the inventory to /api/inventory/:nodeId; a refused post never fails the pull', async () => {
    const received: { url: string; body: { takenAt: string; systems: unknown[] } }[] = [];
    let refuse = false;
    const server = Fastify();
    const auth: (string | undefined)[] = [];
    server.post('/api/inventory/:nodeId', async (req, reply) => {
      received.push({ url: req.url, body: req.body as never });
      auth.push(req.headers.authorization);
      if (refuse) return reply.code(422).send({ code: 'GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS', message: 'node prd-foshan: 1 system code is not in the registry (X)' });
      return { systems: 1, becameOnCloud: [], placed: [], untouched: [] };
    });
    const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, info: () => {}, warn: (o: unknown) => warnings.push(o), child: () => logger } as unknown as CollectContext['logger'];
    let clock = NOW;
    const adapter = withInventoryPosting(new DockingApiAdapter(), { serverUrl, token: 'gcc_collector-token' });
    const snap = await adapter.collect(node('prd-foshan'), ctx({ logger, now: () => clock }));
    expect(snap.dataCentres['foshan-dc1']!.vcpu.total).toBeGreaterThan(0);
    // Beside the pull, not inside it: the pull has returned; the post follows.
    await adapter.idle();
    expect(received).toHaveLength(1);
    expect(auth).toEqual(['Bearer gcc_collector-token']);
    expect(received[0]!.url).toBe('/api/inventory/prd-foshan');
    expect(received[0]!.body.takenAt).toBe('2026-11-25T06:30:00.000Z');
    expect(received[0]!.body.systems.length).toBeGreaterThan(200);

    // Inventories change over days: the next pulls within 5 minutes post nothing.
    clock += 60_000;
    await adapter.collect(node('prd-foshan'), ctx({ logger, now: () => clock }));
    await adapter.idle();
    expect(received).toHaveLength(1);

    refuse = true;
    clock = NOW + 5 * 60_000;
    const still = await adapter.collect(node('prd-foshan'), ctx({ logger, now: () => clock }));
    expect(still.dataCentres['foshan-dc1']!.vcpu.total).toBe(snap.dataCentres['foshan-dc1']!.vcpu.total);
    const warning = await pollUntil('the refused post logged', 10_000, async () => warnings[0] as { err: Error & { code: string } } | undefined);
    expect(warning.err.code).toBe('GCC_ERR_INVENTORY_POST_FAILED');
    expect(warning.err.message).toBe('node prd-foshan: the server refused the inventory (422 GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS): node prd-foshan: 1 system code is not in the registry (X)');
    await server.close();
  });

  it('reads and posts at most two inventories at once across kinds; the others wait their turn', async () => {
    let inFlight = 0;
    let most = 0;
    const posted: string[] = [];
    const server = Fastify();
    server.post<{ Params: { nodeId: string } }>('/api/inventory/:nodeId', async (req) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      posted.push(req.params.nodeId);
      return { systems: 1, becameOnCloud: [], placed: [], untouched: [] };
    });
    const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const fake = (kind: 'openstack' | 'vsphere'): CmpAdapter & InventorySource => ({
      kind,
      collect: async (n) => ({ nodeId: n.id, takenAtMs: NOW, dataCentres: {} }),
      collectInventory: async (n) => ({ nodeId: n.id, takenAtMs: NOW, systems: [{ systemCode: 'S', projectId: 'p', vcpu: 1, memoryBytes: 0, storageBytes: 0 }] }),
    });
    const { adapters, idle } = withInventoryPostingAll({ openstack: fake('openstack'), vsphere: fake('vsphere') }, { serverUrl, token: 't' });
    const ids = ['a', 'b', 'c', 'd', 'e'];
    await Promise.all(ids.map((id, i) => adapters[i % 2 ? 'vsphere' : 'openstack']!.collect({ ...node('prd-foshan'), id }, ctx())));
    await idle();
    expect(posted.sort()).toEqual(ids);
    expect(most).toBe(2);
    await server.close();
  });
});
