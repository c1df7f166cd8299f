/**
 * Elastic scheduling between nodes (seed 001 "弹性调度与资源互通"; seed 000 四(六) allocation and
 * emergency-reserve scheduling by quota): the policy, the planning problem's shape, the rules a
 * move must obey and the objective every plan is scored by. The server's solver (HiGHS) and the
 * greedy baseline both score plans with evaluatePlan() here, so their objectives compare.
 *
 * The planning unit is a CPU-architecture pool of a node (信创: x86, Kunpeng, Hygon, Phytium):
 * capacity only moves within one architecture. Figures are vCPU.
 */
import type { CpuArch } from './nodes.ts';
import { USAGE_RATE_TARGET } from './plan.ts';
import type { FormulaDescription } from './indicators.ts';

export interface SchedulingWeights {
  /** Per vCPU allocated above a pool's overload ceiling after the plan. */
  overload: number;
  /** Per vCPU an eligible pool stays short of the usage target after the plan. */
  idle: number;
  /** Per vCPU moved by a quota transfer. */
  transfer: number;
  /** Per vCPU of a business system migrated (a migration disturbs a running system). */
  migration: number;
  /** Per business system migrated, whatever its size. */
  migrationPerSystem: number;
  /** Per vCPU of a pending request placed outside the requesting city. */
  placementOutsideCity: number;
  /** Per vCPU of a pending request left unplaced. */
  unplaced: number;
}

export interface SchedulingPolicy {
  /** Allocation ratio above which a pool is overloaded. */
  overloadCeiling: number;
  /** Usage (allocation) ratio idle pools are brought towards (seed 001: 60%). */
  usageTarget: number;
  /**
   * Share of every pool kept free for emergencies (seed 000 四(六) 应急资源): scheduling never fills
   * a receiving pool beyond (1 − share) of its capacity.
   */
  emergencyReserveShare: number;
  /** The provincial core network reaches every regional network; regional networks reach only themselves and the core. */
  coreNetworkRegion: string;
  weights: SchedulingWeights;
}

export const DEFAULT_SCHEDULING_POLICY: Readonly<SchedulingPolicy> = Object.freeze({
  overloadCeiling: 0.85,
  usageTarget: USAGE_RATE_TARGET,
  emergencyReserveShare: 0.2,
  coreNetworkRegion: '政务外网-省级核心',
  weights: Object.freeze({ overload: 10, idle: 1, transfer: 0.05, migration: 0.2, migrationPerSystem: 20, placementOutsideCity: 0.02, unplaced: 50 }),
});

/**
 * Who may take each step of a scheduling order (seed 000 四(六): the province allocates; the
 * operations centre executes). The server enforces it; the console shows only the steps allowed.
 */
export const SCHEDULING_STEP_ROLES = Object.freeze({
  propose: Object.freeze(['PROVINCIAL_ADMIN', 'OPERATOR']),
  approve: Object.freeze(['PROVINCIAL_ADMIN']),
  reject: Object.freeze(['PROVINCIAL_ADMIN']),
  execute: Object.freeze(['PROVINCIAL_ADMIN', 'OPERATOR']),
}) satisfies Readonly<Record<string, readonly string[]>>;
export type SchedulingStep = keyof typeof SCHEDULING_STEP_ROLES;

export const SCHEDULING_FORMULAS = Object.freeze({
  objective: {
    code: 'scheduling-objective',
    zh: '调度目标（越小越好，单位：vCPU 当量）= 10 × 超过过载上限的已分配 vCPU + 1 × 空闲资源池距 60% 使用率目标的差额 + 0.05 × 配额调拨量 + 0.2 × 迁移量 + 20 × 迁移系统数 + 0.02 × 跨市放置的申请量 + 50 × 未能放置的申请量',
    en: 'Scheduling objective (lower is better, in vCPU-equivalents) = 10 × vCPU allocated above the overload ceiling + 1 × vCPU idle pools stay short of the 60% usage target + 0.05 × vCPU moved by quota transfers + 0.2 × vCPU migrated + 20 per system migrated + 0.02 × vCPU of requests placed outside their city + 50 × vCPU of requests left unplaced',
  },
  pool: {
    code: 'scheduling-pool',
    zh: '资源池 = 节点 × CPU 架构（信创）；池容量 = 节点 vCPU 总量 × 该架构份额，已分配同比例；资源只在同架构资源池之间调度',
    en: 'Pool = node × CPU architecture (信创); pool capacity = node vCPU total × the architecture\'s share, allocation in the same proportion; capacity moves only between pools of one architecture',
  },
  reserve: {
    code: 'scheduling-reserve',
    zh: '应急预留：调度不会使接收资源池的分配率超过 min(过载上限 85%, 1 − 应急预留 20%) = 80%',
    en: 'Emergency reserve: scheduling never fills a receiving pool beyond min(overload ceiling 85%, 1 − emergency reserve 20%) = 80% allocated',
  },
  eligibility: {
    code: 'scheduling-eligibility',
    zh: '参与调度：省级节点与 14 个地市节点；珠三角自建政务云仅在开通资源互通后参与；节点须已上线且数据新鲜；网络：同一政务外网区域之间，或经省级核心网',
    en: 'In the pool: the provincial node and the 14 city nodes; a PRD city cloud only once its interconnection is enabled; a node must be live with fresh data; network: within one government-network region, or through the provincial core',
  },
} satisfies Record<string, FormulaDescription>);

