import { describe, expect, it } from 'vitest';
import type { NodeVcpu } from '../src/api/queries.ts';
import { toNodeCapacitySeries } from '../src/components/charts/node-capacity-series.ts';

function node(id: string, kind: NodeVcpu['kind'], regionCode: string, nameZh: string, nameEn: string, total: number | null): NodeVcpu {
  return {
    id,
    kind,
    nameZh,
    nameEn,
    regionCode,
    vcpu: { total, allocated: total, used: null, asOf: '2024-05-01T00:00:00Z', stale: total === null, staleNodes: total === null ? [id] : [] },
  };
}

const nodes: NodeVcpu[] = [
  node('prd-guangzhou', 'PRD', '440100', '广州市政务云', 'Guangzhou government cloud', 30000),
  node('city-shantou', 'CITY', '440500', '汕头市节点', 'Shantou node', null),
  node('provincial', 'PROVINCIAL', '440000', '省级政务云平台', 'Provincial government cloud', 96000),
  node('city-shaoguan', 'CITY', '440200', '韶关市节点', 'Shaoguan node', 4000),
];

describe('toNodeCapacitySeries', () => {
  it('groups provincial, city, PRD in that order and sorts each group by region code', () => {
    const groups = toNodeCapacitySeries(nodes, 'zh-CN');
    expect(groups.map((g) => g.kind)).toEqual(['provincial', 'city', 'prd']);
    expect(groups[1]?.points.map((p) => p.id)).toEqual(['city-shaoguan', 'city-shantou']);
  });

  it('names nodes in the current locale, with the city name on the axis', () => {
    const zh = toNodeCapacitySeries(nodes, 'zh-CN');
    expect(zh[1]?.points[0]).toMatchObject({ name: '韶关市节点', label: '韶关市' });
    expect(zh[0]?.points[0]).toMatchObject({ name: '省级政务云平台', label: '省级政务云平台' });
    const en = toNodeCapacitySeries(nodes, 'en');
    expect(en[2]?.points[0]).toMatchObject({ name: 'Guangzhou government cloud', label: 'Guangzhou' });
  });

  it('keeps nulls and the stale flag', () => {
    const shantou = toNodeCapacitySeries(nodes, 'zh-CN')[1]?.points[1];
    expect(shantou).toMatchObject({ total: null, allocated: null, used: null, stale: true });
  });

  it('leaves out empty groups', () => {
    const only = toNodeCapacitySeries([nodes[0]!], 'zh-CN');
    expect(only.map((g) => g.kind)).toEqual(['prd']);
    expect(toNodeCapacitySeries([], 'en')).toEqual([]);
  });
});
