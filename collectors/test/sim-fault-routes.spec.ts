/**
 * The simulator's fault control over HTTP (sim/fault-routes.ts): a running demo or a browser test
 * makes one node's simulated CMP fail, whatever its kind, and heals it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimulatedCmps, simulateProvince, TEST_SIM_REFERENCE_DATE, type SimulatedCmps } from '../src/sim/index.ts';

const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
let cmps: SimulatedCmps;
let base: string;

beforeAll(async () => {
  cmps = await buildSimulatedCmps({ province, nodeIds: ['city-shaoguan', 'prd-guangzhou'], credentials: { username: 'gcc-collector', password: 'faults-secret' } });
  base = await cmps.listen(0, '127.0.0.1');
});
afterAll(() => cmps.close());

const control = (method: string, nodeId: string, body?: unknown) =>
  fetch(`${base}/_sim/faults/${nodeId}`, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });

describe('POST /_sim/faults/:nodeId (simulation only)', () => {
  it('makes an OpenStack node answer 503 until the fault is deleted', async () => {
    const identity = () => fetch(`${base}/city-shaoguan/identity/v3`);
    expect((await identity()).status).toBe(200);
    const set = await control('POST', 'city-shaoguan', { kind: 'error', status: 503 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ simulated: true, nodeId: 'city-shaoguan', cmpKind: 'openstack', fault: { kind: 'error', status: 503 } });
    expect((await identity()).status).toBe(503);
    expect((await control('DELETE', 'city-shaoguan')).status).toBe(200);
    expect((await identity()).status).toBe(200);
  });

  it('reaches the fault table of the node’s own kind (vSphere)', async () => {
    expect((await control('POST', 'prd-guangzhou', { kind: 'error' })).status).toBe(200);
    expect(cmps.apps.vsphere.vsphereFaults.get('prd-guangzhou')).toEqual({ kind: 'error', status: 503 });
    expect((await fetch(`${base}/prd-guangzhou/vsphere/api/session`, { method: 'POST' })).status).toBe(503);
    await control('DELETE', 'prd-guangzhou');
    expect(cmps.apps.vsphere.vsphereFaults.get('prd-guangzhou')).toBeUndefined();
  });

  it('refuses bad faults, unknown nodes and other methods with a message', async () => {
    const bad = await control('POST', 'city-shaoguan', { kind: 'growth', factor: 2 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/not offered by the simulated OpenStack/);
    expect((await control('POST', 'city-shaoguan', { kind: 'error', status: 200 })).status).toBe(400);
    expect((await control('POST', 'city-shaoguan', 'not json')).status).toBe(400);
    expect((await control('POST', 'city-nowhere', { kind: 'error' })).status).toBe(404);
    expect((await control('PUT', 'city-shaoguan', { kind: 'error' })).status).toBe(405);
    expect(cmps.apps.openstack.simFaults.get('city-shaoguan', 'identity')).toBeUndefined();
  });
});
