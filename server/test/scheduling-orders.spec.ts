/**
 * Scheduling orders on both stores: the lifecycle with its audit trail, bad input refused with a
 * code and nothing changed, concurrent approvals that cannot double-book, execution failures
 * rolled back, verification by the next collection (fixtures/scheduling-province.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequestContext, type RequestContext } from '../src/context.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import {
  approveOrder, executeOrder, proposeFromPlan, proposeOrder, rejectOrder, VERIFY_TIMEOUT_MS, verifyOrders, type Actor, type MoveInput,
} from '../src/modules/scheduling/orders-service.ts';
import { computePlan } from '../src/modules/scheduling/plan-service.ts';
import { loadPlanningInput } from '../src/modules/scheduling/planning-input.ts';
import type { QuotaDelta, QuotaExecutor, QuotaTarget } from '../src/modules/scheduling/quota-executor.ts';
import { FakeVm, writeSchedulingRegistry } from './fixtures/scheduling-province.ts';
import { STORES, type TestStore } from './stores.ts';

const ADMIN: Actor = { username: 'sheng-admin', role: 'PROVINCIAL_ADMIN' };
const ADMIN2: Actor = { username: 'sheng-admin-2', role: 'PROVINCIAL_ADMIN' };
const OPERATOR: Actor = { username: 'yunying', role: 'OPERATOR' };
const TRANSFER: MoveInput = { kind: 'quota-transfer', fromNodeId: 'city-shantou', toNodeId: 'city-shanwei', arch: 'x86', vcpu: 300 };

class RecordingExecutor implements QuotaExecutor {
  calls: { nodeId: string; vcpu: number }[] = [];
  failOn: string | null = null;
  async change(node: QuotaTarget, delta: QuotaDelta) {
    this.calls.push({ nodeId: node.id, vcpu: delta.vcpu });
    if (node.id === this.failOn) throw new Error(`simulated CMP refusal on ${node.id}`);
    return { cores: { before: 1000, after: 1000 + delta.vcpu }, ramMiB: { before: 0, after: 0 } };
  }
}

describe.each(STORES)('scheduling orders on $name', ({ create }) => {
  let store: TestStore;
  let db: Database;
  let vm: FakeVm;
  const ctx = (nowMs = Date.now()): RequestContext => createRequestContext(db, vm, nowMs);

  beforeEach(async () => {
    store = await create();
    db = await openDatabase(store.target);
    await writeSchedulingRegistry(db);
    vm = new FakeVm();
  });
  afterEach(async () => {
    await db?.close();
    await store?.cleanup();
  });

  it('goes proposed → approved → executing → done, verified by the next collection, every step audited', async () => {
    const exec = new RecordingExecutor();
    const order = await proposeOrder(ctx(), OPERATOR, TRANSFER);
    expect(order).toMatchObject({ status: 'PROPOSED', vcpu: 300, proposedBy: 'yunying', kind: 'QUOTA_TRANSFER' });
    expect((await approveOrder(ctx(), ADMIN, order.id)).status).toBe('APPROVED');
    const executing = await executeOrder(ctx(), OPERATOR, order.id, exec);
    expect(executing.status).toBe('EXECUTING');
    // Source first, then destination.
    expect(exec.calls).toEqual([{ nodeId: 'city-shantou', vcpu: -300 }, { nodeId: 'city-shanwei', vcpu: 300 }]);
    // No collection since execution: still executing.
    expect(await verifyOrders(ctx(), exec)).toEqual([]);
    // The next collection shows both ends moved (within a vCPU of drift).
    const t = Date.now() + 1000;
    vm.collect('city-shantou', 3300, t);
    vm.collect('city-shanwei', 1101, t);
    const [done] = await verifyOrders(ctx(t + 1000), exec);
    expect(done).toMatchObject({ status: 'DONE', reason: null });
    const events = await db.prisma.schedulingOrderEvent.findMany({ where: { orderId: order.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.from, e.to, e.actor])).toEqual([
      [null, 'PROPOSED', 'yunying'],
      ['PROPOSED', 'APPROVED', 'sheng-admin'],
      ['APPROVED', 'EXECUTING', 'yunying'],
      ['EXECUTING', 'DONE', 'verifier'],
    ]);
    expect(events.every((e) => e.at instanceof Date)).toBe(true);
    expect(events[3]!.note).toMatch(/verified by the collection at .*city-shantou: -300 vCPU \(expected -300\); city-shanwei: \+301 vCPU \(expected \+300\)/);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const cases: [MoveInput, string][] = [
      [{ ...TRANSFER, vcpu: 700 }, 'GCC_ERR_SCHED_INSUFFICIENT_FREE'], // 汕尾 x86 may take 1280 − 640 = 640
      [{ ...TRANSFER, toNodeId: 'city-nowhere' }, 'GCC_ERR_SCHED_UNKNOWN_NODE'],
      [{ ...TRANSFER, toNodeId: 'prd-foshan' }, 'GCC_ERR_SCHED_NODE_NOT_ELIGIBLE'],
      [{ ...TRANSFER, arch: 'kunpeng' }, 'GCC_ERR_SCHED_CROSS_POOL'], // 汕头 has no Kunpeng pool
      [{ ...TRANSFER, fromNodeId: 'city-zhanjiang' }, 'GCC_ERR_SCHED_NETWORK'], // west ↛ east
      [{ ...TRANSFER, vcpu: 0 }, 'GCC_ERR_SCHED_INPUT'],
      [{ kind: 'placement', toNodeId: 'city-shanwei', arch: 'x86', vcpu: 10, requestCode: 'NOPE' }, 'GCC_ERR_SCHED_NOT_FOUND'],
    ];
    for (const [move, code] of cases) await expect(proposeOrder(ctx(), ADMIN, move), code).rejects.toMatchObject({ code });
    await expect(proposeOrder(ctx(), { username: 'city', role: 'CITY_ADMIN' }, TRANSFER)).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_FORBIDDEN' });
    expect(await db.prisma.schedulingOrder.count()).toBe(0);
    expect(await db.prisma.schedulingOrderEvent.count()).toBe(0);
  });

  it('refuses approving twice, approving without the provincial role, executing before approval', async () => {
    const order = await proposeOrder(ctx(), ADMIN, TRANSFER);
    await expect(approveOrder(ctx(), OPERATOR, order.id)).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_FORBIDDEN' });
    await expect(executeOrder(ctx(), ADMIN, order.id, new RecordingExecutor())).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_TRANSITION' });
    await approveOrder(ctx(), ADMIN, order.id);
    await expect(approveOrder(ctx(), ADMIN2, order.id)).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_TRANSITION', message: expect.stringContaining('APPROVED by sheng-admin') });
    const row = await db.prisma.schedulingOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ status: 'APPROVED', approvedBy: 'sheng-admin' });
    expect(await db.prisma.schedulingOrderEvent.count({ where: { orderId: order.id } })).toBe(2);
    await expect(approveOrder(ctx(), ADMIN, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_NOT_FOUND' });
    expect((await rejectOrder(ctx(), ADMIN, order.id, 'capacity needed for the flood season')).status).toBe('REJECTED');
  });

  it('cannot double-book: of two concurrent approvals for the same free capacity one wins', async () => {
    // 汕尾 x86 has 640 vCPU of room; each order needs 400: each fits alone, not both.
    const a = await proposeOrder(ctx(), ADMIN, { ...TRANSFER, vcpu: 400 });
    const b = await proposeOrder(ctx(), ADMIN, { ...TRANSFER, fromNodeId: 'provincial', vcpu: 400 });
    const results = await Promise.allSettled([approveOrder(ctx(), ADMIN, a.id), approveOrder(ctx(), ADMIN2, b.id)]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toMatchObject({ code: 'GCC_ERR_SCHED_CAPACITY_BOOKED' });
    expect(await db.prisma.schedulingOrder.count({ where: { status: 'APPROVED' } })).toBe(1);
    expect(await db.prisma.schedulingOrder.count({ where: { status: 'PROPOSED' } })).toBe(1);
    // The same order approved by two people at once: exactly one approval, one event.
    const c = await proposeOrder(ctx(), ADMIN, { ...TRANSFER, vcpu: 100 });
    const twice = await Promise.allSettled([approveOrder(ctx(), ADMIN, c.id), approveOrder(ctx(), ADMIN2, c.id)]);
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(twice.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason).toMatchObject({ code: 'GCC_ERR_SCHED_TRANSITION' });
    expect(await db.prisma.schedulingOrderEvent.count({ where: { orderId: c.id, to: 'APPROVED' } })).toBe(1);
  });

  it('rolls back a half-done execution and one no collection confirms', async () => {
    const exec = new RecordingExecutor();
    exec.failOn = 'city-shanwei';
    const order = await proposeOrder(ctx(), ADMIN, TRANSFER);
    await approveOrder(ctx(), ADMIN, order.id);
    const rolled = await executeOrder(ctx(), ADMIN, order.id, exec);
    expect(rolled).toMatchObject({ status: 'ROLLED_BACK', reason: expect.stringContaining('simulated CMP refusal on city-shanwei') });
    expect(exec.calls).toEqual([{ nodeId: 'city-shantou', vcpu: -300 }, { nodeId: 'city-shanwei', vcpu: 300 }, { nodeId: 'city-shantou', vcpu: 300 }]);

    const exec2 = new RecordingExecutor();
    exec2.failOn = 'city-shantou';
    const o2 = await proposeOrder(ctx(), ADMIN, TRANSFER);
    await approveOrder(ctx(), ADMIN, o2.id);
    expect(await executeOrder(ctx(), ADMIN, o2.id, exec2)).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('nothing changed') });

    const exec3 = new RecordingExecutor();
    const o3 = await proposeOrder(ctx(), ADMIN, TRANSFER);
    await approveOrder(ctx(), ADMIN, o3.id);
    await executeOrder(ctx(), ADMIN, o3.id, exec3);
    // Collections come, but the CMP never shows the move.
    vm.collect('city-shantou', 3600, Date.now() + 1000);
    vm.collect('city-shanwei', 800, Date.now() + 1000);
    expect(await verifyOrders(ctx(Date.now() + 2000), exec3)).toEqual([]);
    const [late] = await verifyOrders(ctx(Date.now() + VERIFY_TIMEOUT_MS + 5000), exec3);
    expect(late).toMatchObject({ status: 'ROLLED_BACK', reason: expect.stringContaining('city-shantou: 0 vCPU (expected -300)') });
    expect(exec3.calls.slice(2)).toEqual([{ nodeId: 'city-shanwei', vcpu: -300 }, { nodeId: 'city-shantou', vcpu: 300 }]);
  });

  it('proposes moves of the computed plan by key, with their explanations', async () => {
    const plan = await computePlan(await loadPlanningInput(ctx()));
    expect(plan.moves.length).toBeGreaterThan(0);
    const move = plan.moves.find((m) => m.fromNodeId === 'city-shantou')!;
    expect(move.explanationZh).toContain('超过过载上限 85.0%');
    expect(move.explanationEn).toContain('above the 85.0% overload ceiling');
    const [order] = await proposeFromPlan(ctx(), ADMIN, [move.key]);
    expect(order).toMatchObject({ status: 'PROPOSED', vcpu: move.vcpu, explanationZh: move.explanationZh });
    await expect(proposeFromPlan(ctx(), ADMIN, ['quota-transfer:nowhere>else:'])).rejects.toMatchObject({ code: 'GCC_ERR_SCHED_NOT_FOUND' });
  });
});
