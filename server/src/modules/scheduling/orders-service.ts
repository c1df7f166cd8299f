/**
 * Scheduling orders through their lifecycle, every step audited (SchedulingOrderEvent: who, when):
 *
 *   PROPOSED ──approve (provincial admin)──▶ APPROVED ──execute──▶ EXECUTING ──next collection agrees──▶ DONE
 *      │                                        │                    │
 *      └──reject──▶ REJECTED ◀──reject──────────┘                    ├─ CMP refused ─▶ FAILED (nothing changed)
 *                                                                    └─ half done / collection disagrees ─▶ ROLLED_BACK
 *
 * Double booking. Approval books the destination's free capacity and the source's allocation.
 * Two approvals racing for the same capacity must not both pass: each runs in one transaction that
 * first locks the order row, then the rows of both nodes (SELECT … FOR UPDATE, in id order so two
 * approvals never wait on each other crosswise), and only then sums what approved and executing
 * orders already book. The second approver waits on the node rows until the first commits; its
 * sum then includes the first booking (READ COMMITTED re-reads per statement), and it fails with
 * GCC_ERR_SCHED_CAPACITY_BOOKED. The same lock on the order row turns "approve twice" into
 * GCC_ERR_SCHED_TRANSITION. On PGlite (one connection) transactions run one at a time anyway.
 */
import { randomBytes } from 'node:crypto';
import { moveProblem, poolHeadroom, poolKey, SCHEDULING_STEP_ROLES, type CpuArch, type MoveProblem, type PlanningPool, type SchedulingStep } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError, type ErrorCode } from '../../errors.ts';
import type { Prisma, SchedulingOrder } from '../../generated/prisma/client.ts';
import type { SchedulingOrderStatus } from '../../generated/prisma/enums.ts';
import { computePlan, type PlanMove } from './plan-service.ts';
import { loadPlanningInput, toProblem } from './planning-input.ts';
import { ARCH_TO_DB, ARCH_FROM_DB } from './pools.ts';
import type { QuotaExecutor } from './quota-executor.ts';

export interface Actor {
  username: string;
  role: string | null;
}

const KINDS = { 'quota-transfer': 'QUOTA_TRANSFER', placement: 'PLACEMENT', migration: 'MIGRATION' } as const;
const BOOKING: SchedulingOrderStatus[] = ['APPROVED', 'EXECUTING'];

const PROBLEM_CODES: Record<MoveProblem, ErrorCode> = {
  'not-eligible': 'GCC_ERR_SCHED_NODE_NOT_ELIGIBLE',
  'cross-pool': 'GCC_ERR_SCHED_CROSS_POOL',
  network: 'GCC_ERR_SCHED_NETWORK',
  residency: 'GCC_ERR_SCHED_RESIDENCY',
  'insufficient-free': 'GCC_ERR_SCHED_INSUFFICIENT_FREE',
  'insufficient-source': 'GCC_ERR_SCHED_INSUFFICIENT_SOURCE',
  'same-pool': 'GCC_ERR_SCHED_INPUT',
  'not-positive': 'GCC_ERR_SCHED_INPUT',
};

function requireRole(actor: Actor, step: SchedulingStep): void {
  const roles: readonly string[] = SCHEDULING_STEP_ROLES[step];
  if (!actor.role || !roles.includes(actor.role)) {
    throw new GccError('GCC_ERR_SCHED_FORBIDDEN', `${actor.username} (${actor.role ?? 'no role'}) may not ${step} a scheduling order: that needs ${roles.join(' or ')}`);
  }
}

export interface MoveInput {
  kind: 'quota-transfer' | 'placement' | 'migration';
  fromNodeId?: string | null;
  toNodeId: string;
  arch: CpuArch;
  vcpu: number;
  requestCode?: string | null;
  systemCode?: string | null;
  explanationZh?: string | null;
  explanationEn?: string | null;
}

interface Booked {
  in: number;
  out: number;
}

