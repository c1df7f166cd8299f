/**
 * Plan vs actual for every milestone of the plan (PlanMilestone rows): planned value and date,
 * the actual value at the due date, the date it was actually achieved, and a status. Node counts
 * come from the registry's dates, system counts from the business systems, the provincial vCPU
 * from VictoriaMetrics' daily history of the provincial node.
 */
import {
  combineStatuses, endOfDueDay, indicatorStatus, linearTrend, meetsTarget, PROJECTION_WINDOW_DAYS, PROVINCE_CODE,
  PROVINCIAL_NODE_ID, systemCountsAt, type IndicatorStatus, type TrendPoint,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node, PlanMilestone } from '../../generated/prisma/client.ts';
import { DAY_MS, systemsByRegion } from '../indicators/indicator-loaders.ts';
import { citySubject, evaluationOf } from '../indicators/indicators-service.ts';
import { provincialVcpuDaily } from './provincial-vcpu.ts';

export interface NodeProgress {
  node: Node;
  plannedDate: Date | null;
  dueDate: Date | null;
  actualDate: Date | null;
  actualValue: number | null;
  status: IndicatorStatus | null;
}

export interface MilestoneProgress {
  milestone: PlanMilestone;
  actualAtDue: number | null;
  actualNow: number | null;
  achievedOn: Date | null;
  status: IndicatorStatus | null;
  nodes: NodeProgress[];
}

/** The China calendar day an instant falls in, as UTC midnight (how the registry stores days). */
export const chinaDayOf = (ms: number) => new Date(Math.floor((ms + 8 * 3600_000) / DAY_MS) * DAY_MS);
const addMonths = (d: Date, months: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * After the due date the value at the due date decides. Before it: met already, or the trend of
 * the last 90 days extended to the due date meets it (ON_TRACK), otherwise AT_RISK.
 */
function statusOf(target: number, dueMs: number, atMs: number, atDue: number | null, now: number | null, trend: TrendPoint[]): IndicatorStatus {
  const line = meetsTarget(now, target) ? null : linearTrend(trend.filter((p) => p.t >= atMs - PROJECTION_WINDOW_DAYS * DAY_MS));
  const projected = meetsTarget(now, target) ? now : line ? line.valueAt(dueMs) : null;
  return indicatorStatus({ target, deadline: new Date(dueMs), at: new Date(atMs), current: now, atDeadline: atDue, projected });
}

/** The day whose end is the first point (points are day ends, in time order) that meets the target. */
function firstMeeting(points: TrendPoint[], target: number): Date | null {
  const p = points.find((x) => meetsTarget(x.v, target));
  // A day's end (24:00 China time) is the next day's first instant: step back 1 ms into the day.
  return p ? chinaDayOf(p.t - 1) : null;
}

/** Per-node date milestone: done by its due date, late, or (before it) planned in time or not. */
function nodeDateStatus(actual: Date | null, planned: Date | null, dueMs: number, atMs: number): IndicatorStatus {
  const done = actual !== null && actual.getTime() <= atMs;
  if (done && actual.getTime() <= dueMs) return 'met';
  if (atMs >= dueMs) return 'missed';
  return planned !== null && planned.getTime() <= dueMs ? 'on-track' : 'at-risk';
}

type DateField = 'goLiveDate' | 'dockingDate' | 'securityPlatformDate';
const PLANNED: Partial<Record<DateField, 'plannedGoLiveDate' | 'plannedDockingDate'>> = { goLiveDate: 'plannedGoLiveDate', dockingDate: 'plannedDockingDate' };

function nodeCountProgress(m: PlanMilestone, nodes: Node[], field: DateField, atMs: number): Omit<MilestoneProgress, 'milestone'> {
  const dueMs = endOfDueDay(m.dueDate!).getTime();
  const perNodeDue = (n: Node) => {
    // Security platforms: within relativeMonths of the node's go-live, and all by the due date.
    if (m.relativeMonths !== null && n.goLiveDate) return Math.min(dueMs, endOfDueDay(addMonths(n.goLiveDate, m.relativeMonths)).getTime());
    return dueMs;
  };
  const rows: NodeProgress[] = nodes.map((n) => {
    const actual = n[field] && n[field]!.getTime() <= atMs ? n[field] : null;
    const plannedField = PLANNED[field];
    const planned = plannedField ? n[plannedField] : null;
    const due = perNodeDue(n);
    return { node: n, plannedDate: planned, dueDate: chinaDayOf(due), actualDate: actual, actualValue: null, status: nodeDateStatus(actual, planned, due, atMs) };
  });
  const countAt = (t: number) => rows.filter((r) => r.actualDate !== null && r.actualDate.getTime() <= t).length;
  const dates = rows.map((r) => r.actualDate).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime());
  const onTimeOrPlanned = rows.filter((r) => r.status === 'met' || r.status === 'on-track').length;
  let status: IndicatorStatus;
  if (atMs >= dueMs) status = countAt(dueMs) >= m.targetValue ? 'met' : 'missed';
  else status = countAt(atMs) >= m.targetValue || onTimeOrPlanned >= m.targetValue ? 'on-track' : 'at-risk';
  return {
    actualAtDue: atMs >= dueMs ? countAt(dueMs) : null,
    actualNow: countAt(atMs),
    achievedOn: dates[m.targetValue - 1] ?? null,
    status,
    nodes: rows,
  };
}