/** A node's architecture pool as the planner sees it. */
export interface PlanningPool {
  /** `${nodeId}/${arch}`. */
  key: string;
  nodeId: string;
  /** Administrative code of the node's city (440000 for the provincial node). */
  regionCode: string;
  networkRegion: string | null;
  arch: CpuArch;
  total: number;
  allocated: number;
  /** In the elastic pool now (live, fresh, interconnected); otherwise it neither gives nor takes. */
  eligible: boolean;
  /** Why not eligible, in words (zh / en). */
  ineligibleZh?: string;
  ineligibleEn?: string;
}

/** A resource request waiting for a node (seed 003 art. 8–10: approved, not yet provisioned). */
export interface PlanningRequest {
  id: string;
  code: string;
  regionCode: string;
  arch: CpuArch;
  vcpu: number;
  /** Its data must stay in its city: only a node of that city may take it. */
  dataResidency: boolean;
}

/** A business system running on a pool that could be migrated whole. */
export interface PlanningWorkload {
  id: string;
  code: string;
  nodeId: string;
  arch: CpuArch;
  vcpu: number;
  /** Its data must stay in its city. */
  dataResidency: boolean;
  /** Administrative code of the system's city. */
  regionCode: string;
}

export interface PlanningProblem {
  pools: readonly PlanningPool[];
  requests: readonly PlanningRequest[];
  workloads: readonly PlanningWorkload[];
  policy: Readonly<SchedulingPolicy>;
}

export type MoveKind = 'quota-transfer' | 'placement' | 'migration';

export interface PlannedMove {
  kind: MoveKind;
  /** Source pool key; null for the placement of a pending request. */
  from: string | null;
  to: string;
  arch: CpuArch;
  vcpu: number;
  requestId?: string;
  workloadId?: string;
}

export const poolKey = (nodeId: string, arch: CpuArch) => `${nodeId}/${arch}`;

/** Most a receiving pool may hold after scheduling: below the ceiling and outside the emergency reserve. */
export function poolCap(pool: Pick<PlanningPool, 'total'>, policy: SchedulingPolicy): number {
  return Math.floor(Math.min(policy.overloadCeiling, 1 - policy.emergencyReserveShare) * pool.total);
}

/** vCPU a pool can still take from scheduling (0 when at or above its cap). */
export function poolHeadroom(pool: Pick<PlanningPool, 'total' | 'allocated'>, policy: SchedulingPolicy): number {
  return Math.max(0, poolCap(pool, policy) - pool.allocated);
}

/** vCPU a pool can give without falling below the usage target. */
export function poolSurplus(pool: Pick<PlanningPool, 'total' | 'allocated'>, policy: SchedulingPolicy): number {
  return Math.max(0, Math.floor(pool.allocated - policy.usageTarget * pool.total));
}

export function networksConnected(a: string | null, b: string | null, policy: SchedulingPolicy): boolean {
  if (a === null || b === null) return a === b;
  return a === b || a === policy.coreNetworkRegion || b === policy.coreNetworkRegion;
}

export type MoveProblem =
  | 'not-eligible'
  | 'cross-pool'
  | 'network'
  | 'residency'
  | 'insufficient-free'
  | 'insufficient-source'
  | 'same-pool'
  | 'not-positive';

/** Rules every move obeys, checked before anything is written; the first broken one, or null. */
export function moveProblem(
  problem: Pick<PlanningProblem, 'policy'>,
  move: { kind: MoveKind; vcpu: number; arch: CpuArch },
  from: PlanningPool | null,
  to: PlanningPool,
  options: { residencyRegion?: string | null; booked?: { in: number; out: number } } = {},
): MoveProblem | null {
  const policy = problem.policy;
  if (!(move.vcpu > 0) || !Number.isInteger(move.vcpu)) return 'not-positive';
  if (!to.eligible || (from && !from.eligible)) return 'not-eligible';
  if (to.arch !== move.arch || (from && from.arch !== move.arch)) return 'cross-pool';
  if (from && from.key === to.key) return 'same-pool';
  if (from && !networksConnected(from.networkRegion, to.networkRegion, policy)) return 'network';
  if (options.residencyRegion && to.regionCode !== options.residencyRegion) return 'residency';
  if (move.vcpu > poolHeadroom(to, policy) - (options.booked?.in ?? 0)) return 'insufficient-free';
  if (from && move.vcpu > from.allocated - (options.booked?.out ?? 0)) return 'insufficient-source';
  return null;
}