/** What approved and executing orders book on a pool (as destination and as source). */
async function bookedOn(tx: Prisma.TransactionClient, nodeId: string, arch: CpuArch, exceptId?: string): Promise<Booked> {
  const where = { status: { in: BOOKING }, arch: ARCH_TO_DB[arch], ...(exceptId ? { id: { not: exceptId } } : {}) };
  const [inAgg, outAgg] = await Promise.all([
    tx.schedulingOrder.aggregate({ _sum: { vcpu: true }, where: { ...where, toNodeId: nodeId } }),
    tx.schedulingOrder.aggregate({ _sum: { vcpu: true }, where: { ...where, fromNodeId: nodeId } }),
  ]);
  return { in: inAgg._sum.vcpu ?? 0, out: outAgg._sum.vcpu ?? 0 };
}

interface Checked {
  from: PlanningPool | null;
  to: PlanningPool;
  memoryBytes: number;
  requestId: string | null;
  residency: string | null;
}

/** Validates a move against the current pools; throws the coded error for the first broken rule. */
async function checkMove(ctx: RequestContext, move: MoveInput, booked?: { to: Booked; from: Booked }, db: Prisma.TransactionClient = ctx.db.prisma): Promise<Checked> {
  const input = await loadPlanningInput(ctx);
  const problem = toProblem(input);
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const name = (id: string | null | undefined) => (id ? nodes.get(id) : undefined);
  if (!name(move.toNodeId)) throw new GccError('GCC_ERR_SCHED_UNKNOWN_NODE', `no node "${move.toNodeId}" in the registry`);
  if (move.kind !== 'placement' && !move.fromNodeId) throw new GccError('GCC_ERR_SCHED_INPUT', `a ${move.kind} needs a source node (fromNodeId)`);
  if (move.fromNodeId && !name(move.fromNodeId)) throw new GccError('GCC_ERR_SCHED_UNKNOWN_NODE', `no node "${move.fromNodeId}" in the registry`);
  const pools = new Map(problem.pools.map((p) => [p.key, p]));
  const poolOf = (nodeId: string) => {
    const p = pools.get(poolKey(nodeId, move.arch));
    if (!p) {
      const has = problem.pools.filter((x) => x.nodeId === nodeId).map((x) => x.arch).join(', ');
      throw new GccError('GCC_ERR_SCHED_CROSS_POOL', `node ${nodeId} has no ${move.arch} pool (it has ${has || 'none'}): capacity moves only within one CPU architecture`);
    }
    return p;
  };
  const to = poolOf(move.toNodeId);
  const from = move.fromNodeId ? poolOf(move.fromNodeId) : null;

  let requestId: string | null = null;
  let residency: string | null = null;
  let memoryBytes = Math.round((move.vcpu * (input.memoryPerVcpu.get(from?.nodeId ?? to.nodeId) ?? 4 * 1024 ** 3)) / 1024 ** 3) * 1024 ** 3;
  if (move.kind === 'placement') {
    const request = move.requestCode ? await db.resourceRequest.findUnique({ where: { code: move.requestCode } }) : null;
    if (!request || request.status !== 'PENDING') throw new GccError('GCC_ERR_SCHED_NOT_FOUND', `no pending resource request "${move.requestCode ?? ''}"`);
    if (request.vcpu !== move.vcpu) throw new GccError('GCC_ERR_SCHED_INPUT', `request ${request.code} asks for ${request.vcpu} vCPU, not ${move.vcpu}`);
    if (ARCH_FROM_DB[request.arch] !== move.arch) throw new GccError('GCC_ERR_SCHED_CROSS_POOL', `request ${request.code} is for the ${ARCH_FROM_DB[request.arch]} architecture, not ${move.arch}`);
    requestId = request.id;
    residency = request.dataResidency ? request.regionCode : null;
    memoryBytes = request.memoryBytes;
  }
  if (move.kind === 'migration') {
    const w = move.systemCode ? await db.schedulingWorkload.findUnique({ where: { systemCode: move.systemCode } }) : null;
    if (!w) throw new GccError('GCC_ERR_SCHED_NOT_FOUND', `no known workload of business system "${move.systemCode ?? ''}"`);
    if (w.nodeId !== move.fromNodeId) throw new GccError('GCC_ERR_SCHED_INPUT', `system ${w.systemCode} runs on ${w.nodeId}, not ${move.fromNodeId}`);
    if (w.vcpu !== move.vcpu) throw new GccError('GCC_ERR_SCHED_INPUT', `system ${w.systemCode} holds ${w.vcpu} vCPU, not ${move.vcpu}`);
    residency = w.dataResidency ? w.regionCode : null;
    memoryBytes = w.memoryBytes;
  }
  const problemFound = moveProblem(problem, move, from, to, { residencyRegion: residency, booked: booked ? { in: booked.to.in, out: booked.from.out } : undefined });
  if (problemFound) {
    const code = PROBLEM_CODES[problemFound];
    const toN = name(to.nodeId)!;
    const fromN = from ? name(from.nodeId)! : null;
    const why: Record<MoveProblem, string> = {
      'not-eligible': [to, from].filter((p): p is PlanningPool => !!p && !p.eligible).map((p) => `${p.nodeId}: ${p.ineligibleEn ?? 'not in the elastic pool'}`).join('; '),
      'cross-pool': `the pools are of different CPU architectures`,
      network: `${fromN?.id} (${from?.networkRegion}) and ${toN.id} (${to.networkRegion}) are in government-network regions that do not reach each other`,
      residency: `the data must stay in city ${residency}; ${toN.id} is in ${to.regionCode}`,
      'insufficient-free': `${toN.id} ${move.arch} has ${poolHeadroom(to, problem.policy)} vCPU free outside the emergency reserve${booked?.to.in ? `, of which ${booked.to.in} are booked by approved orders` : ''}; the move needs ${move.vcpu}`,
      'insufficient-source': `${fromN?.id} ${move.arch} holds ${from?.allocated ?? 0} vCPU${booked?.from.out ? ` (${booked.from.out} already booked to leave)` : ''}; the move takes ${move.vcpu}`,
      'same-pool': 'source and destination are the same pool',
      'not-positive': `the amount must be a whole number of vCPU above 0 (got ${move.vcpu})`,
    };
    // Free capacity that only approved orders have taken is a booking conflict, not a shortage.
    const bookedConflict = booked && (problemFound === 'insufficient-free' || problemFound === 'insufficient-source') &&
      !moveProblem(problem, move, from, to, { residencyRegion: residency });
    throw new GccError(bookedConflict ? 'GCC_ERR_SCHED_CAPACITY_BOOKED' : code, `${move.kind} of ${move.vcpu} vCPU ${fromN ? `${fromN.id} → ` : ''}${toN.id}: ${why[problemFound]}; nothing was changed`);
  }
  return { from, to, memoryBytes, requestId, residency };
}

