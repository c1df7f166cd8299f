/**
 * Scheduling over GraphQL: the current plan, what-if, orders and their lifecycle, and the flows the
 * big screen draws. Plans show every node's pool figures, so only province-wide viewers may read
 * them (a city viewer sees its city's detail only: the orders concerning its city, without the
 * other end's figures, orders-city-view.ts); mutations also need the role the step needs.
 */
import { SCHEDULING_FORMULAS, DEFAULT_SCHEDULING_POLICY, type CpuArch } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { SchedulingOrder } from '../../generated/prisma/client.ts';
import type { SchedulingOrderStatus } from '../../generated/prisma/enums.ts';
import {
  approveOrder, executeOrder, proposeFromPlan, proposeOrder, rejectOrder, verifyOrders, type Actor, type MoveInput,
} from './orders-service.ts';
import { computePlan, type Plan, type PlanMove } from './plan-service.ts';
import { loadPlanningInput, type Scenario } from './planning-input.ts';
import { cityOrdersWhere, figureFreeExplanation, figureFreeViewer, orderCityScope } from './orders-city-view.ts';
import { ARCH_FROM_DB } from './pools.ts';
import type { QuotaExecutor } from './quota-executor.ts';
import { whatIf } from './what-if.ts';

export const schedulingTypeDefs = /* GraphQL */ `
  enum CpuArch { X86 KUNPENG HYGON PHYTIUM }
  enum SchedulingMoveKind { QUOTA_TRANSFER PLACEMENT MIGRATION }
  enum SchedulingOrderStatus { PROPOSED APPROVED EXECUTING DONE FAILED ROLLED_BACK REJECTED }

  "One node's CPU-architecture pool in vCPU, before and after a plan."
  type SchedulingPool {
    nodeId: ID!
    node: Node
    arch: CpuArch!
    total: Float!
    allocatedBefore: Float!
    allocatedAfter: Float!
    ratioBefore: Float
    ratioAfter: Float
    "Most the pool may hold after scheduling: min(overload ceiling, 1 − emergency reserve) × total."
    cap: Float!
    eligible: Boolean!
    ineligibleZh: String
    ineligibleEn: String
    overloaded: Boolean!
    idle: Boolean!
  }

  "A recommended move, explained in words and numbers."
  type SchedulingMove {
    "Pass to proposeSchedulingOrders to turn it into an order."
    key: String!
    kind: SchedulingMoveKind!
    fromNode: Node
    toNode: Node!
    arch: CpuArch!
    vcpu: Int!
    memoryBytes: Float!
    requestCode: String
    systemCode: String
    explanationZh: String!
    explanationEn: String!
    fromPool: SchedulingPool
    toPool: SchedulingPool!
  }

  type SchedulingUnplaced { code: String! vcpu: Int! arch: CpuArch! synthetic: Boolean! reasonZh: String! reasonEn: String! }

  "The objective's terms after a plan (SCHEDULING_FORMULAS.objective)."
  type SchedulingScore {
    objective: Float!
    overloadVcpu: Float!
    idleVcpu: Float!
    transferredVcpu: Float!
    migratedVcpu: Float!
    migratedSystems: Int!
    placedOutsideCityVcpu: Float!
    unplacedVcpu: Float!
  }

  type SchedulingFormula { code: String! zh: String! en: String! }

  type SchedulingPolicy {
    overloadCeiling: Float!
    usageTarget: Float!
    emergencyReserveShare: Float!
    formulas: [SchedulingFormula!]!
  }

  type SchedulingPlan {
    computedAt: DateTime!
    "HiGHS' model status (Optimal…)."
    solverStatus: String!
    solveMs: Float!
    score: SchedulingScore!
    "The greedy baseline's score on the same input."
    greedyScore: SchedulingScore!
    moves: [SchedulingMove!]!
    pools: [SchedulingPool!]!
    unplaced: [SchedulingUnplaced!]!
    summaryZh: String!
    summaryEn: String!
    policy: SchedulingPolicy!
  }

  input SchedulingAddCapacityInput { cityCode: String nodeId: ID vcpu: Int! arch: CpuArch }
  input SchedulingMigrationInput { cityCode: String! systems: Int! }
  "A what-if: nothing is changed."
  input SchedulingScenarioInput {
    addCapacity: [SchedulingAddCapacityInput!]
    nodesDown: [ID!]
    migrations: [SchedulingMigrationInput!]
  }

  type SchedulingIndicatorChange {
    code: String!
    nameZh: String!
    nameEn: String!
    vcpuTotalBefore: Float!
    vcpuTotalAfter: Float!
    vcpuAllocatedBefore: Float!
    vcpuAllocatedAfter: Float!
    usageRateBefore: Float
    usageRateAfter: Float
    migrationRateBefore: Float
    migrationRateAfter: Float
    onCloudBefore: Int!
    onCloudAfter: Int!
  }

  type SchedulingWhatIf {
    indicators: [SchedulingIndicatorChange!]!
    baseline: SchedulingPlan!
    scenario: SchedulingPlan!
    notesZh: [String!]!
    notesEn: [String!]!
  }

  type SchedulingOrderEvent {
    at: DateTime!
    actor: String!
    from: SchedulingOrderStatus
    to: SchedulingOrderStatus!
    "What the step found (pool figures of both ends); null for a city viewer, as those figures are partly another city's."
    note: String
  }

  type SchedulingOrder {
    id: ID!
    code: String!
    kind: SchedulingMoveKind!
    status: SchedulingOrderStatus!
    fromNode: Node
    toNode: Node!
    arch: CpuArch!
    vcpu: Int!
    memoryBytes: Float!
    requestCode: String
    systemCode: String
    "The plan's explanation in words and numbers; for a city viewer, what moves where without the pools' figures."
    explanationZh: String!
    explanationEn: String!
    "Why it failed, was rolled back or rejected."
    reason: String
    proposedBy: String!
    proposedAt: DateTime!
    approvedBy: String
    approvedAt: DateTime
    executedBy: String
    executedAt: DateTime
    finishedAt: DateTime
    "Every step: who and when."
    events: [SchedulingOrderEvent!]!
  }

  "A line on the big-screen map: a recommended move or an order under way."
  type SchedulingFlow {
    fromNodeId: ID!
    toNodeId: ID!
    fromRegionCode: String!
    toRegionCode: String!
    vcpu: Int!
    "RECOMMENDED, APPROVED or EXECUTING."
    state: String!
  }

  input SchedulingMoveInput {
    kind: SchedulingMoveKind!
    fromNodeId: ID
    toNodeId: ID!
    arch: CpuArch!
    vcpu: Int!
    requestCode: String
    systemCode: String
  }

  extend type Query {
    schedulingPlan: SchedulingPlan!
    schedulingWhatIf(scenario: SchedulingScenarioInput!): SchedulingWhatIf!
    """
    Orders, newest first. cityCode: those with a node of that city at either end. A city viewer
    always gets its own city's (asking for another city is GCC_ERR_SCHED_FORBIDDEN).
    """
    schedulingOrders(status: [SchedulingOrderStatus!], cityCode: ID, limit: Int = 100): [SchedulingOrder!]!
    schedulingOrder(id: ID!): SchedulingOrder
    "Recommended moves (pairs of nodes, vCPU summed) and orders approved or executing, for the map."
    schedulingFlows: [SchedulingFlow!]!
  }

  extend type Mutation {
    "Turns moves of the current plan into PROPOSED orders (all or none)."
    proposeSchedulingOrders(moveKeys: [String!]!): [SchedulingOrder!]!
    "Proposes a move by hand; checked against the same rules."
    proposeSchedulingOrder(move: SchedulingMoveInput!): SchedulingOrder!
    approveSchedulingOrder(id: ID!): SchedulingOrder!
    rejectSchedulingOrder(id: ID!, reason: String!): SchedulingOrder!
    "Executes the quota changes through the nodes' CMPs; the order is DONE once a collection shows them."
    executeSchedulingOrder(id: ID!): SchedulingOrder!
    "Checks executing orders against the latest collection now (the server also does so periodically)."
    verifySchedulingOrders: [SchedulingOrder!]!
  }
`;

