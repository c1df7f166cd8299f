/** The simulated OpenStack answers in the vendors' shapes, microversion by microversion. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimulatedOpenStack, simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';
import { fixture } from './fixtures.ts';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const credentials = { username: 'gcc-collector', password: 'sim-secret' };
const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
let app: FastifyInstance;
let token: string;

async function login(nodeId: string, password = credentials.password) {
  return app.inject({
    method: 'POST',
    url: `/${nodeId}/identity/v3/auth/tokens`,
    payload: { auth: { identity: { methods: ['password'], password: { user: { name: credentials.username, domain: { name: 'Default' }, password } } } } },
  });
}

const nova = (nodeId: string, path: string, version?: string, header = 'openstack-api-version') =>
  app.inject({
    url: `/${nodeId}/compute/v2.1/${path}`,
    headers: { 'x-auth-token': token, ...(version ? { [header]: header === 'openstack-api-version' ? `compute ${version}` : version } : {}) },
  });

const keys = (o: object) => Object.keys(o).sort();

beforeAll(async () => {
  app = buildSimulatedOpenStack({ province, nodeIds: ['provincial', 'city-shaoguan'], now: () => NOW, credentials });
  token = (await login('provincial')).headers['x-subject-token'] as string;
});
afterAll(() => app.close());

describe('simulated Keystone', () => {
  it('issues a token with a catalog of compute, placement and monitoring endpoints', async () => {
    const res = await login('city-shaoguan');
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-subject-token']).toMatch(/^gAAAA/);
    const types = res.json().token.catalog.map((s: { type: string }) => s.type);
    expect(types).toEqual(expect.arrayContaining(['identity', 'compute', 'placement', 'monitoring']));
    expect(res.json().token.expires_at).toBe('2026-11-25T09:00:00.000000Z');
  });

  it('refuses a wrong password with 401 in Keystone’s error shape, and a malformed body with 400', async () => {
    const res = await login('provincial', 'wrong');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
    const bad = await app.inject({ method: 'POST', url: '/provincial/identity/v3/auth/tokens', payload: { auth: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe(400);
  });

  it('rejects requests without a token, or with another node’s token', async () => {
    expect((await app.inject({ url: '/provincial/compute/v2.1/os-hypervisors/detail' })).statusCode).toBe(401);
    const other = (await login('city-shaoguan')).headers['x-subject-token'] as string;
    const res = await app.inject({ url: '/provincial/placement/resource_providers', headers: { 'x-auth-token': other } });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ url: '/prd-foshan/compute/v2.1/os-hypervisors' })).statusCode).toBe(404);
  });
});

describe('simulated Nova os-hypervisors', () => {
  it.each([
    ['2.1', 'hypervisors-detail-resp-v2.1.json'],
    ['2.28', 'hypervisors-detail-resp-v2.28.json'],
    ['2.53', 'hypervisors-detail-resp-v2.53.json'],
    ['2.88', 'hypervisors-detail-resp-v2.88.json'],
  ])('detail at %s has exactly the fields of Nova’s api sample', async (version, file) => {
    const res = await nova('provincial', 'os-hypervisors/detail', version);
    expect(res.statusCode).toBe(200);
    expect(res.headers['openstack-api-version']).toBe(`compute ${version}`);
    const sample = fixture<{ hypervisors: Record<string, unknown>[] }>(`openstack-nova/${file}`).hypervisors[0]!;
    const ours = res.json().hypervisors[0];
    expect(keys(ours)).toEqual(keys(sample));
    expect(keys(ours.service)).toEqual(keys(sample.service as object));
    for (const k of Object.keys(sample)) expect(typeof ours[k], k).toBe(sample[k] === null ? 'object' : typeof sample[k]);
  });

  it('answers the legacy X-OpenStack-Nova-API-Version header, and 406 beyond the maximum', async () => {
    const res = await nova('provincial', 'os-hypervisors/detail', '2.53', 'x-openstack-nova-api-version');
    expect(res.headers['x-openstack-nova-api-version']).toBe('2.53');
    expect(typeof res.json().hypervisors[0].id).toBe('string');
    expect((await nova('provincial', 'os-hypervisors/detail', '3.0')).statusCode).toBe(406);
    expect((await nova('provincial', 'os-hypervisors/detail', 'two')).statusCode).toBe(400);
  });

  it('pages with limit and marker from 2.33, with a next link on every full page', async () => {
    const all = (await nova('provincial', 'os-hypervisors/detail', '2.53')).json().hypervisors;
    expect(all.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let url = 'os-hypervisors/detail?limit=7';
    for (;;) {
      const body = (await nova('provincial', url, '2.53')).json();
      seen.push(...body.hypervisors.map((h: { id: string }) => h.id));
      const next = body.hypervisors_links?.find((l: { rel: string }) => l.rel === 'next');
      if (!next) break;
      expect(body.hypervisors).toHaveLength(7);
      url = `os-hypervisors/detail${new URL(next.href).search}`;
    }
    expect(seen).toEqual(all.map((h: { id: string }) => h.id));
    expect((await nova('provincial', 'os-hypervisors/detail?marker=nope', '2.53')).statusCode).toBe(400);
    // Before 2.33 there is no paging: everything, no links.
    const old = (await nova('provincial', 'os-hypervisors/detail?limit=2', '2.28')).json();
    expect(old.hypervisors.length).toBe(all.length);
    expect(old.hypervisors_links).toBeUndefined();
  });

  it('serves statistics in the sample’s shape before 2.88 and 404 from 2.88', async () => {
    const stats = (await nova('provincial', 'os-hypervisors/statistics', '2.53')).json();
    expect(keys(stats.hypervisor_statistics)).toEqual(keys(fixture<{ hypervisor_statistics: object }>('openstack-nova/hypervisors-statistics-resp-v2.1.json').hypervisor_statistics));
    const gone = await nova('provincial', 'os-hypervisors/statistics', '2.88');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().itemNotFound.code).toBe(404);
  });

  it('lists compute hosts by availability zone, one zone per data centre', async () => {
    const zones = (await nova('provincial', 'os-availability-zone/detail', '2.88')).json().availabilityZoneInfo;
    expect(zones.map((z: { zoneName: string }) => z.zoneName)).toEqual(['internal', 'mingmei', 'dongchong']);
  });
});

describe('simulated Placement', () => {
  const placement = (path: string) => app.inject({ url: `/city-shaoguan/placement/${path}`, headers: { 'x-auth-token': token, 'openstack-api-version': 'placement 1.14' } });

  beforeAll(async () => {
    token = (await login('city-shaoguan')).headers['x-subject-token'] as string;
  });

  it('lists providers, inventories and usages with the sample’s fields; ratios print as floats', async () => {
    const rps = (await placement('resource_providers')).json().resource_providers;
    const sampleRp = fixture<{ resource_providers: object[] }>('openstack-placement/get-resource_providers.json').resource_providers[0]!;
    expect(keys(rps[0])).toEqual(keys(sampleRp));
    const inv = await placement(`resource_providers/${rps[0].uuid}/inventories`);
    expect(inv.body).toMatch(/"allocation_ratio":(2|3|4)\.0[,}]/);
    const sampleInv = fixture<{ inventories: Record<string, object> }>('openstack-placement/get-inventories.json');
    expect(keys(inv.json())).toEqual(keys(sampleInv));
    for (const rc of ['VCPU', 'MEMORY_MB', 'DISK_GB']) expect(keys(inv.json().inventories[rc])).toEqual(keys(sampleInv.inventories[rc]!));
    const use = await placement(`resource_providers/${rps[0].uuid}/usages`);
    expect(keys(use.json())).toEqual(keys(fixture('openstack-placement/get-resource_provider_usages.json')));
    const missing = await placement('resource_providers/00000000-0000-4000-8000-000000000000/usages');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors[0]).toMatchObject({ status: 404, title: 'Not Found' });
  });
});

describe('fault controls', () => {
  it('makes one node fail with 500 or malformed bodies, then recover', async () => {
    app.simFaults.set('city-shaoguan', { kind: 'error', status: 500, services: ['compute'] });
    expect((await nova('city-shaoguan', 'os-hypervisors/detail')).statusCode).toBe(500);
    const ok = await app.inject({ url: '/provincial/compute/v2.1/os-hypervisors/detail', headers: { 'x-auth-token': (await login('provincial')).headers['x-subject-token'] as string } });
    expect(ok.statusCode).toBe(200);
    app.simFaults.set('city-shaoguan', { kind: 'malformed' });
    const res = await nova('city-shaoguan', 'os-hypervisors/detail');
    expect(res.statusCode).toBe(200);
    expect(() => JSON.parse(res.body)).toThrow();
    app.simFaults.set('city-shaoguan', null);
    expect((await login('city-shaoguan')).statusCode).toBe(201);
  });
});
