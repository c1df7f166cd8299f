/** Reading and closing stored security events, always within the caller's access scope. */
import { SECURITY_SEVERITIES, severityRank, type SecurityCategory, type SecuritySeverity } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { enumValue } from '../indicators/indicators-service.ts';
import { accessScope, requireCityVisible, requireVisibleNode, requireWrite, visibleNodeIds } from './access-scope.ts';

export const MAX_PAGE = 1000;

export interface EventFilter {
  nodeId?: string | null;
  cityCode?: string | null;
  minSeverity?: SecuritySeverity | null;
  category?: SecurityCategory | null;
  open?: boolean | null;
  from?: Date | null;
  to?: Date | null;
  /** Ascending from this id (followers: "what is new since"). */
  afterId?: string | null;
  /** Descending before this id (pages of history); default: newest first. */
  beforeId?: string | null;
  limit?: number | null;
}

function bigId(v: string, what: string): bigint {
  if (!/^\d{1,19}$/.test(v)) throw new GccError('GCC_ERR_INPUT_EVENT_ID', `${what} "${v}" is not an event id`);
  return BigInt(v);
}

async function nodeScope(ctx: RequestContext, f: EventFilter): Promise<string[]> {
  if (f.nodeId) return [(await requireVisibleNode(ctx, f.nodeId)).id];
  const visible = await visibleNodeIds(ctx);
  if (!f.cityCode) return visible;
  requireCityVisible(ctx, f.cityCode);
  const inCity = new Set((await ctx.loaders.allNodes()).filter((n) => n.regionCode === f.cityCode).map((n) => n.id));
  return visible.filter((id) => inCity.has(id));
}

export async function listEvents(ctx: RequestContext, f: EventFilter) {
  if (f.afterId && f.beforeId) throw new GccError('GCC_ERR_INPUT_RANGE_INVERTED', 'give afterId or beforeId, not both');
  if (f.from && f.to && f.to < f.from) throw new GccError('GCC_ERR_INPUT_RANGE_INVERTED', 'to is before from');
  const limit = Math.min(Math.max(f.limit ?? 50, 1), MAX_PAGE);
  const nodeIds = await nodeScope(ctx, f);
  const scoped = accessScope(ctx).regionCodes !== null || f.nodeId || f.cityCode;
  const where: Prisma.SecurityEventWhereInput = {
    ...(scoped && { nodeId: { in: nodeIds } }),
    ...(f.minSeverity && { severity: { in: SECURITY_SEVERITIES.filter((s) => severityRank(s) >= severityRank(f.minSeverity!)).map((s) => enumValue(s) as never) } }),
    ...(f.category && { category: enumValue(f.category) as never }),
    ...(f.open === true && { closedAt: null }),
    ...(f.open === false && { closedAt: { not: null } }),
    ...((f.from || f.to) && { occurredAt: { ...(f.from && { gte: f.from }), ...(f.to && { lte: f.to }) } }),
    ...(f.afterId && { id: { gt: bigId(f.afterId, 'afterId') } }),
    ...(f.beforeId && { id: { lt: bigId(f.beforeId, 'beforeId') } }),
  };
  const rows = await ctx.db.prisma.securityEvent.findMany({ where, orderBy: { id: f.afterId ? 'asc' : 'desc' }, take: limit + 1 });
  const more = rows.length > limit;
  const events = rows.slice(0, limit);
  return { events, hasMore: more, cursor: events.at(-1)?.id.toString() ?? null };
}

export async function closeEvents(ctx: RequestContext, ids: readonly string[], note: string | null): Promise<number> {
  const scope = requireWrite(ctx, false);
  const nodeIds = await visibleNodeIds(ctx, scope);
  const { count } = await ctx.db.prisma.securityEvent.updateMany({
    where: { id: { in: ids.map((i) => bigId(i, 'id')) }, nodeId: { in: nodeIds }, closedAt: null },
    data: { closedAt: new Date(), closedBy: note ? `${scope.actor}: ${note}`.slice(0, 500) : scope.actor },
  });
  return count;
}