const orderCode = (atMs: number) => `SO-${new Date(atMs).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;

async function createOrder(tx: Prisma.TransactionClient, ctx: RequestContext, actor: Actor, move: MoveInput, checked: Checked, figures: unknown): Promise<SchedulingOrder> {
  const zh = move.explanationZh ?? `人工提出：${move.kind} ${move.vcpu} vCPU（${move.arch}）${move.fromNodeId ? `${move.fromNodeId} → ` : ''}${move.toNodeId}`;
  const en = move.explanationEn ?? `Proposed by hand: ${move.kind} of ${move.vcpu} vCPU (${move.arch}) ${move.fromNodeId ? `${move.fromNodeId} → ` : ''}${move.toNodeId}`;
  const order = await tx.schedulingOrder.create({
    data: {
      code: orderCode(ctx.nowMs), kind: KINDS[move.kind], fromNodeId: move.fromNodeId ?? null, toNodeId: move.toNodeId, arch: ARCH_TO_DB[move.arch], vcpu: move.vcpu,
      memoryBytes: checked.memoryBytes, requestId: checked.requestId, systemCode: move.systemCode ?? null, explanationZh: zh, explanationEn: en,
      figures: figures as never, proposedBy: actor.username, proposedAt: new Date(ctx.nowMs),
    },
  });
  await tx.schedulingOrderEvent.create({ data: { orderId: order.id, actor: actor.username, to: 'PROPOSED', at: new Date(ctx.nowMs), note: en } });
  return order;
}

export async function proposeOrder(ctx: RequestContext, actor: Actor, move: MoveInput): Promise<SchedulingOrder> {
  requireRole(actor, 'propose');
  const checked = await checkMove(ctx, move);
  const figures = { from: checked.from && { nodeId: checked.from.nodeId, total: checked.from.total, allocated: checked.from.allocated }, to: { nodeId: checked.to.nodeId, total: checked.to.total, allocated: checked.to.allocated } };
  return ctx.db.prisma.$transaction((tx) => createOrder(tx, ctx, actor, move, checked, figures));
}

/** Proposes moves of the current plan by their keys, all or none. */
export async function proposeFromPlan(ctx: RequestContext, actor: Actor, keys: string[]): Promise<SchedulingOrder[]> {
  requireRole(actor, 'propose');
  if (!keys.length) throw new GccError('GCC_ERR_SCHED_INPUT', 'name at least one move of the plan');
  const plan = await computePlan(await loadPlanningInput(ctx));
  const byKey = new Map(plan.moves.map((m) => [m.key, m]));
  const missing = keys.filter((k) => !byKey.has(k));
  if (missing.length) throw new GccError('GCC_ERR_SCHED_NOT_FOUND', `the current plan has no move ${missing.join(', ')} (the plan changes with each collection: reload it)`);
  const moves = keys.map((k) => byKey.get(k)!);
  const checked = await Promise.all(moves.map((m) => checkMove(ctx, toInput(m))));
  return ctx.db.prisma.$transaction(async (tx) => {
    const out: SchedulingOrder[] = [];
    for (const [i, m] of moves.entries()) out.push(await createOrder(tx, ctx, actor, toInput(m), checked[i]!, { from: m.fromPool, to: m.toPool, key: m.key }));
    return out;
  });
}

function toInput(m: PlanMove): MoveInput {
  return {
    kind: m.kind, fromNodeId: m.fromNodeId, toNodeId: m.toNodeId, arch: m.arch, vcpu: m.vcpu, requestCode: m.requestCode, systemCode: m.systemCode,
    explanationZh: m.explanationZh, explanationEn: m.explanationEn,
  };
}

const lockOrder = async (tx: Prisma.TransactionClient, id: string) => {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "SchedulingOrder" WHERE id = ${id} FOR UPDATE`;
  if (!rows.length) throw new GccError('GCC_ERR_SCHED_NOT_FOUND', `no scheduling order ${id}`);
  return tx.schedulingOrder.findUniqueOrThrow({ where: { id } });
};