const KIND_ENUM = { 'quota-transfer': 'QUOTA_TRANSFER', placement: 'PLACEMENT', migration: 'MIGRATION' } as const;
const KIND_IN: Record<string, MoveInput['kind']> = { QUOTA_TRANSFER: 'quota-transfer', PLACEMENT: 'placement', MIGRATION: 'migration' };
const archEnum = (a: string) => a.toUpperCase();
const archIn = (a: string) => ARCH_FROM_DB[a] as CpuArch;

function provinceWide(ctx: RequestContext): void {
  if (ctx.viewer.cityScope !== null) {
    throw new GccError('GCC_ERR_SCHED_FORBIDDEN', `${ctx.viewer.username} sees city ${ctx.viewer.cityScope} only: scheduling plans show every node and are for province-wide users`);
  }
}

const actorOf = (ctx: RequestContext): Actor => ({ username: ctx.viewer.username, role: ctx.viewer.role });

const nodeById = async (ctx: RequestContext, id: string | null) => (id ? ((await ctx.loaders.allNodes()).find((n) => n.id === id) ?? null) : null);

const scoreOf = (e: Plan['evaluation']) => e;

function planOut(plan: Plan) {
  return {
    computedAt: new Date(plan.atMs),
    solverStatus: plan.status,
    solveMs: plan.solveMs,
    score: scoreOf(plan.evaluation),
    greedyScore: scoreOf(plan.greedy),
    moves: plan.moves.map(moveOut),
    pools: plan.pools.map((p) => ({ ...p, arch: archEnum(p.arch) })),
    unplaced: plan.unplaced.map((u) => ({ ...u, arch: archEnum(u.arch) })),
    summaryZh: plan.summaryZh,
    summaryEn: plan.summaryEn,
    policy: {
      ...DEFAULT_SCHEDULING_POLICY,
      formulas: Object.values(SCHEDULING_FORMULAS),
    },
  };
}

