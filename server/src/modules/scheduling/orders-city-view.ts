/**
 * Scheduling orders as a city bureau sees them (its dashboard lists the orders concerning its
 * city): the orders with a node of the city at either end. An order's explanation and step notes
 * carry the other end's pool figures (allocation ratios, allocated vCPU), which are another city's
 * detail, so a city viewer gets the explanation without figures and no step notes; who did each
 * step and when, the amount and the status are the order's own and stay.
 */
import { cityByCode } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { Prisma, SchedulingOrder } from '../../generated/prisma/client.ts';
import { ARCH_NAMES, KIND_NAMES_ZH } from './plan-service.ts';
import { ARCH_FROM_DB } from './pools.ts';

/** The city whose orders to list: a city viewer's own (asked or not), or the one a province-wide viewer asked for. */
export function orderCityScope(ctx: RequestContext, cityCode: string | null): string | null {
  if (cityCode !== null && !cityByCode(cityCode)) {
    throw new GccError('GCC_ERR_INPUT_UNKNOWN_CITY', `no city with code "${cityCode}" (expects one of Guangdong's 21 administrative codes, e.g. 440200)`);
  }
  const own = ctx.viewer.cityScope;
  if (own === null) return cityCode;
  if (cityCode !== null && cityCode !== own) {
    throw new GccError('GCC_ERR_SCHED_FORBIDDEN', `${ctx.viewer.username} sees city ${own}'s scheduling orders only, not ${cityCode}'s`);
  }
  return own;
}

/** Orders with a node of the city at either end. */
export async function cityOrdersWhere(ctx: RequestContext, cityCode: string): Promise<Prisma.SchedulingOrderWhereInput> {
  const nodeIds = (await ctx.loaders.allNodes()).filter((n) => n.regionCode === cityCode).map((n) => n.id);
  return { OR: [{ fromNodeId: { in: nodeIds } }, { toNodeId: { in: nodeIds } }] };
}

/** Whether this viewer gets orders without other cities' figures. */
export const figureFreeViewer = (ctx: RequestContext) => ctx.viewer.cityScope !== null;

const KIND_EN = { QUOTA_TRANSFER: 'Quota transfer', PLACEMENT: 'Placement', MIGRATION: 'Migration' } as const;
const KIND_ZH = { QUOTA_TRANSFER: KIND_NAMES_ZH['quota-transfer'], PLACEMENT: KIND_NAMES_ZH.placement, MIGRATION: KIND_NAMES_ZH.migration } as const;

/** "配额调拨 102 vCPU（x86）：潮州市节点 → 汕尾市节点": what the order moves, with no pool figures. */
export function figureFreeExplanation(
  o: SchedulingOrder,
  from: { nameZh: string; nameEn: string } | null,
  to: { nameZh: string; nameEn: string } | null,
  lang: 'zh' | 'en',
): string {
  const arch = ARCH_NAMES[lang][ARCH_FROM_DB[o.arch] ?? ''] ?? o.arch;
  const what = o.systemCode ? ` ${o.systemCode}` : '';
  if (lang === 'zh') return `${KIND_ZH[o.kind]}${what} ${o.vcpu} vCPU（${arch}）：${from ? `${from.nameZh} → ` : ''}${to?.nameZh ?? o.toNodeId}`;
  return `${KIND_EN[o.kind]}${what} of ${o.vcpu} vCPU (${arch}): ${from ? `${from.nameEn} → ` : ''}${to?.nameEn ?? o.toNodeId}`;
}