function transitionError(order: SchedulingOrder, step: string, expected: string): GccError {
  const by = order.status === 'APPROVED' && order.approvedBy ? ` by ${order.approvedBy} at ${order.approvedAt?.toISOString()}` : '';
  return new GccError('GCC_ERR_SCHED_TRANSITION', `order ${order.code} is ${order.status}${by}: only a ${expected} order can be ${step}; nothing was changed`);
}

const fromDbMove = (o: SchedulingOrder): MoveInput => ({
  kind: o.kind === 'QUOTA_TRANSFER' ? 'quota-transfer' : o.kind === 'PLACEMENT' ? 'placement' : 'migration',
  fromNodeId: o.fromNodeId, toNodeId: o.toNodeId, arch: ARCH_FROM_DB[o.arch]!, vcpu: o.vcpu, systemCode: o.systemCode,
});

export async function approveOrder(ctx: RequestContext, actor: Actor, id: string): Promise<SchedulingOrder> {
  requireRole(actor, 'approve');
  // Readings first (VictoriaMetrics, outside the transaction), then lock and book.
  await loadPlanningInput(ctx);
  return ctx.db.prisma.$transaction(
    async (tx) => {
      const order = await lockOrder(tx, id);
      if (order.status !== 'PROPOSED') throw transitionError(order, 'approved', 'PROPOSED');
      const nodeIds = [...new Set([order.toNodeId, order.fromNodeId].filter((x): x is string => !!x))].sort();
      await tx.$queryRaw`SELECT id FROM "Node" WHERE id = ANY(${nodeIds}) ORDER BY id FOR UPDATE`;
      const arch = ARCH_FROM_DB[order.arch]!;
      const booked = { to: await bookedOn(tx, order.toNodeId, arch, order.id), from: order.fromNodeId ? await bookedOn(tx, order.fromNodeId, arch, order.id) : { in: 0, out: 0 } };
      const move = fromDbMove(order);
      if (order.kind === 'PLACEMENT' && order.requestId) {
        const r = await tx.resourceRequest.findUnique({ where: { id: order.requestId } });
        move.requestCode = r?.code ?? null;
      }
      await checkMove(ctx, move, booked, tx);
      const at = new Date(ctx.nowMs);
      await tx.schedulingOrderEvent.create({ data: { orderId: id, actor: actor.username, from: 'PROPOSED', to: 'APPROVED', at } });
      return tx.schedulingOrder.update({ where: { id }, data: { status: 'APPROVED', approvedBy: actor.username, approvedAt: at } });
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

export async function rejectOrder(ctx: RequestContext, actor: Actor, id: string, reason: string): Promise<SchedulingOrder> {
  requireRole(actor, 'reject');
  if (!reason.trim()) throw new GccError('GCC_ERR_SCHED_INPUT', 'a rejection needs a reason');
  return ctx.db.prisma.$transaction(async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== 'PROPOSED' && order.status !== 'APPROVED') throw transitionError(order, 'rejected', 'PROPOSED or APPROVED');
    const at = new Date(ctx.nowMs);
    await tx.schedulingOrderEvent.create({ data: { orderId: id, actor: actor.username, from: order.status, to: 'REJECTED', at, note: reason } });
    return tx.schedulingOrder.update({ where: { id }, data: { status: 'REJECTED', reason, finishedAt: at } });
  });
}

interface BaselineEnd {
  nodeId: string;
  allocated: number;
  sampleMs: number;
  expectedDelta: number;
}

async function finish(ctx: RequestContext, id: string, from: SchedulingOrderStatus, to: SchedulingOrderStatus, actor: string, note: string): Promise<SchedulingOrder> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== from) return order;
    const at = new Date(ctx.nowMs);
    await tx.schedulingOrderEvent.create({ data: { orderId: id, actor, from, to, at, note } });
    if (to === 'DONE' && order.requestId) await tx.resourceRequest.update({ where: { id: order.requestId }, data: { status: 'PLACED', placedNodeId: order.toNodeId } });
    if (to === 'DONE' && order.kind === 'MIGRATION' && order.systemCode) {
      await tx.schedulingWorkload.updateMany({ where: { systemCode: order.systemCode }, data: { nodeId: order.toNodeId } });
    }
    return tx.schedulingOrder.update({ where: { id }, data: { status: to, reason: to === 'DONE' ? null : note, finishedAt: at } });
  });
}

