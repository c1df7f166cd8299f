/**
 * History of one measure over a scope (province, nodes, a data centre): VictoriaMetrics
 * query_range with a validated range and step. Every bad input is refused before a query is sent,
 * so no request can ask VictoriaMetrics for millions of points.
 */
import { duration, RESOURCE_METRICS, scopeSeries, type Measure, type Resource, type SeriesScope } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';

const DAY_MS = 86_400_000;
/** Longest range: the province's history starts in 2019, twenty years leave room. */
export const MAX_RANGE_MS = 20 * 366 * DAY_MS;
/** Below the collectors' interval a step only repeats samples. */
export const MIN_STEP_MS = 10_000;
/** Points per series; Prometheus refuses more than 11,000 too. */
export const MAX_POINTS = 11_000;
/** A chart is a few hundred pixels wide: the default step aims at about this many points. */
const DEFAULT_POINTS = 240;
const DEFAULT_RANGE_MS = 7 * DAY_MS;
/** Steps a person reads at a glance; the default step is the smallest that fits. */
const NICE_STEPS_S = [30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400];
/**
 * How long a sample carries forward in a chart. History written in bulk (the backfill's default
 * GCC_BACKFILL_STEP is 6h) has a sample every few hours; a fine step must still show a line there,
 * while a node that stopped reporting drops out of the sum after this long.
 */
export const CARRY_FORWARD_S = 6 * 3600;

export interface HistoryArgs {
  measure: Measure;
  from?: Date | null;
  to?: Date | null;
  stepSeconds?: number | null;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

export function defaultStepMs(rangeMs: number): number {
  const wanted = rangeMs / DEFAULT_POINTS / 1000;
  const nice = NICE_STEPS_S.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
  return Math.max(nice * 1000, Math.ceil(rangeMs / MAX_POINTS / 1000) * 1000);
}

/** Validates a range and step (all problems are input errors, none reach VictoriaMetrics). */
export function resolveRange(args: Omit<HistoryArgs, 'measure'>, nowMs: number): ResolvedRange {
  const toMs = args.to?.getTime() ?? nowMs;
  const fromMs = args.from?.getTime() ?? toMs - DEFAULT_RANGE_MS;
  if (!(fromMs < toMs)) {
    throw new GccError('GCC_ERR_INPUT_RANGE_INVERTED', `the range must start before it ends: from ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()}`);
  }
  const rangeMs = toMs - fromMs;
  if (rangeMs > MAX_RANGE_MS) {
    throw new GccError('GCC_ERR_INPUT_RANGE_TOO_LARGE', `the range spans ${Math.round(rangeMs / DAY_MS)} days; at most ${MAX_RANGE_MS / DAY_MS} days are allowed`);
  }
  if (args.stepSeconds === undefined || args.stepSeconds === null) return { fromMs, toMs, stepMs: defaultStepMs(rangeMs) };
  const stepMs = args.stepSeconds * 1000;
  if (!Number.isInteger(args.stepSeconds) || stepMs < MIN_STEP_MS || stepMs > rangeMs) {
    throw new GccError('GCC_ERR_INPUT_STEP', `stepSeconds must be a whole number between ${MIN_STEP_MS / 1000} and the range (${rangeMs / 1000} s); got ${args.stepSeconds}`);
  }
  const points = Math.floor(rangeMs / stepMs) + 1;
  if (points > MAX_POINTS) {
    throw new GccError('GCC_ERR_INPUT_STEP', `stepSeconds ${args.stepSeconds} gives ${points} points; at most ${MAX_POINTS} are allowed (use at least ${Math.ceil(rangeMs / (MAX_POINTS - 1) / 1000)} s)`);
  }
  return { fromMs, toMs, stepMs };
}

export interface HistorySeries {
  resource: Resource;
  measure: Measure;
  from: Date;
  to: Date;
  stepSeconds: number;
  unit: string;
  points: { t: Date; v: number }[];
}

export async function readHistory(vm: VmClient, resource: Resource, scope: SeriesScope, args: HistoryArgs, nowMs: number): Promise<HistorySeries> {
  const { fromMs, toMs, stepMs } = resolveRange(args, nowMs);
  // A step's value is each series' newest sample within max(step, carry-forward).
  const lookback = duration(Math.max(stepMs / 1000, CARRY_FORWARD_S));
  const series = await vm.range(scopeSeries(resource, args.measure, scope, lookback), fromMs, toMs, stepMs);
  return {
    resource,
    measure: args.measure,
    from: new Date(fromMs),
    to: new Date(toMs),
    stepSeconds: stepMs / 1000,
    unit: RESOURCE_METRICS[resource].unit,
    points: (series[0]?.points ?? []).map(([t, v]) => ({ t: new Date(t), v })),
  };
}
