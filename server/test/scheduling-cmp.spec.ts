/**
 * An order executed against the simulated OpenStack (Keystone project lookup, Nova os-quota-sets
 * GET/PUT) and verified by the next collection of that same simulated cloud through the OpenStack
 * adapter: the collected allocation moves by the order's vCPU.
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenStackAdapter, createLogger, type CollectorNode } from '@gcc/collectors';
import { buildSimulatedOpenStack, simulateProvince, TEST_SIM_REFERENCE_DATE } from '@gcc/collectors/sim';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestContext } from '../src/context.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { approveOrder, executeOrder, proposeOrder, verifyOrders, type Actor } from '../src/modules/scheduling/orders-service.ts';
import { cmpQuotaExecutor } from '../src/modules/scheduling/quota-executor.ts';
import { FakeVm, writeSchedulingRegistry } from './fixtures/scheduling-province.ts';

const ADMIN: Actor = { username: 'sheng-admin', role: 'PROVINCIAL_ADMIN' };
const NODES = ['city-shantou', 'city-shanwei'];
let cmp: FastifyInstance;
let db: Database;
let dir: string;
let base: string;
const vm = new FakeVm();
const adapter = new OpenStackAdapter();
const logger = createLogger({ level: 'silent' });
const credentials = { username: 'gcc-collector', password: 'sim-pw', projectName: 'gcc-monitoring', domainName: 'Default' };

/** One collection of a node: what the simulated CMP reports now, stamped `atMs`. */
async function collect(nodeId: string, atMs: number): Promise<{ total: number; allocated: number }> {
  const node: CollectorNode = { id: nodeId, regionCode: '', kind: 'city', cmpKind: 'openstack', endpoint: `${base}/${nodeId}/identity/v3`, credentialRef: 'X', simulated: true };
  const snap = await adapter.collect(node, { credentials, logger, now: () => atMs, timeoutMs: 5000 });
  const dcs = Object.values(snap.dataCentres);
  const figures = { total: dcs.reduce((s, d) => s + d.vcpu.total, 0), allocated: dcs.reduce((s, d) => s + d.vcpu.allocated, 0) };
  vm.collect(nodeId, figures.allocated, atMs, figures.total);
  return figures;
}

beforeAll(async () => {
  cmp = buildSimulatedOpenStack({ province: simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE }), nodeIds: NODES, credentials: { username: credentials.username, password: credentials.password } });
  await cmp.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(cmp.server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'gcc-sched-cmp-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeSchedulingRegistry(db, Object.fromEntries(NODES.map((id) => [id, `${base}/${id}/identity/v3`])));
  // The registry's pools for these two: one x86 pool each.
  await db.prisma.cpuPool.deleteMany({ where: { nodeId: { in: NODES } } });
  await db.prisma.cpuPool.createMany({ data: NODES.map((nodeId) => ({ nodeId, arch: 'X86' as const, share: 1 })) });
}, 60_000);

afterAll(async () => {
  await cmp?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('execution on the simulated OpenStack', () => {
  it('moves the Nova quota of the elastic project and the next collection shows it', async () => {
    const t0 = Date.now();
    const before = Object.fromEntries(await Promise.all(NODES.map(async (id) => [id, await collect(id, t0)] as const)));
    const executor = cmpQuotaExecutor({ GCC_TEST_CMP_PASSWORD: credentials.password, GCC_TEST_CMP_PASSWORD_USERNAME: credentials.username });
    const ctx = () => createRequestContext(db, vm, Date.now());
    const order = await proposeOrder(ctx(), ADMIN, { kind: 'quota-transfer', fromNodeId: 'city-shantou', toNodeId: 'city-shanwei', arch: 'x86', vcpu: 40 });
    await approveOrder(ctx(), ADMIN, order.id);
    const executing = await executeOrder(ctx(), ADMIN, order.id, executor);
    expect(executing.status).toBe('EXECUTING');

    // The next collection, a little later.
    const t1 = Date.now() + 1500;
    const after = Object.fromEntries(await Promise.all(NODES.map(async (id) => [id, await collect(id, t1)] as const)));
    expect(Math.abs(after['city-shantou']!.allocated - before['city-shantou']!.allocated + 40)).toBeLessThanOrEqual(1);
    expect(Math.abs(after['city-shanwei']!.allocated - before['city-shanwei']!.allocated - 40)).toBeLessThanOrEqual(1);
    const [done] = await verifyOrders(createRequestContext(db, vm, t1 + 1000), executor);
    expect(done).toMatchObject({ status: 'DONE' });
  });

  it('fails the order with the CMP\'s reason when the node refuses, nothing changed', async () => {
    const ctx = () => createRequestContext(db, vm, Date.now());
    const executor = cmpQuotaExecutor({ GCC_TEST_CMP_PASSWORD: 'wrong-password' });
    const order = await proposeOrder(ctx(), ADMIN, { kind: 'quota-transfer', fromNodeId: 'city-shantou', toNodeId: 'city-shanwei', arch: 'x86', vcpu: 20 });
    await approveOrder(ctx(), ADMIN, order.id);
    const failed = await executeOrder(ctx(), ADMIN, order.id, executor);
    expect(failed).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('refused the credentials') });
  });
});