/** The quota steps of an order: take from the source first, then give to the destination. */
function steps(order: SchedulingOrder, sign: 1 | -1) {
  const out: { nodeId: string; vcpu: number; memoryBytes: number }[] = [];
  if (order.fromNodeId) out.push({ nodeId: order.fromNodeId, vcpu: -order.vcpu * sign, memoryBytes: -order.memoryBytes * sign });
  out.push({ nodeId: order.toNodeId, vcpu: order.vcpu * sign, memoryBytes: order.memoryBytes * sign });
  return sign === 1 ? out : out.reverse();
}

async function applySteps(ctx: RequestContext, executor: QuotaExecutor, order: SchedulingOrder, sign: 1 | -1): Promise<{ done: number; error: Error | null }> {
  const list = steps(order, sign);
  const nodes = await ctx.db.prisma.node.findMany({ where: { id: { in: list.map((s) => s.nodeId) } } });
  let done = 0;
  for (const s of list) {
    try {
      await executor.change(nodes.find((n) => n.id === s.nodeId)!, { vcpu: s.vcpu, memoryBytes: s.memoryBytes, arch: ARCH_FROM_DB[order.arch]!, orderCode: order.code });
      done++;
    } catch (err) {
      return { done, error: err as Error };
    }
  }
  return { done, error: null };
}

