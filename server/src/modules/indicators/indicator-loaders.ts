/**
 * Request-scoped reads behind the indicators, each one query for all nodes at once whatever
 * the number of cities asked for: the business systems (one DB query), every node's allocation
 * at its own deadline (one VictoriaMetrics query per resource, `@` per node) and the daily
 * allocation over the projection window (one query_range per resource).
 */
import {
  allocationAtInstants, allocationByNode, endOfDueDay, evaluationDeadline, evaluationStart, PROJECTION_WINDOW_DAYS,
  RESOURCES, type AllocationFigures, type NodeKind, type Resource, type SystemDates,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';
import { LOOKBACK } from '../capacity/capacity-service.ts';

export const DAY_MS = 86_400_000;
export type Figures = Partial<Record<Resource, AllocationFigures>>;

export interface RegionSystems extends SystemDates {
  regionCode: string;
}

/** Every business system's dates, grouped by region; one DB query per request. */
export function systemsByRegion(ctx: RequestContext): Promise<Map<string, RegionSystems[]>> {
  return ctx.memo('systems', async () => {
    const rows = await ctx.db.prisma.businessSystem.findMany({
      select: { regionCode: true, status: true, registeredAt: true, onCloudAt: true, excludedAt: true },
    });
    const byRegion = new Map<string, RegionSystems[]>();
    for (const r of rows) {
      const list = byRegion.get(r.regionCode) ?? [];
      list.push({
        regionCode: r.regionCode,
        registeredAt: r.registeredAt,
        onCloudAt: r.onCloudAt,
        excludedAt: r.excludedAt,
        // Only the current status says why a system left the scope; anything excluded that is not
        // classified was exempted by expert review.
        exclusion: r.status === 'CLASSIFIED' ? 'classified' : r.excludedAt ? 'exempt' : null,
      });
      byRegion.set(r.regionCode, list);
    }
    return byRegion;
  });
}

export function domainKind(node: Node): NodeKind {
  return node.kind === 'PROVINCIAL' ? 'provincial' : node.kind === 'PRD' ? 'prd' : 'city';
}

/** The instant a node's evaluation deadline day ends, or null when not evaluated at atMs. */
export function deadlineInstant(node: Node, atMs: number): number | null {
  const start = evaluationStart({ kind: domainKind(node), goLiveDate: node.goLiveDate, interconnectDate: node.interconnectDate }, new Date(atMs)).start;
  return start ? endOfDueDay(evaluationDeadline(start)).getTime() : null;
}

function figuresFrom(samples: { metric: Record<string, string>; value: number }[], into: Map<string, Figures>, resource: Resource): void {
  for (const s of samples) {
    const node = s.metric.node;
    const measure = s.metric.measure;
    if (!node || (measure !== 'total' && measure !== 'allocated')) continue;
    const figures = into.get(node) ?? {};
    const f = (figures[resource] ??= { total: 0, allocated: 0 });
    f[measure] = s.value;
    into.set(node, figures);
  }
}

/** Each evaluated node's allocation figures at its own deadline, for nodes whose deadline has passed. */
export function figuresAtDeadlines(ctx: RequestContext, atMs: number): Promise<Map<string, Figures>> {
  return ctx.memo(`deadlineFigures:${atMs}`, async () => {
    const instants = new Map<string, number>();
    for (const n of await ctx.loaders.allNodes()) {
      const d = deadlineInstant(n, atMs);
      if (d !== null && d <= atMs) instants.set(n.id, d);
    }
    const out = new Map<string, Figures>();
    await Promise.all(
      RESOURCES.map(async (resource) => {
        const q = allocationAtInstants(resource, instants, LOOKBACK);
        if (q) figuresFrom(await ctx.vm.instant(q, atMs), out, resource);
      }),
    );
    return out;
  });
}

/** Daily allocation figures per node over the projection window ending at atMs. */
export function dailyFigures(ctx: RequestContext, atMs: number): Promise<Map<string, Map<number, Figures>>> {
  return ctx.memo(`dailyFigures:${atMs}`, async () => {
    const out = new Map<string, Map<number, Figures>>();
    await Promise.all(
      RESOURCES.map(async (resource) => {
        // Days end at the time of day of atMs, so the last point is the current value.
        const series = await ctx.vm.range(allocationByNode(resource, '1d'), atMs - PROJECTION_WINDOW_DAYS * DAY_MS, atMs, DAY_MS, { exactGrid: true });
        for (const s of series) {
          const node = s.metric.node;
          const measure = s.metric.measure;
          if (!node || (measure !== 'total' && measure !== 'allocated')) continue;
          const byDay = out.get(node) ?? new Map<number, Figures>();
          for (const [t, v] of s.points) {
            const figures = byDay.get(t) ?? {};
            (figures[resource] ??= { total: 0, allocated: 0 })[measure] = v;
            byDay.set(t, figures);
          }
          out.set(node, byDay);
        }
      }),
    );
    return out;
  });
}
