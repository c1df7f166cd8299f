import { describe, expect, it } from 'vitest';
import {
  buildGuangdongMapOption,
  cityLabel,
  cityTooltip,
  MAP_COLORS,
  targetPieces,
  type MapFormat,
  type MapInput,
  type MapLabels,
} from '../src/components/charts/guangdong-map-option.ts';
import { toCityMapPoints } from '../src/components/charts/map-indicators.ts';
import { city } from './fixtures.ts';

const labels: MapLabels = {
  indicator: '云资源整体使用率',
  noData: '无数据',
  stale: '数据陈旧',
  notLive: '未上线',
  provincialNode: '省级节点',
  dataCentres: '名美 · 东涌',
  clickHint: '点击进入',
  belowFar: '低于一半',
  below: '低于目标',
  met: '达到目标',
  status: (s) => `状态 ${s}`,
};
const format: MapFormat = { value: (v) => (v === null ? '—' : `${Math.round(v * 100)}%`) };

const cities = [city('440100', '广州市', 0.7, 0.4), city('440200', '韶关市', null, null), city('440500', '汕头市', 0.5, 0.6, { stale: true })];
const points = toCityMapPoints(cities, 'usage-rate', 'zh-CN');

function input(over: Partial<MapInput> = {}): MapInput {
  return { mapName: 'guangdong', points, target: 0.6, selected: null, provincial: { coord: [113.4, 23.5], stale: false }, flows: [], scale: 1, ...over };
}

type Series = { type: string; id: string; data: { name?: string; value?: unknown; coords?: unknown }[]; geoIndex?: number };

describe('buildGuangdongMapOption', () => {
  it('colours the cities by code on the registered map, missing values uncoloured', () => {
    const option = buildGuangdongMapOption(input(), labels, format);
    const series = option.series as Series[];
    const map = series.find((s) => s.id === 'cities')!;
    expect(map.type).toBe('map');
    expect(map.geoIndex).toBe(0);
    expect(map.data).toEqual([
      { name: '440100', value: 0.7 },
      { name: '440200', value: '-' },
      { name: '440500', value: 0.5 },
    ]);
    const geo = option.geo as { map: string; nameProperty: string; itemStyle: { areaColor: string } };
    expect(geo).toMatchObject({ map: 'guangdong', nameProperty: 'adcode' });
    expect(geo.itemStyle.areaColor).toBe(MAP_COLORS.noData);
  });

  it('splits the colours at the target line, or uses a 0–100% ramp without one', () => {
    const withTarget = buildGuangdongMapOption(input(), labels, format).visualMap as { type: string; pieces: unknown[] };
    expect(withTarget.type).toBe('piecewise');
    expect(withTarget.pieces).toEqual(targetPieces(0.6, labels));
    expect(targetPieces(0.6, labels).map((p) => ('gte' in p ? p.gte : 0))).toEqual([0, 0.3, 0.6]);
    const ramp = buildGuangdongMapOption(input({ target: null }), labels, format).visualMap as { type: string; min: number; max: number };
    expect(ramp).toMatchObject({ type: 'continuous', min: 0, max: 1 });
    const over = buildGuangdongMapOption(input({ target: null, points: [{ ...points[0]!, value: 1.3 }] }), labels, format).visualMap as { max: number };
    expect(over.max).toBe(1.3);
  });

  it('marks the provincial node with its data centres, stale in amber', () => {
    const series = buildGuangdongMapOption(input(), labels, format).series as (Series & { label: { formatter: string }; itemStyle: { color: string } })[];
    const marker = series.find((s) => s.id === 'provincial-node')!;
    expect(marker.type).toBe('effectScatter');
    expect(marker.data[0]?.value).toEqual([113.4, 23.5]);
    expect(marker.label.formatter).toContain('省级节点');
    expect(marker.label.formatter).toContain('名美 · 东涌');
    const stale = buildGuangdongMapOption(input({ provincial: { coord: [113.4, 23.5], stale: true } }), labels, format).series as typeof series;
    expect(stale.find((s) => s.id === 'provincial-node')!.itemStyle.color).toBe(MAP_COLORS.stale);
    expect((buildGuangdongMapOption(input({ provincial: null }), labels, format).series as Series[]).map((s) => s.id)).toEqual(['cities']);
  });

  it('draws elastic-scheduling flows only when there are some', () => {
    expect((buildGuangdongMapOption(input(), labels, format).series as Series[]).some((s) => s.id === 'elastic-flows')).toBe(false);
    const flows = [{ from: [113.3, 23.1] as [number, number], to: [113.6, 24.8] as [number, number], amount: 200, label: '广州→韶关' }];
    const lines = (buildGuangdongMapOption(input({ flows }), labels, format).series as Series[]).find((s) => s.id === 'elastic-flows')!;
    expect(lines.type).toBe('lines');
    expect(lines.data[0]?.coords).toEqual([
      [113.3, 23.1],
      [113.6, 24.8],
    ]);
  });

  it('outlines the selected city and scales text with the screen', () => {
    const one = buildGuangdongMapOption(input({ selected: '440200' }), labels, format);
    expect((one.geo as { regions: { name: string }[] }).regions.map((r) => r.name)).toEqual(['440200']);
    const four = buildGuangdongMapOption(input({ scale: 2 }), labels, format);
    expect((four.geo as { label: { fontSize: number } }).label.fontSize).toBe(2 * (one.geo as { label: { fontSize: number } }).label.fontSize);
  });

  it('labels and tooltips each city by code, flags stale and missing data', () => {
    const option = buildGuangdongMapOption(input(), labels, format);
    const formatter = (option.geo as { label: { formatter: (p: { name?: string }) => string } }).label.formatter;
    expect(formatter({ name: '440100' })).toBe('{name|广州市}\n{value|70%}');
    expect(formatter({ name: '440500' })).toContain('{stale|⚠ 50%}');
    expect(formatter({ name: '999999' })).toBe('');
    expect(cityLabel({ ...points[1]!, live: false }, labels, format)).toContain('未上线');
    const tip = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(tip({ name: '440200' })).toContain('无数据');
    expect(tip({ name: '440500' })).toContain('数据陈旧');
    expect(tip({ name: '440100' })).toContain('状态 AT_RISK');
    expect(cityTooltip({ ...points[0]!, name: '<b>' }, labels, format)).toContain('&lt;b&gt;');
  });
});

describe('toCityMapPoints', () => {
  it('reads each indicator from its field and knows what stale means for it', () => {
    expect(points.map((p) => [p.code, p.value, p.stale])).toEqual([
      ['440100', 0.7, false],
      ['440200', null, false],
      ['440500', 0.5, true],
    ]);
    const migration = toCityMapPoints(cities, 'migration-rate', 'en');
    expect(migration.map((p) => p.value)).toEqual([0.4, null, 0.6]);
    // Registry counts are never stale, whatever the capacity readings are.
    expect(migration.every((p) => !p.stale)).toBe(true);
    expect(migration[0]?.name).toBe('Guangzhou');
    expect(toCityMapPoints(cities, 'vcpu-allocation', 'zh-CN')[0]?.value).toBeCloseTo(0.7);
    expect(toCityMapPoints(cities, 'vcpu-allocation', 'zh-CN')[0]?.status).toBeNull();
  });
});
