/**
 * Data credibility: every number says where it comes from. Collected numbers name their source
 * nodes with each node's CMP kind, the time of the collector's last good pull
 * (COLLECTOR_METRICS.lastSuccess) and whether the node is stale; registry numbers say so.
 */
import { lastGoodPullByNode } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { LOOKBACK } from '../capacity/capacity-service.ts';

export interface DataSource {
  nodeId: string;
  nameZh: string;
  nameEn: string;
  cmpKind: string;
  lastGoodPull: Date | null;
  stale: boolean;
}

export interface Credibility {
  origin: 'COLLECTED' | 'REGISTRY';
  sources: DataSource[];
  /** The oldest last good pull among the sources: the number is at least this fresh. */
  lastGoodPull: Date | null;
  stale: boolean;
  staleNodes: string[];
}

/** Unix ms of each node's last good pull at atMs; one VictoriaMetrics query per request and instant. */
export function lastGoodPulls(ctx: RequestContext, atMs: number): Promise<Map<string, number>> {
  return ctx.memo(`pulls:${atMs}`, async () => {
    const samples = await ctx.vm.instant(lastGoodPullByNode(LOOKBACK), atMs);
    const pulls = new Map<string, number>();
    for (const s of samples) if (s.metric.node) pulls.set(s.metric.node, s.value * 1000);
    return pulls;
  });
}

/**
 * Credibility of a number computed from the given nodes. Staleness comes from the figure itself
 * (the age of the samples it used) so the flag and the number can never disagree.
 */
export async function collectedCredibility(
  ctx: RequestContext,
  nodeIds: readonly string[],
  staleNodes: readonly string[],
  atMs: number,
): Promise<Credibility> {
  const [nodes, pulls] = await Promise.all([ctx.loaders.allNodes(), lastGoodPulls(ctx, atMs)]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const stale = new Set(staleNodes);
  const sources: DataSource[] = nodeIds.map((id) => {
    const n = byId.get(id);
    const pull = pulls.get(id);
    return {
      nodeId: id,
      nameZh: n?.nameZh ?? id,
      nameEn: n?.nameEn ?? id,
      cmpKind: n?.cmpKind ?? 'OPENSTACK',
      lastGoodPull: pull === undefined ? null : new Date(pull),
      stale: stale.has(id),
    };
  });
  const times = sources.map((s) => s.lastGoodPull?.getTime());
  const oldest = times.length && times.every((t) => t !== undefined) ? Math.min(...(times as number[])) : null;
  return { origin: 'COLLECTED', sources, lastGoodPull: oldest === null ? null : new Date(oldest), stale: stale.size > 0, staleNodes: [...stale] };
}

/** Numbers counted from the registry (business systems, dates) are as current as the database. */
export const REGISTRY_CREDIBILITY: Credibility = Object.freeze({
  origin: 'REGISTRY',
  sources: [],
  lastGoodPull: null,
  stale: false,
  staleNodes: [],
}) as Credibility;