function moveOut(m: PlanMove) {
  return {
    ...m, kind: KIND_ENUM[m.kind], arch: archEnum(m.arch),
    fromPool: m.fromPool && { ...m.fromPool, arch: archEnum(m.fromPool.arch) }, toPool: { ...m.toPool, arch: archEnum(m.toPool.arch) },
  };
}

const plan = (ctx: RequestContext) => ctx.memo('scheduling-plan', async () => computePlan(await loadPlanningInput(ctx)));

function scenarioIn(s: {
  addCapacity?: { cityCode?: string | null; nodeId?: string | null; vcpu: number; arch?: string | null }[] | null;
  nodesDown?: string[] | null;
  migrations?: { cityCode: string; systems: number }[] | null;
}): Scenario {
  return {
    addCapacity: s.addCapacity?.map((a) => ({ ...a, arch: a.arch ? archIn(a.arch) : null })) ?? [],
    nodesDown: s.nodesDown ?? [],
    migrations: s.migrations ?? [],
  };
}

export interface SchedulingModuleOptions {
  /** Carries out quota changes (quota-executor.ts); without one, execution fails with a clear reason. */
  executor?: QuotaExecutor;
  /** How often executing orders are checked against collections; 0 = only on demand. Default 15 s. */
  verifyIntervalMs?: number;
}

const NO_EXECUTOR: QuotaExecutor = {
  change: async (node) => {
    throw new GccError('GCC_ERR_SCHED_EXECUTION', `node ${node.id}: this server has no CMP executor configured (scheduling.executor)`);
  },
};

