/**
 * Business-system inventory from the CMP kinds that can tell it (vSphere tags, the docking API's
 * systems), against the simulated CMPs; and the collector posting it to the server after a pull.
 */
import Fastify from 'fastify';
import { nodeDefinition } from '@gcc/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockingApiAdapter, VsphereAdapter, withInventoryPosting, type CollectContext, type CollectorNode } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { buildSimulatedCmps, runningSystems, simCmpEndpoint, simulateProvince, systemFootprints, type SimulatedCmps } from '../src/sim/index.ts';

const NOW = Date.parse('2026-11-25T06:30:00Z');
const province = simulateProvince(2019);
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
  cmps = await buildSimulatedCmps({ province, credentials: creds, now: () => NOW, nodeIds: ['prd-huizhou', 'prd-foshan'] });
  base = await cmps.listen(0, '127.0.0.1');
});
afterAll(() => cmps.close());

describe('inventory per kind', () => {
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
    server.post('/api/inventory/:nodeId', async (req, reply) => {
      received.push({ url: req.url, body: req.body as never });
      if (refuse) return reply.code(422).send({ code: 'GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS', message: 'node prd-foshan: 1 system code is not in the registry (X)' });
      return { systems: 1, becameOnCloud: [], placed: [], untouched: [] };
    });
    const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, info: () => {}, warn: (o: unknown) => warnings.push(o), child: () => logger } as unknown as CollectContext['logger'];
    const adapter = withInventoryPosting(new DockingApiAdapter(), { serverUrl });
    const snap = await adapter.collect(node('prd-foshan'), ctx({ logger }));
    expect(snap.dataCentres['foshan-dc1']!.vcpu.total).toBeGreaterThan(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe('/api/inventory/prd-foshan');
    expect(received[0]!.body.takenAt).toBe('2026-11-25T06:30:00.000Z');
    expect(received[0]!.body.systems.length).toBeGreaterThan(200);

    refuse = true;
    const still = await adapter.collect(node('prd-foshan'), ctx({ logger }));
    expect(still.dataCentres['foshan-dc1']!.vcpu.total).toBe(snap.dataCentres['foshan-dc1']!.vcpu.total);
    const err = (warnings[0] as { err: Error & { code: string } }).err;
    expect(err.code).toBe('GCC_ERR_INVENTORY_POST_FAILED');
    expect(err.message).toBe('node prd-foshan: the server refused the inventory (422): node prd-foshan: 1 system code is not in the registry (X)');
    await server.close();
  });
});
