/**
 * Indicator formulas (DOMAIN.md "Indicators"): computed here and only here, and described as data
 * so the console and reports can print the formula they used.
 */
import { EVALUATION_MONTHS } from './plan.ts';
import { RESOURCE_METRICS, type Resource } from './metrics.ts';

export interface FormulaDescription {
  code: string;
  zh: string;
  en: string;
}

export const FORMULAS = Object.freeze({
  migrationRate: {
    code: 'migration-rate',
    zh: '迁移上云率 = 已上云业务系统数 ÷ (登记业务系统数 − 涉密系统数 − 经专家评审豁免系统数)',
    en: 'Migration rate = systems on the cloud ÷ (registered systems − classified − approved exemptions)',
  },
  usageRate: {
    code: 'usage-rate',
    zh: '云资源整体使用率 = vCPU、内存、存储分配率（已分配 ÷ 总量）的加权平均，默认等权',
    en: 'Overall usage rate = weighted mean of allocation ratios (allocated ÷ total) of vCPU, memory and storage; equal weights by default',
  },
  evaluationDeadline: {
    code: 'evaluation-deadline',
    zh: `评估期限 = 节点上线日期 + ${EVALUATION_MONTHS} 个月；珠三角自建政务云从资源互通日期起算，未互通的仅统一展示、不评估`,
    en: `Evaluation deadline = node go-live date + ${EVALUATION_MONTHS} months; a PRD city cloud counts from its interconnection date, and is display-only (not evaluated) until interconnected`,
  },
  utilization: {
    code: 'utilization',
    zh: '实际使用率 = 实际使用量 ÷ 总量（vCPU、内存、存储等权平均）',
    en: 'Actual utilization = used ÷ total (equal-weight mean over vCPU, memory and storage)',
  },
  overcommitRatio: {
    code: 'overcommit-ratio',
    zh: '超分比 = 超分后总量 ÷ 物理总量（仅当云管平台上报物理总量时可得）',
    en: 'Overcommit ratio = total after overcommit ÷ physical capacity (only where the CMP reports physical capacity)',
  },
  projection: {
    code: 'linear-projection',
    zh: '预测值 = 近 90 天每日数值的最小二乘线性趋势外推至评估期限（比率限制在 0–100%）',
    en: 'Projection = least-squares linear trend of the daily values over the last 90 days, extended to the deadline (ratios clamped to 0–100%)',
  },
} satisfies Record<string, FormulaDescription>);

/**
 * Whether a value meets a target. Ratios are floating point: (0.9 + 0.5 + 0.4) / 3 is one ulp
 * short of 0.6, so a tolerance of a few hundred ulps (far below any displayed precision, and below
 * one byte of a few TiB in a gap) keeps "exactly at target" a pass. The status and the gap to pass
 * use this one rule so they never disagree.
 */
export const TARGET_TOLERANCE = 1e-14;

export function meetsTarget(value: number | null, target: number): boolean {
  return value !== null && value >= target - TARGET_TOLERANCE;
}

export interface SystemCounts {
  registered: number;
  onCloud: number;
  classified: number;
  exempt: number;
}

/** Systems in scope for the migration rate: registered minus classified and exempt ones. */
export function systemsInScope(c: SystemCounts): number {
  return Math.max(0, c.registered - c.classified - c.exempt);
}

/** Returns null when no system is in scope: a rate of nothing is undefined, not zero. */
export function migrationRate(c: SystemCounts): number | null {
  const scope = systemsInScope(c);
  return scope === 0 ? null : c.onCloud / scope;
}

export type UsageWeights = Readonly<Record<Resource, number>>;
export const DEFAULT_USAGE_WEIGHTS: UsageWeights = Object.freeze({ vcpu: 1, memory: 1, storage: 1 });

export interface AllocationFigures {
  total: number;
  allocated: number;
}

/**
 * Weighted mean of allocation ratios. Resources with no capacity are left out (and their weight
 * with them) rather than counted as 0%; null when no resource has capacity.
 */
