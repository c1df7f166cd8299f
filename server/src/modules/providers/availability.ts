/**
 * Availability of nodes over a period from what the collectors recorded and what operations
 * logged: a node is down wherever two collections are further apart than its gap threshold, and
 * during outage incidents; both are merged as intervals so an outage that also stopped collection
 * is not counted twice. A node that went live mid-period is assessed from its go-live.
 *
 * The gap threshold is max(AVAILABILITY_GAP_MINUTES, 2 × the node's mean collection interval in the
 * period): a node collected every 30 s is down after 15 min without data, while history imported
 * at a coarser resolution (6-hourly provider tables, the simulated back-fill) is not read as outages.
 */
import { AVAILABILITY_GAP_MINUTES, collectionCountByNode, collectionLagByNode } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';

/** Sampling step of the lag series: the resolution of collection-gap downtime. */
const STEP_MS = 5 * 60_000;

export interface Interval {
  from: number;
  to: number;
}

export interface NodeAvailability {
  nodeId: string;
  /** The part of the period the node was live (ms). */
  assessedMs: number;
  downtimeMs: number;
  /** Null when nothing was ever collected from the node in the period. */
  availability: number | null;
  collected: boolean;
}

/** Union of intervals clipped to [from, to), total length. */
export function unionLength(intervals: Interval[], from: number, to: number): number {
  const clipped = intervals
    .map((i) => ({ from: Math.max(i.from, from), to: Math.min(i.to, to) }))
    .filter((i) => i.to > i.from)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let cur: Interval | null = null;
  for (const i of clipped) {
    if (cur && i.from <= cur.to) cur.to = Math.max(cur.to, i.to);
    else {
      if (cur) total += cur.to - cur.from;
      cur = { ...i };
    }
  }
  if (cur) total += cur.to - cur.from;
  return total;
}

export async function nodesAvailability(
  ctx: RequestContext,
  nodes: readonly { id: string; goLiveDate: Date | null }[],
  fromMs: number,
  toMs: number,
  outages: ReadonlyMap<string, Interval[]>,
): Promise<Map<string, NodeAvailability>> {
  const out = new Map<string, NodeAvailability>();
  if (toMs <= fromMs || !nodes.length) return out;
  const counts = await ctx.vm.instant(collectionCountByNode((toMs - fromMs) / 1000), toMs);
  const countOf = new Map(counts.map((s) => [s.metric.node ?? '', s.value]));
  // A node's gap threshold grows with its collection interval; the lag window must cover the largest.
  const thresholdOf = (node: { id: string; goLiveDate: Date | null }) => {
    const start = Math.max(fromMs, node.goLiveDate?.getTime() ?? Infinity);
    const count = countOf.get(node.id) ?? 0;
    return count > 0 ? Math.max(AVAILABILITY_GAP_MINUTES * 60, (2 * (toMs - start)) / 1000 / count) : AVAILABILITY_GAP_MINUTES * 60;
  };
  const window = Math.max(...nodes.map(thresholdOf)) + STEP_MS / 1000;
  const lags = await ctx.vm.range(collectionLagByNode(window), fromMs + STEP_MS, toMs, STEP_MS, { exactGrid: true });
  const lagOf = new Map(lags.map((s) => [s.metric.node ?? '', new Map(s.points)]));
  for (const node of nodes) {
    const start = Math.max(fromMs, node.goLiveDate?.getTime() ?? Infinity);
    if (start >= toMs) continue;
    const assessedMs = toMs - start;
    const count = countOf.get(node.id) ?? 0;
    const intervals: Interval[] = [...(outages.get(node.id) ?? [])];
    if (count > 0) {
      const thresholdS = thresholdOf(node);
      const series = lagOf.get(node.id) ?? new Map<number, number>();
      // Each step whose lag exceeds the threshold (or has none: nothing within the window) is down for a step.
      for (let t = fromMs + STEP_MS; t <= toMs; t += STEP_MS) {
        if (t <= start) continue;
        const lag = series.get(t);
        if (lag === undefined || lag > thresholdS) intervals.push({ from: t - STEP_MS, to: t });
      }
    }
    const downtimeMs = unionLength(intervals, start, toMs);
    out.set(node.id, {
      nodeId: node.id,
      assessedMs,
      downtimeMs,
      availability: count > 0 ? 1 - downtimeMs / assessedMs : null,
      collected: count > 0,
    });
  }
  return out;
}