export function schedulingResolvers(options: SchedulingModuleOptions): IResolvers {
  const executor = options.executor ?? NO_EXECUTOR;
  return {
    Query: {
      schedulingPlan: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
        provinceWide(ctx);
        return planOut(await plan(ctx));
      },
      schedulingWhatIf: async (_p: unknown, args: { scenario: Parameters<typeof scenarioIn>[0] }, ctx: RequestContext) => {
        provinceWide(ctx);
        const w = await whatIf(ctx, scenarioIn(args.scenario));
        return {
          indicators: w.indicators.map((i) => ({
            code: i.code, nameZh: i.nameZh, nameEn: i.nameEn,
            vcpuTotalBefore: i.vcpuTotal[0], vcpuTotalAfter: i.vcpuTotal[1], vcpuAllocatedBefore: i.vcpuAllocated[0], vcpuAllocatedAfter: i.vcpuAllocated[1],
            usageRateBefore: i.usageRate[0], usageRateAfter: i.usageRate[1], migrationRateBefore: i.migrationRate[0], migrationRateAfter: i.migrationRate[1],
            onCloudBefore: i.onCloud[0], onCloudAfter: i.onCloud[1],
          })),
          baseline: planOut(w.baseline),
          scenario: planOut(w.scenario),
          notesZh: w.notesZh,
          notesEn: w.notesEn,
        };
      },
      schedulingOrders: async (_p: unknown, args: { status?: SchedulingOrderStatus[] | null; cityCode?: string | null; limit?: number | null }, ctx: RequestContext) => {
        const city = orderCityScope(ctx, args.cityCode ?? null);
        const take = Math.min(500, Math.max(1, args.limit ?? 100));
        const where = {
          ...(args.status?.length ? { status: { in: args.status } } : {}),
          ...(city === null ? {} : await cityOrdersWhere(ctx, city)),
        };
        return ctx.db.prisma.schedulingOrder.findMany({ where, orderBy: { proposedAt: 'desc' }, take });
      },
      schedulingOrder: async (_p: unknown, args: { id: string }, ctx: RequestContext) => {
        provinceWide(ctx);
        return ctx.db.prisma.schedulingOrder.findUnique({ where: { id: args.id } });
      },
      schedulingFlows: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
        provinceWide(ctx);
        const [p, orders, nodes] = await Promise.all([
          plan(ctx),
          ctx.db.prisma.schedulingOrder.findMany({ where: { status: { in: ['APPROVED', 'EXECUTING'] } } }),
          ctx.loaders.allNodes(),
        ]);
        const region = new Map(nodes.map((n) => [n.id, n.regionCode]));
        const flows = new Map<string, { fromNodeId: string; toNodeId: string; fromRegionCode: string; toRegionCode: string; vcpu: number; state: string }>();
        const add = (from: string, to: string, vcpu: number, state: string) => {
          const key = `${state}|${from}|${to}`;
          const f = flows.get(key) ?? { fromNodeId: from, toNodeId: to, fromRegionCode: region.get(from) ?? '', toRegionCode: region.get(to) ?? '', vcpu: 0, state };
          f.vcpu += vcpu;
          flows.set(key, f);
        };
        for (const m of p.moves) if (m.fromNodeId && m.fromNodeId !== m.toNodeId) add(m.fromNodeId, m.toNodeId, m.vcpu, 'RECOMMENDED');
        for (const o of orders) if (o.fromNodeId) add(o.fromNodeId, o.toNodeId, o.vcpu, o.status);
        return [...flows.values()];
      },
    },
    Mutation: {
      proposeSchedulingOrders: (_p: unknown, args: { moveKeys: string[] }, ctx: RequestContext) => proposeFromPlan(ctx, actorOf(ctx), args.moveKeys),
      proposeSchedulingOrder: (_p: unknown, args: { move: { kind: string; fromNodeId?: string | null; toNodeId: string; arch: string; vcpu: number; requestCode?: string | null; systemCode?: string | null } }, ctx: RequestContext) =>
        proposeOrder(ctx, actorOf(ctx), { ...args.move, kind: KIND_IN[args.move.kind]!, arch: archIn(args.move.arch) }),
      approveSchedulingOrder: (_p: unknown, args: { id: string }, ctx: RequestContext) => approveOrder(ctx, actorOf(ctx), args.id),
      rejectSchedulingOrder: (_p: unknown, args: { id: string; reason: string }, ctx: RequestContext) => rejectOrder(ctx, actorOf(ctx), args.id, args.reason),
      executeSchedulingOrder: (_p: unknown, args: { id: string }, ctx: RequestContext) => executeOrder(ctx, actorOf(ctx), args.id, executor),
      verifySchedulingOrders: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
        provinceWide(ctx);
        return verifyOrders(ctx, executor);
      },
    },
    SchedulingOrder: {
      arch: (o: SchedulingOrder) => o.arch,
      fromNode: (o: SchedulingOrder, _a: unknown, ctx: RequestContext) => nodeById(ctx, o.fromNodeId),
      toNode: (o: SchedulingOrder, _a: unknown, ctx: RequestContext) => nodeById(ctx, o.toNodeId),
      requestCode: async (o: SchedulingOrder, _a: unknown, ctx: RequestContext) =>
        o.requestId ? ((await ctx.db.prisma.resourceRequest.findUnique({ where: { id: o.requestId }, select: { code: true } }))?.code ?? null) : null,
      events: (o: SchedulingOrder, _a: unknown, ctx: RequestContext) => ctx.db.prisma.schedulingOrderEvent.findMany({ where: { orderId: o.id }, orderBy: { id: 'asc' } }),
      explanationZh: async (o: SchedulingOrder, _a: unknown, ctx: RequestContext) =>
        figureFreeViewer(ctx) ? figureFreeExplanation(o, await nodeById(ctx, o.fromNodeId), await nodeById(ctx, o.toNodeId), 'zh') : o.explanationZh,
      explanationEn: async (o: SchedulingOrder, _a: unknown, ctx: RequestContext) =>
        figureFreeViewer(ctx) ? figureFreeExplanation(o, await nodeById(ctx, o.fromNodeId), await nodeById(ctx, o.toNodeId), 'en') : o.explanationEn,
    },
    SchedulingOrderEvent: {
      note: (e: { note: string | null }, _a: unknown, ctx: RequestContext) => (figureFreeViewer(ctx) ? null : e.note),
    },
    SchedulingMove: {
      fromNode: (m: { fromNodeId: string | null }, _a: unknown, ctx: RequestContext) => nodeById(ctx, m.fromNodeId),
      toNode: (m: { toNodeId: string }, _a: unknown, ctx: RequestContext) => nodeById(ctx, m.toNodeId),
    },
    SchedulingPool: {
      node: (p: { nodeId: string }, _a: unknown, ctx: RequestContext) => nodeById(ctx, p.nodeId),
    },
  };
}