async function systemsProgress(ctx: RequestContext, m: PlanMilestone, atMs: number): Promise<Omit<MilestoneProgress, 'milestone'>> {
  const dueMs = endOfDueDay(m.dueDate!).getTime();
  const systems = (await systemsByRegion(ctx)).get(PROVINCE_CODE) ?? [];
  const onCloud = (t: number) => systemCountsAt(systems, new Date(t)).onCloud;
  // Counts only change on the days systems move or leave the scope: test those days in order.
  const days = [...new Set(systems.flatMap((s) => [s.onCloudAt, s.excludedAt]).map(ms).filter((t): t is number => t !== null && t <= atMs))].sort((a, b) => a - b);
  const points = days.map((t) => ({ t: endOfDueDay(new Date(t)).getTime(), v: onCloud(endOfDueDay(new Date(t)).getTime()) }));
  const daily: TrendPoint[] = [];
  for (let t = atMs - PROJECTION_WINDOW_DAYS * DAY_MS; t <= atMs; t += DAY_MS) daily.push({ t, v: onCloud(t) });
  const atDue = atMs >= dueMs ? onCloud(dueMs) : null;
  const now = onCloud(atMs);
  return { actualAtDue: atDue, actualNow: now, achievedOn: firstMeeting(points, m.targetValue), status: statusOf(m.targetValue, dueMs, atMs, atDue, now, daily), nodes: [] };
}

async function vcpuProgress(ctx: RequestContext, m: PlanMilestone, atMs: number): Promise<Omit<MilestoneProgress, 'milestone'>> {
  const dueMs = endOfDueDay(m.dueDate!).getTime();
  const series = await provincialVcpuDaily(ctx, atMs);
  const valueAt = (t: number) => series.find((p) => p.t === t)?.v ?? null;
  // "Added in the due year": growth since the end of the previous year.
  const baselineMs = m.kind === 'provincial-vcpu-added' ? endOfDueDay(new Date(Date.UTC(m.dueDate!.getUTCFullYear() - 1, 11, 31))).getTime() : null;
  const baseline = baselineMs === null ? 0 : valueAt(baselineMs);
  const points = series.filter((p) => baselineMs === null || p.t >= baselineMs).map((p) => ({ t: p.t, v: baseline === null ? NaN : p.v - baseline }));
  const current = (await ctx.loaders.capacity('vcpu', atMs)).get(PROVINCIAL_NODE_ID)?.values.total ?? null;
  const now = current !== null && baseline !== null ? current - baseline : null;
  const atDueRaw = atMs >= dueMs ? valueAt(dueMs) : null;
  const atDue = atDueRaw !== null && baseline !== null ? atDueRaw - baseline : null;
  return {
    actualAtDue: atDue,
    actualNow: now,
    achievedOn: firstMeeting(points, m.targetValue),
    // No history at the due date (or at the baseline): unknown, not missed.
    status: atMs >= dueMs && atDue === null ? null : statusOf(m.targetValue, dueMs, atMs, atDue, now, points),
    nodes: [],
  };
}

async function relativeProgress(ctx: RequestContext, m: PlanMilestone, nodes: Node[], atMs: number): Promise<Omit<MilestoneProgress, 'milestone'>> {
  const rows: NodeProgress[] = [];
  for (const n of nodes.filter((x) => x.kind !== 'PROVINCIAL')) {
    const e = await evaluationOf(ctx, await citySubject(ctx, n.regionCode, atMs));
    if (!e) continue;
    const i = m.kind === 'city-migration-rate' ? e.migration : e.usage;
    const passed = atMs >= e.deadlineInstant.getTime();
    rows.push({ node: n, plannedDate: null, dueDate: e.deadline, actualDate: null, actualValue: passed ? i.atDeadline : i.current, status: i.status });
  }
  const met = rows.filter((r) => r.status === 'met').length;
  return { actualAtDue: null, actualNow: met, achievedOn: null, status: rows.length ? combineStatuses(rows.map((r) => r.status!)) : null, nodes: rows };
}

export function milestones(ctx: RequestContext): Promise<PlanMilestone[]> {
  return ctx.memo('milestones', () => ctx.db.prisma.planMilestone.findMany({ orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { code: 'asc' }] }));
}

export async function milestoneProgress(ctx: RequestContext, m: PlanMilestone, atMs: number): Promise<MilestoneProgress> {
  const nodes = await ctx.loaders.allNodes();
  const named = m.nodeIds.length ? nodes.filter((n) => m.nodeIds.includes(n.id)) : null;
  let p: Omit<MilestoneProgress, 'milestone'>;
  switch (m.kind) {
    case 'provincial-vcpu':
    case 'provincial-vcpu-added':
      p = await vcpuProgress(ctx, m, atMs);
      break;
    case 'systems-migrated':
      p = await systemsProgress(ctx, m, atMs);
      break;
    case 'city-nodes-live':
      p = nodeCountProgress(m, named ?? nodes.filter((n) => n.kind === 'CITY'), 'goLiveDate', atMs);
      break;
    case 'prd-docked':
      p = nodeCountProgress(m, named ?? nodes.filter((n) => n.kind === 'PRD'), 'dockingDate', atMs);
      break;
    case 'security-platforms':
      p = nodeCountProgress(m, named ?? nodes, 'securityPlatformDate', atMs);
      break;
    default:
      p = await relativeProgress(ctx, m, nodes, atMs);
  }
  return { milestone: m, ...p };
}
