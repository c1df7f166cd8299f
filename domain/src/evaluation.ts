/**
 * The uptake evaluation (seed 001 三(六)): which nodes are evaluated and from when, and how an
 * indicator's status is decided before and after the deadline. Pure functions over plain values.
 */
import { evaluationDeadline, meetsTarget } from './indicators.ts';
import type { NodeKind } from './nodes.ts';

/**
 * EVALUATED: subject to the one-year uptake rule. DISPLAY_ONLY: a PRD city cloud that is docked
 * for unified display but not interconnected yet. NOT_LIVE: no go-live (or interconnection) date
 * yet. PROVINCIAL: the provincial node answers to the plan's absolute milestones instead.
 */
export type EvaluationScope = 'evaluated' | 'display-only' | 'not-live' | 'provincial';

export interface EvaluationStart {
  scope: EvaluationScope;
  /** The day the evaluation year starts; null unless evaluated. */
  start: Date | null;
  basis: 'go-live' | 'interconnect' | null;
}

export interface EvaluatedNode {
  kind: NodeKind;
  goLiveDate: Date | null;
  interconnectDate: Date | null;
}

/**
 * A province-built city node is evaluated from its go-live. A PRD city cloud went live on its own,
 * long before the plan; it only joins the province's pool at interconnection, so its year starts
 * then, and until then it is shown but not evaluated (DOMAIN.md: "unified display only").
 * Dates after `at` do not count yet.
 */
export function evaluationStart(node: EvaluatedNode, at: Date): EvaluationStart {
  if (node.kind === 'provincial') return { scope: 'provincial', start: null, basis: null };
  const started = (d: Date | null) => d !== null && d.getTime() <= at.getTime();
  if (node.kind === 'prd') {
    if (started(node.interconnectDate)) return { scope: 'evaluated', start: node.interconnectDate, basis: 'interconnect' };
    return { scope: started(node.goLiveDate) ? 'display-only' : 'not-live', start: null, basis: null };
  }
  if (started(node.goLiveDate)) return { scope: 'evaluated', start: node.goLiveDate, basis: 'go-live' };
  return { scope: 'not-live', start: null, basis: null };
}

/** The deadline of an evaluated node; null when not evaluated. */
export function nodeEvaluationDeadline(node: EvaluatedNode, at: Date): Date | null {
  const { start } = evaluationStart(node, at);
  return start ? evaluationDeadline(start) : null;
}

export type IndicatorStatus = 'on-track' | 'at-risk' | 'met' | 'missed';

/** Days of history the projection fits its trend to. */
export const PROJECTION_WINDOW_DAYS = 90;

export interface TrendPoint {
  /** ms since the epoch */
  t: number;
  v: number;
}

export interface LinearTrend {
  /** Value change per day. */
  slopePerDay: number;
  points: number;
  valueAt(tMs: number): number;
}

/** Least-squares line through the points; null with fewer than two distinct instants. */
export function linearTrend(points: readonly TrendPoint[]): LinearTrend | null {
  const n = points.length;
  if (n < 2) return null;
  // Centre the times: epoch milliseconds squared would lose precision.
  const t0 = points[0]!.t;
  let st = 0;
  let sv = 0;
  for (const p of points) {
    st += p.t - t0;
    sv += p.v;
  }
  const mt = st / n;
  const mv = sv / n;
  let cov = 0;
  let varT = 0;
  for (const p of points) {
    const dt = p.t - t0 - mt;
    cov += dt * (p.v - mv);
    varT += dt * dt;
  }
  if (varT === 0) return null;
  const slope = cov / varT;
  return { slopePerDay: slope * 86_400_000, points: n, valueAt: (t) => mv + slope * (t - t0 - mt) };
}

export interface StatusInput {
  target: number;
  deadline: Date;
  at: Date;
  current: number | null;
  /** Value at the deadline; read only once the deadline has passed. */
  atDeadline: number | null;
  /** Value projected to the deadline; read only before it. */
  projected: number | null;
}

/**
 * After the deadline the value at the deadline decides (met / missed), whatever happened since.
 * Before it the projection decides; without a projection (too little history) the current value.
 */
export function indicatorStatus(i: StatusInput): IndicatorStatus {
  if (i.at.getTime() >= i.deadline.getTime()) return meetsTarget(i.atDeadline, i.target) ? 'met' : 'missed';
  const basis = i.projected ?? i.current;
  return meetsTarget(basis, i.target) ? 'on-track' : 'at-risk';
}

const SEVERITY: Record<IndicatorStatus, number> = { met: 0, 'on-track': 1, 'at-risk': 2, missed: 3 };

/** A node passes only if every indicator passes: the combined status is the worst one. */
export function combineStatuses(statuses: readonly IndicatorStatus[]): IndicatorStatus {
  return statuses.reduce((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'met' as IndicatorStatus);
}
