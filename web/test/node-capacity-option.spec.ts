import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts/charts';
import {
  buildNodeCapacityOption,
  escapeHtml,
  groupLayout,
  tooltipHtml,
  type NodeCapacityFormat,
  type NodeCapacityLabels,
} from '../src/components/charts/node-capacity-option.ts';
import type { NodeCapacityGroup, NodeCapacityPoint } from '../src/components/charts/node-capacity-series.ts';

const labels: NodeCapacityLabels = {
  measures: { total: '总量', allocated: '已分配', used: '已使用' },
  groups: { provincial: '省级节点', city: '地市节点', prd: '珠三角' },
  unit: 'vCPU',
  stale: '数据陈旧',
};
const format: NodeCapacityFormat = {
  value: (v) => (v === null ? '—' : String(v)),
  axis: (v) => `${v}`,
};

function point(id: string, label: string, total: number | null, stale = false): NodeCapacityPoint {
  return { id, name: `${label}节点`, label, total, allocated: total === null ? null : total / 2, used: total === null ? null : total / 4, stale, asOf: null };
}

const groups: NodeCapacityGroup[] = [
  { kind: 'provincial', points: [point('provincial', '省级政务云平台', 96000)] },
  { kind: 'city', points: [point('city-shaoguan', '韶关市', 4000), point('city-shantou', '汕头市', null, true)] },
  { kind: 'prd', points: [point('prd-guangzhou', '广州市', 30000)] },
];

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

describe('buildNodeCapacityOption', () => {
  const option = buildNodeCapacityOption(groups, labels, format);
  const series = asArray(option.series) as BarSeriesOption[];

  it('draws one grid, x axis, y axis and title per group, in group order', () => {
    expect(asArray(option.grid)).toHaveLength(3);
    expect(asArray(option.yAxis)).toHaveLength(3);
    const xAxis = asArray(option.xAxis) as { data: string[]; gridIndex: number }[];
    expect(xAxis.map((a) => a.data)).toEqual([['省级政务云平台'], ['韶关市', '汕头市'], ['广州市']]);
    expect(xAxis.map((a) => a.gridIndex)).toEqual([0, 1, 2]);
    expect(asArray(option.title).map((t) => t.text)).toEqual(['省级节点 · 1', '地市节点 · 2', '珠三角 · 1']);
  });

  it('has total / allocated / used for every group, on that group axes', () => {
    expect(series).toHaveLength(9);
    expect(series.map((s) => s.name)).toEqual(Array.from({ length: 3 }, () => ['总量', '已分配', '已使用']).flat());
    expect(series.map((s) => s.xAxisIndex)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(series.every((s) => s.type === 'bar')).toBe(true);
    expect(asArray(option.legend)[0]?.data).toEqual(['总量', '已分配', '已使用']);
  });

  it('keeps missing values missing instead of drawing zero', () => {
    const cityTotal = series.find((s) => s.id === 'city-total');
    const cityUsed = series.find((s) => s.id === 'city-used');
    expect(cityTotal?.data).toEqual([4000, null]);
    expect(cityUsed?.data).toEqual([1000, null]);
  });

  it('marks stale nodes on the axis', () => {
    const cityAxis = asArray(option.xAxis)[1] as { axisLabel: { formatter: (v: string, i: number) => string } };
    expect(cityAxis.axisLabel.formatter('韶关市', 0)).toBe('韶关市');
    expect(cityAxis.axisLabel.formatter('汕头市', 1)).toContain('⚠ 汕头市');
  });

  it('finds the node of a hovered bar from its series', () => {
    const tooltip = asArray(option.tooltip)[0] as { formatter: (p: unknown) => string };
    const html = tooltip.formatter([{ seriesIndex: 4, dataIndex: 1 }]);
    expect(html).toContain('汕头市节点');
    expect(html).toContain('—');
    expect(html).toContain('数据陈旧');
    expect(tooltip.formatter([{ seriesIndex: 7, dataIndex: 0 }])).toContain('广州市节点');
    expect(tooltip.formatter([])).toBe('');
  });

  it('omits nothing for an empty province and survives no groups', () => {
    const empty = buildNodeCapacityOption([], labels, format);
    expect(asArray(empty.series)).toHaveLength(0);
    expect(asArray(empty.grid)).toHaveLength(0);
  });
});

describe('axis labels', () => {
  const long = (n: number): NodeCapacityGroup => ({
    kind: 'city',
    points: Array.from({ length: n }, (_, i) => point(`c${i}`, `Zhanjiang${i}`, 1)),
  });
  type Axis = { axisLabel: { rotate: number; overflow?: string } };

  it('rotates crowded names and leaves room for them below the grids', () => {
    // The real shape: 1 provincial, 14 city, 7 PRD nodes, with English names.
    const province: NodeCapacityGroup[] = [
      { kind: 'provincial', points: [point('provincial', 'Provincial', 1)] },
      long(14),
      { kind: 'prd', points: long(7).points },
    ];
    const option = buildNodeCapacityOption(province, labels, format);
    expect((asArray(option.xAxis)[1] as Axis).axisLabel.rotate).toBe(35);
    for (const grid of asArray(option.grid)) expect((grid as { bottom: number }).bottom).toBeGreaterThan(48);
    // Short names fit flat.
    const flat = buildNodeCapacityOption([{ kind: 'city', points: long(3).points.map((p) => ({ ...p, label: '韶关市' })) }], labels, format);
    expect((asArray(flat.xAxis)[0] as Axis).axisLabel.rotate).toBe(0);
    expect((asArray(flat.grid)[0] as { bottom: number }).bottom).toBe(48);
  });

  it('wraps the name of a lone bar instead of rotating it', () => {
    const lone: NodeCapacityGroup = { kind: 'provincial', points: [point('provincial', 'Provincial government cloud', 1)] };
    const axis = asArray(buildNodeCapacityOption([lone], labels, format).xAxis)[0] as Axis;
    expect(axis.axisLabel.rotate).toBe(0);
    expect(axis.axisLabel.overflow).toBe('break');
  });
});

describe('groupLayout', () => {
  it('fits the grids side by side within the chart, wider for more nodes', () => {
    const boxes = groupLayout([1, 14, 7]);
    expect(boxes).toHaveLength(3);
    for (let i = 1; i < boxes.length; i++) {
      const prev = boxes[i - 1]!;
      expect(boxes[i]!.left).toBeGreaterThan(prev.left + prev.width);
    }
    const last = boxes.at(-1)!;
    expect(last.left + last.width).toBeLessThanOrEqual(100);
    expect(boxes[1]!.width).toBeGreaterThan(boxes[2]!.width);
    expect(boxes[2]!.width).toBeGreaterThan(boxes[0]!.width);
    expect(boxes[0]!.width).toBeGreaterThan(0);
  });
});

describe('tooltip HTML', () => {
  it('escapes names that come from the server', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    const html = tooltipHtml({ ...point('x', '<b>x</b>', 1), name: '<script>' }, labels, format);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