export function usageRate(
  figures: Partial<Record<Resource, AllocationFigures>>,
  weights: UsageWeights = DEFAULT_USAGE_WEIGHTS,
): number | null {
  let weighted = 0;
  let weightSum = 0;
  for (const [resource, weight] of Object.entries(weights) as [Resource, number][]) {
    const f = figures[resource];
    if (!f || !(f.total > 0) || weight <= 0) continue;
    weighted += weight * (f.allocated / f.total);
    weightSum += weight;
  }
  return weightSum === 0 ? null : weighted / weightSum;
}

/** Go-live + 12 months, same calendar day (clamped to the month's end). */
export function evaluationDeadline(goLive: Date): Date {
  const d = new Date(goLive.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + EVALUATION_MONTHS);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** How a system left the migration scope (seed 003 art. 3). */
export type Exclusion = 'classified' | 'exempt';

/** The dates the registry keeps for one business system. */
export interface SystemDates {
  registeredAt: Date;
  onCloudAt: Date | null;
  excludedAt: Date | null;
  /** Why it was excluded (from its current status); only read when excludedAt is set. */
  exclusion: Exclusion | null;
}

/**
 * Counts at the end of a given instant: a system counts once registered; once excluded it is out
 * of scope (and not counted on the cloud even if it ran there before), otherwise it is on the
 * cloud from its onCloudAt.
 */
export function systemCountsAt(systems: Iterable<SystemDates>, at: Date): SystemCounts {
  const t = at.getTime();
  const c: SystemCounts = { registered: 0, onCloud: 0, classified: 0, exempt: 0 };
  for (const s of systems) {
    if (s.registeredAt.getTime() > t) continue;
    c.registered++;
    if (s.excludedAt && s.excludedAt.getTime() <= t) {
      if (s.exclusion === 'classified') c.classified++;
      else c.exempt++;
    } else if (s.onCloudAt && s.onCloudAt.getTime() <= t) c.onCloud++;
  }
  return c;
}

/**
 * Systems that must still move on the cloud for the migration rate to meet the target, with the
 * scope unchanged. The smallest n with migrationRate(onCloud + n) meeting the target; 0 when met;
 * null when nothing is in scope.
 */
export function migrationGap(c: SystemCounts, target: number): number | null {
  const scope = systemsInScope(c);
  if (scope === 0) return null;
  let n = Math.max(0, Math.ceil(target * scope) - c.onCloud);
  // Correct the float estimate against the very rule the status uses.
  while (n > 0 && meetsTarget(migrationRate({ ...c, onCloud: c.onCloud + n - 1 }), target)) n--;
  while (!meetsTarget(migrationRate({ ...c, onCloud: c.onCloud + n }), target)) n++;
  return n;
}

/**
 * Amount of one resource that must still be allocated (the others unchanged) for the usage rate
 * to meet the target, in base units (vCPU, bytes), rounded up to the resource's allocation step
 * (a whole vCPU, a whole GiB). 0 when met; null when that resource alone cannot close the gap
 * (it would exceed its total) or has no capacity.
 */
export function usageGap(
  figures: Partial<Record<Resource, AllocationFigures>>,
  resource: Resource,
  target: number,
  weights: UsageWeights = DEFAULT_USAGE_WEIGHTS,
): number | null {
  const f = figures[resource];
  if (!f || !(f.total > 0) || !(weights[resource] > 0)) return null;
  const step = RESOURCE_METRICS[resource].allocationStep;
  const rateWith = (allocated: number) => usageRate({ ...figures, [resource]: { total: f.total, allocated } }, weights);
  const passes = (steps: number) => meetsTarget(rateWith(f.allocated + steps * step), target);
  if (passes(0)) return 0;
  const maxSteps = Math.floor((f.total - f.allocated) / step);
  if (!passes(maxSteps)) return null;
  // The rate is linear in this resource's allocation: solve, then correct the float estimate.
  const base = rateWith(0) ?? 0;
  const slope = (rateWith(f.total)! - base) / f.total;
  let n = Math.min(maxSteps, Math.max(0, Math.ceil(((target - base) / slope - f.allocated) / step)));
  while (n > 0 && passes(n - 1)) n--;
  while (!passes(n)) n++;
  return n * step;
}