/** APPROVED → EXECUTING, then the quota changes; the order stays EXECUTING until a collection verifies it. */
export async function executeOrder(ctx: RequestContext, actor: Actor, id: string, executor: QuotaExecutor): Promise<SchedulingOrder> {
  requireRole(actor, 'execute');
  const readings = await ctx.loaders.capacity('vcpu');
  const order = await ctx.db.prisma.$transaction(async (tx) => {
    const o = await lockOrder(tx, id);
    if (o.status !== 'APPROVED') throw transitionError(o, 'executed', 'APPROVED');
    const baseline: BaselineEnd[] = steps(o, 1).map((s) => {
      const r = readings.get(s.nodeId);
      return { nodeId: s.nodeId, allocated: r?.values.allocated ?? 0, sampleMs: r?.lastSampleMs ?? 0, expectedDelta: s.vcpu };
    });
    const at = new Date(ctx.nowMs);
    await tx.schedulingOrderEvent.create({ data: { orderId: id, actor: actor.username, from: 'APPROVED', to: 'EXECUTING', at, note: baseline.map((b) => `${b.nodeId} ${b.expectedDelta > 0 ? '+' : ''}${b.expectedDelta} vCPU from ${b.allocated}`).join('; ') } });
    return tx.schedulingOrder.update({ where: { id }, data: { status: 'EXECUTING', executedBy: actor.username, executedAt: at, baseline: baseline as never } });
  });
  const { done, error } = await applySteps(ctx, executor, order, 1);
  if (!error) return order;
  if (done === 0) return finish(ctx, id, 'EXECUTING', 'FAILED', actor.username, `the CMP refused the first quota change, nothing changed: ${error.message}`);
  // Half done: give the source back what was taken (a one-step order to the source).
  const undo = await applySteps(ctx, executor, { ...order, toNodeId: order.fromNodeId!, fromNodeId: null }, 1);
  if (undo.error) return finish(ctx, id, 'EXECUTING', 'FAILED', actor.username, `${error.message}; undoing the source's change failed too (${undo.error.message}): correct ${order.fromNodeId}'s quota by hand`);
  return finish(ctx, id, 'EXECUTING', 'ROLLED_BACK', actor.username, `${error.message}; the source's quota change was undone`);
}

/** How long an executing order may wait for a collection that shows it before it is rolled back. */
export const VERIFY_TIMEOUT_MS = 10 * 60_000;
export const VERIFIER_ACTOR = 'verifier';

/** Tolerance of verification: collected allocation drifts a little between collections. */
export const verifyTolerance = (vcpu: number) => Math.max(2, Math.ceil(0.02 * Math.abs(vcpu)));

/**
 * Checks every executing order against the latest collection: DONE when each end's allocation moved
 * by the order's amount (within verifyTolerance) in a sample newer than the execution; rolled back
 * (quota changes undone) when no collection agrees within VERIFY_TIMEOUT_MS.
 */
export async function verifyOrders(ctx: RequestContext, executor: QuotaExecutor): Promise<SchedulingOrder[]> {
  const executing = await ctx.db.prisma.schedulingOrder.findMany({ where: { status: 'EXECUTING' }, orderBy: { executedAt: 'asc' } });
  if (!executing.length) return [];
  const readings = await ctx.loaders.capacity('vcpu');
  const out: SchedulingOrder[] = [];
  for (const o of executing) {
    const baseline = (o.baseline ?? []) as unknown as BaselineEnd[];
    const executedMs = o.executedAt?.getTime() ?? 0;
    const ends = baseline.map((b) => {
      const r = readings.get(b.nodeId);
      const fresh = !!r && r.lastSampleMs > executedMs;
      const delta = fresh ? (r.values.allocated ?? 0) - b.allocated : null;
      return { ...b, fresh, delta, ok: delta !== null && Math.abs(delta - b.expectedDelta) <= verifyTolerance(b.expectedDelta), sampleMs: r?.lastSampleMs ?? 0 };
    });
    const words = ends.map((e) => `${e.nodeId}: ${e.delta === null ? 'no collection since execution' : `${e.delta > 0 ? '+' : ''}${Math.round(e.delta)} vCPU (expected ${e.expectedDelta > 0 ? '+' : ''}${e.expectedDelta})`}`).join('; ');
    if (ends.length && ends.every((e) => e.ok)) {
      out.push(await finish(ctx, o.id, 'EXECUTING', 'DONE', VERIFIER_ACTOR, `verified by the collection at ${new Date(Math.max(...ends.map((e) => e.sampleMs))).toISOString()}: ${words}`));
    } else if (ctx.nowMs - executedMs > VERIFY_TIMEOUT_MS) {
      const undo = await applySteps(ctx, executor, o, -1);
      out.push(
        undo.error
          ? await finish(ctx, o.id, 'EXECUTING', 'FAILED', VERIFIER_ACTOR, `not confirmed by collections within ${VERIFY_TIMEOUT_MS / 60_000} min (${words}); undoing the quota changes failed (${undo.error.message}): correct them by hand`)
          : await finish(ctx, o.id, 'EXECUTING', 'ROLLED_BACK', VERIFIER_ACTOR, `not confirmed by collections within ${VERIFY_TIMEOUT_MS / 60_000} min (${words}); quota changes undone`),
      );
    }
  }
  return out;
}
