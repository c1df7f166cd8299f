import { CITIES, PROVINCE_CODE, type City } from './geography.ts';

/** The three kinds of node in the federation (seed 001 §二). */
export type NodeKind = 'provincial' | 'city' | 'prd';

/** Cloud management platform kinds the collectors speak. */
export type CmpKind = 'openstack' | 'vsphere' | 'prometheus' | 'docking-api';

export type CpuArch = 'x86' | 'kunpeng' | 'hygon' | 'phytium';

export interface DataCentreRef {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A node as the plan defines it: identity and place, no dates or capacities (those are data). */
export interface NodeDefinition {
  id: string;
  kind: NodeKind;
  regionCode: string;
  nameZh: string;
  nameEn: string;
  dataCentres: readonly DataCentreRef[];
}

export const PROVINCIAL_NODE_ID = 'provincial';

/** "两地三中心": the provincial node runs in the 名美 and 东涌 data centres. */
export const PROVINCIAL_DATA_CENTRES: readonly DataCentreRef[] = Object.freeze([
  { code: 'mingmei', nameZh: '名美数据中心', nameEn: 'Mingmei DC' },
  { code: 'dongchong', nameZh: '东涌数据中心', nameEn: 'Dongchong DC' },
]);

export function nodeIdForCity(city: City): string {
  return `${city.group === 'prd' ? 'prd' : 'city'}-${city.slug}`;
}

function cityNode(city: City): NodeDefinition {
  const prd = city.group === 'prd';
  return {
    id: nodeIdForCity(city),
    kind: prd ? 'prd' : 'city',
    regionCode: city.code,
    nameZh: prd ? `${city.nameZh}政务云` : `${city.nameZh}节点`,
    nameEn: prd ? `${city.nameEn} government cloud` : `${city.nameEn} node`,
    dataCentres: [{ code: `${city.slug}-dc1`, nameZh: `${city.nameZh}数据中心`, nameEn: `${city.nameEn} DC` }],
  };
}

/** All 22 nodes: the provincial node, the 14 province-built city nodes, the 7 PRD city clouds. */
export const NODE_DEFINITIONS: readonly NodeDefinition[] = Object.freeze([
  {
    id: PROVINCIAL_NODE_ID,
    kind: 'provincial',
    regionCode: PROVINCE_CODE,
    nameZh: '省级政务云平台',
    nameEn: 'Provincial government cloud',
    dataCentres: PROVINCIAL_DATA_CENTRES,
  },
  ...CITIES.map(cityNode),
]);

export function nodeDefinition(id: string): NodeDefinition | undefined {
  return NODE_DEFINITIONS.find((n) => n.id === id);
}
