/**
 * The provincial node's vCPU total at the end of every China day, from its go-live (or the
 * earliest due date's previous year) to the request's instant: one query_range per request,
 * shared by both vCPU milestones. The grid is anchored on day ends, so the value "at the due
 * date" is a point of the series, not a separate query.
 */
import { endOfDueDay, PROVINCIAL_NODE_ID, RESOURCE_METRICS, selector, type TrendPoint } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { LOOKBACK } from '../capacity/capacity-service.ts';
import { DAY_MS } from '../indicators/indicator-loaders.ts';

/** History before this is not needed by any milestone (the plan runs from 2019). */
const EARLIEST = Date.UTC(2017, 11, 31);

export function provincialVcpuDaily(ctx: RequestContext, atMs: number): Promise<TrendPoint[]> {
  return ctx.memo(`provincialVcpuDaily:${atMs}`, async () => {
    const startMs = endOfDueDay(new Date(EARLIEST)).getTime();
    if (atMs < startMs) return [];
    const q = `sum(last_over_time(${selector(RESOURCE_METRICS.vcpu.name, { node: PROVINCIAL_NODE_ID, measure: 'total' })}[${LOOKBACK}]))`;
    const endMs = startMs + Math.floor((atMs - startMs) / DAY_MS) * DAY_MS;
    const series = await ctx.vm.range(q, startMs, endMs, DAY_MS, { exactGrid: true });
    return (series[0]?.points ?? []).map(([t, v]) => ({ t, v }));
  });
}