export interface PoolOutcome {
  key: string;
  allocatedBefore: number;
  allocatedAfter: number;
  total: number;
  overloadBefore: number;
  overloadAfter: number;
  idleBefore: number;
  idleAfter: number;
}

export interface PlanEvaluation {
  /** The objective of SCHEDULING_FORMULAS.objective. */
  objective: number;
  overloadVcpu: number;
  idleVcpu: number;
  transferredVcpu: number;
  migratedVcpu: number;
  migratedSystems: number;
  placedOutsideCityVcpu: number;
  unplacedVcpu: number;
  pools: Map<string, PoolOutcome>;
}

const overloadOf = (p: { total: number }, allocated: number, policy: SchedulingPolicy) => Math.max(0, allocated - policy.overloadCeiling * p.total);
const idleOf = (p: { total: number }, allocated: number, policy: SchedulingPolicy) => Math.max(0, policy.usageTarget * p.total - allocated);

/** Scores a plan: the same numbers whichever algorithm produced it. Moves must name known pools. */
export function evaluatePlan(problem: PlanningProblem, moves: readonly PlannedMove[]): PlanEvaluation {
  const { policy } = problem;
  const w = policy.weights;
  const after = new Map(problem.pools.map((p) => [p.key, p.allocated]));
  const pools = new Map(problem.pools.map((p) => [p.key, p]));
  const requests = new Map(problem.requests.map((r) => [r.id, r]));
  let transferredVcpu = 0;
  let migratedVcpu = 0;
  let migratedSystems = 0;
  let placedOutsideCityVcpu = 0;
  const placed = new Set<string>();
  for (const m of moves) {
    if (!pools.has(m.to) || (m.from && !pools.has(m.from))) throw new Error(`plan names an unknown pool (${m.from} → ${m.to})`);
    after.set(m.to, after.get(m.to)! + m.vcpu);
    if (m.from) after.set(m.from, after.get(m.from)! - m.vcpu);
    if (m.kind === 'quota-transfer') transferredVcpu += m.vcpu;
    if (m.kind === 'migration') {
      migratedVcpu += m.vcpu;
      migratedSystems++;
    }
    if (m.kind === 'placement' && m.requestId) {
      placed.add(m.requestId);
      const r = requests.get(m.requestId);
      if (r && pools.get(m.to)!.regionCode !== r.regionCode) placedOutsideCityVcpu += m.vcpu;
    }
  }
  const unplacedVcpu = problem.requests.filter((r) => !placed.has(r.id)).reduce((s, r) => s + r.vcpu, 0);
  let overloadVcpu = 0;
  let idleVcpu = 0;
  const outcomes = new Map<string, PoolOutcome>();
  for (const p of problem.pools) {
    const a = after.get(p.key)!;
    const o: PoolOutcome = {
      key: p.key,
      allocatedBefore: p.allocated,
      allocatedAfter: a,
      total: p.total,
      overloadBefore: overloadOf(p, p.allocated, policy),
      overloadAfter: overloadOf(p, a, policy),
      idleBefore: p.eligible ? idleOf(p, p.allocated, policy) : 0,
      idleAfter: p.eligible ? idleOf(p, a, policy) : 0,
    };
    outcomes.set(p.key, o);
    if (p.eligible) {
      overloadVcpu += o.overloadAfter;
      idleVcpu += o.idleAfter;
    }
  }
  const objective =
    w.overload * overloadVcpu + w.idle * idleVcpu + w.transfer * transferredVcpu + w.migration * migratedVcpu +
    w.migrationPerSystem * migratedSystems + w.placementOutsideCity * placedOutsideCityVcpu + w.unplaced * unplacedVcpu;
  return { objective, overloadVcpu, idleVcpu, transferredVcpu, migratedVcpu, migratedSystems, placedOutsideCityVcpu, unplacedVcpu, pools: outcomes };
}

/** Splits a node's vCPU figures over its CPU pools by their shares (whole vCPU; the first pool takes the rounding). */
export function splitByPools(value: number, pools: readonly { arch: CpuArch; share: number }[]): Map<CpuArch, number> {
  const out = new Map<CpuArch, number>();
  if (!pools.length) return out;
  let rest = Math.round(value);
  for (const p of pools.slice(1)) {
    const v = Math.floor(value * p.share);
    out.set(p.arch, v);
    rest -= v;
  }
  out.set(pools[0]!.arch, rest);
  return out;
}

/**
 * One CPU-architecture pool's figures before and after a plan, as the server's planner reports them
 * and the console reads them (`A`: the architecture as each side spells it).
 */
export interface PoolFigures<A extends string = string> {
  nodeId: string;
  arch: A;
  total: number;
  allocatedBefore: number;
  allocatedAfter: number;
  ratioBefore: number | null;
  ratioAfter: number | null;
  /** Most the pool may hold after scheduling (ceiling and emergency reserve). */
  cap: number;
}
