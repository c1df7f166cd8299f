/**
 * The province's indicators for a subject (a node, a city, the province) at an instant, computed
 * with @gcc/domain's formulas: migration rate from the registry, overall usage rate from
 * VictoriaMetrics, and for evaluated nodes the deadline, status, projection and gap to pass.
 */
import {
  combineStatuses, DEFAULT_USAGE_WEIGHTS, endOfDueDay, evaluationDeadline, evaluationStart, indicatorStatus,
  linearTrend, migrationGap, migrationRate, MIGRATION_RATE_TARGET, PROJECTION_WINDOW_DAYS, RESOURCES, RESOURCE_METRICS,
  systemCountsAt, systemsInScope, usageGap, usageRate, USAGE_RATE_TARGET, type EvaluationScope, type IndicatorStatus,
  type Resource, type SystemCounts, type TrendPoint,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';
import { isLiveAt, isStale } from '../capacity/capacity-service.ts';
import { DAY_MS, dailyFigures, domainKind, figuresAtDeadlines, systemsByRegion, type Figures, type RegionSystems } from './indicator-loaders.ts';

/** What an indicator is computed for: the systems of some regions and the capacity of some nodes. */
export interface Subject {
  /** null = every region (the province as a whole). */
  regionCodes: readonly string[] | null;
  nodeIds: readonly string[];
  /** The node whose evaluation applies; null for the province. */
  node: Node | null;
  atMs: number;
}

export const enumValue = (v: string) => v.toUpperCase().replace(/-/g, '_');

/** A city's subject: its systems and its node(s); its (only) node is the one evaluated. */
export async function citySubject(ctx: RequestContext, code: string, atMs: number): Promise<Subject> {
  const nodes = (await ctx.loaders.allNodes()).filter((n) => n.regionCode === code);
  return { regionCodes: [code], nodeIds: nodes.map((n) => n.id), node: nodes[0] ?? null, atMs };
}

async function subjectSystems(ctx: RequestContext, s: Subject): Promise<RegionSystems[]> {
  const byRegion = await systemsByRegion(ctx);
  return s.regionCodes === null ? [...byRegion.values()].flat() : s.regionCodes.flatMap((c) => byRegion.get(c) ?? []);
}

export interface MigrationFigures extends SystemCounts {
  value: number | null;
  inScope: number;
}

export async function migrationAt(ctx: RequestContext, s: Subject, atMs = s.atMs): Promise<MigrationFigures> {
  const counts = systemCountsAt(await subjectSystems(ctx, s), new Date(atMs));
  return { ...counts, value: migrationRate(counts), inScope: systemsInScope(counts) };
}

export interface UsageFigures {
  value: number | null;
  /** allocated ÷ total per resource. */
  ratios: Record<Resource, number | null>;
  /** used ÷ total, equal-weight mean over the resources that have capacity. */
  utilization: number | null;
  figures: Figures;
  staleNodes: string[];
}

export async function usageAt(ctx: RequestContext, s: Subject): Promise<UsageFigures> {
  const nodes = await ctx.loaders.allNodes();
  const live = new Set(nodes.filter((n) => isLiveAt(n, s.atMs)).map((n) => n.id));
  const figures: Figures = {};
  const used: Partial<Record<Resource, { total: number; allocated: number }>> = {};
  const ratios = { vcpu: null, memory: null, storage: null } as Record<Resource, number | null>;
  const staleNodes = new Set<string>();
  await Promise.all(
    RESOURCES.map(async (resource) => {
      const readings = await ctx.loaders.capacity(resource, s.atMs);
      let total = 0;
      let allocated = 0;
      let busy = 0;
      for (const id of s.nodeIds) {
        const r = readings.get(id);
        if (live.has(id) && isStale(r, s.atMs)) staleNodes.add(id);
        total += r?.values.total ?? 0;
        allocated += r?.values.allocated ?? 0;
        busy += r?.values.used ?? 0;
      }
      figures[resource] = { total, allocated };
      // The utilization is the same weighted mean, over used instead of allocated.
      used[resource] = { total, allocated: busy };
      ratios[resource] = total > 0 ? allocated / total : null;
    }),
  );
  return { value: usageRate(figures), ratios, utilization: usageRate(used), figures, staleNodes: [...staleNodes].sort() };
}

export interface Trend {
  windowDays: number;
  points: number;
  slopePerDay: number;
}

export interface IndicatorEvaluation {
  status: IndicatorStatus;
  target: number;
  current: number | null;
  atDeadline: number | null;
  projected: number | null;
  trend: Trend | null;
  gap: Gap;
}

export interface ResourceGap {
  resource: Resource;
  amount: number | null;
  displayAmount: number | null;
  displayUnit: string;
}

export interface Gap {
  met: boolean;
  /** Systems (migration) or vCPU (usage, other resources unchanged); null when not closable that way. */
  amount: number | null;
  unit: 'systems' | 'vcpu';
  zh: string;
  en: string;
  byResource: ResourceGap[];
}

export interface Evaluation {
  scope: EvaluationScope;
  basis: 'go-live' | 'interconnect';
  start: Date;
  deadline: Date;
  /** The instant the deadline day ends (China time): the value "at the deadline" is read here. */
  deadlineInstant: Date;
  daysLeft: number;
  status: IndicatorStatus;
  migration: IndicatorEvaluation;
  usage: IndicatorEvaluation;
}

const clampRatio = (v: number) => Math.min(1, Math.max(0, v));

function project(points: TrendPoint[], deadlineMs: number): { projected: number | null; trend: Trend | null } {
  const line = linearTrend(points);
  if (!line) return { projected: null, trend: null };
  return {
    projected: clampRatio(line.valueAt(deadlineMs)),
    trend: { windowDays: PROJECTION_WINDOW_DAYS, points: line.points, slopePerDay: line.slopePerDay },
  };
}

export function migrationGapOf(counts: SystemCounts): Gap {
  const n = migrationGap(counts, MIGRATION_RATE_TARGET);
  const met = n === 0;
  return {
    met,
    amount: n,
    unit: 'systems',
    zh: n === null ? '无纳入统计的业务系统' : met ? '已达标' : `还需 ${n} 个业务系统迁移上云`,
    en: n === null ? 'No systems in scope' : met ? 'Target met' : `${n} more system${n === 1 ? '' : 's'} must migrate`,
    byResource: [],
  };
}

export function usageGapOf(figures: Figures): Gap {
  const byResource = RESOURCES.map((resource): ResourceGap => {
    const amount = usageGap(figures, resource, USAGE_RATE_TARGET, DEFAULT_USAGE_WEIGHTS);
    const m = RESOURCE_METRICS[resource];
    return { resource, amount, displayAmount: amount === null ? null : amount / m.displayDivisor, displayUnit: m.displayUnit };
  });
  const vcpu = byResource[0]!.amount;
  const met = byResource.some((g) => g.amount === 0);
  return {
    met,
    amount: vcpu,
    unit: 'vcpu',
    zh: met ? '已达标' : vcpu === null ? '仅增加 vCPU 分配无法达标' : `还需分配 ${vcpu} 个 vCPU（内存、存储不变）`,
    en: met ? 'Target met' : vcpu === null ? 'Allocating vCPU alone cannot reach the target' : `${vcpu} more vCPU must be allocated (memory and storage unchanged)`,
    byResource,
  };
}

/** Daily values from the window's start (or the evaluation start, if later) to atMs. */
function windowDays(startMs: number, atMs: number): number[] {
  const from = Math.max(startMs, atMs - PROJECTION_WINDOW_DAYS * DAY_MS);
  const days: number[] = [];
  for (let t = atMs; t >= from; t -= DAY_MS) days.unshift(t);
  return days;
}

/** Memoized per node and instant: a city's screen and the rankings share one computation. */
export function evaluationOf(ctx: RequestContext, s: Subject): Promise<Evaluation | null> {
  if (!s.node) return Promise.resolve(null);
  return ctx.memo(`evaluation:${s.node.id}:${s.atMs}:${s.regionCodes?.join(',')}`, () => computeEvaluation(ctx, s));
}

async function computeEvaluation(ctx: RequestContext, s: Subject): Promise<Evaluation | null> {
  if (!s.node) return null;
  const at = new Date(s.atMs);
  const es = evaluationStart({ kind: domainKind(s.node), goLiveDate: s.node.goLiveDate, interconnectDate: s.node.interconnectDate }, at);
  if (es.scope !== 'evaluated' || !es.start || !es.basis) return null;
  const deadline = evaluationDeadline(es.start);
  const deadlineMs = endOfDueDay(deadline).getTime();
  const passed = s.atMs >= deadlineMs;
  const [migrationNow, usageNow] = await Promise.all([migrationAt(ctx, s), usageAt(ctx, s)]);

  let migrationAtDeadline: number | null = null;
  let usageAtDeadline: number | null = null;
  let migrationProjection: ReturnType<typeof project> = { projected: null, trend: null };
  let usageProjection: ReturnType<typeof project> = { projected: null, trend: null };
  if (passed) {
    migrationAtDeadline = (await migrationAt(ctx, s, deadlineMs)).value;
    usageAtDeadline = usageRate((await figuresAtDeadlines(ctx, s.atMs)).get(s.node.id) ?? {});
  } else {
    const days = windowDays(es.start.getTime(), s.atMs);
    const systems = await subjectSystems(ctx, s);
    const migrationPoints = days.flatMap((t) => {
      const v = migrationRate(systemCountsAt(systems, new Date(t)));
      return v === null ? [] : [{ t, v }];
    });
    migrationProjection = project(migrationPoints, deadlineMs);
    const daily = (await dailyFigures(ctx, s.atMs)).get(s.node.id) ?? new Map<number, Figures>();
    const usagePoints = [...daily]
      .filter(([t]) => t >= (days[0] ?? s.atMs))
      .flatMap(([t, f]) => {
        const v = usageRate(f);
        return v === null ? [] : [{ t, v }];
      })
      .sort((a, b) => a.t - b.t);
    usageProjection = project(usagePoints, deadlineMs);
  }

  const evaluate = (target: number, current: number | null, atDeadline: number | null, p: ReturnType<typeof project>, gap: Gap): IndicatorEvaluation => ({
    status: indicatorStatus({ target, deadline: new Date(deadlineMs), at, current, atDeadline, projected: p.projected }),
    target,
    current,
    atDeadline,
    projected: p.projected,
    trend: p.trend,
    gap,
  });
  const migration = evaluate(MIGRATION_RATE_TARGET, migrationNow.value, migrationAtDeadline, migrationProjection, migrationGapOf(migrationNow));
  const usage = evaluate(USAGE_RATE_TARGET, usageNow.value, usageAtDeadline, usageProjection, usageGapOf(usageNow.figures));
  return {
    scope: es.scope,
    basis: es.basis,
    start: es.start,
    deadline,
    deadlineInstant: new Date(deadlineMs),
    daysLeft: Math.max(0, Math.ceil((deadlineMs - s.atMs) / DAY_MS)),
    status: combineStatuses([migration.status, usage.status]),
    migration,
    usage,
  };
}

export function scopeOf(s: Subject): EvaluationScope {
  if (!s.node) return s.regionCodes === null ? 'provincial' : 'not-live';
  return evaluationStart({ kind: domainKind(s.node), goLiveDate: s.node.goLiveDate, interconnectDate: s.node.interconnectDate }, new Date(s.atMs)).scope;
}
