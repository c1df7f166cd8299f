/**
 * The federation's structure as readers walk it: the province → its data centres, the provincial
 * node, the 14 province-built city nodes, the 7 PRD city clouds; the 21 cities with their nodes.
 * Cities come from @gcc/domain (the plan's geography); nodes and data centres from the registry,
 * each read once per request.
 */
import { CITIES, cityByCode, type City } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { DataCentre, Node } from '../../generated/prisma/client.ts';

export interface CityView {
  code: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  group: 'PROVINCE_BUILT' | 'PRD';
}

export function cityView(c: City): CityView {
  return { code: c.code, slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, group: c.group === 'prd' ? 'PRD' : 'PROVINCE_BUILT' };
}

export function allCities(): CityView[] {
  return CITIES.map(cityView);
}

export function requireCity(code: string): CityView {
  const c = cityByCode(code);
  if (!c) throw new GccError('GCC_ERR_INPUT_UNKNOWN_CITY', `no city with code "${code}" (expects one of Guangdong's 21 administrative codes, e.g. 440200)`);
  return cityView(c);
}

export function allDataCentres(ctx: RequestContext): Promise<DataCentre[]> {
  return ctx.memo('dataCentres', () => ctx.db.prisma.dataCentre.findMany({ orderBy: [{ nodeId: 'asc' }, { id: 'asc' }] }));
}

export async function dataCentresOf(ctx: RequestContext, nodeId: string): Promise<DataCentre[]> {
  return (await allDataCentres(ctx)).filter((d) => d.nodeId === nodeId);
}

export async function nodesOfRegion(ctx: RequestContext, regionCode: string): Promise<Node[]> {
  return (await ctx.loaders.allNodes()).filter((n) => n.regionCode === regionCode);
}

export async function nodeById(ctx: RequestContext, id: string): Promise<Node> {
  const node = (await ctx.loaders.allNodes()).find((n) => n.id === id);
  if (!node) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node with id "${id}"`);
  return node;
}
