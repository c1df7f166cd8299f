/**
 * Indicator formulas (DOMAIN.md "Indicators"): computed here and only here, and described as data
 * so the console and reports can print the formula they used.
 */
import { EVALUATION_MONTHS } from './plan.ts';
import type { Resource } from './metrics.ts';

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
    zh: `评估期限 = 节点上线日期 + ${EVALUATION_MONTHS} 个月`,
    en: `Evaluation deadline = node go-live date + ${EVALUATION_MONTHS} months`,
  },
} satisfies Record<string, FormulaDescription>);

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
