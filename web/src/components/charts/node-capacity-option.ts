/**
 * ECharts option for total / allocated / used per node. One grid per node group (provincial, city,
 * PRD), each with its own value axis: the provincial node is an order of magnitude larger than a
 * city node, and on a shared axis the city bars would be unreadable slivers.
 * Pure: everything locale-dependent comes in through `labels` and `format`.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { NodeKind } from '@gcc/domain';
import type { NodeCapacityGroup, NodeCapacityPoint } from './node-capacity-series.ts';

export type NodeCapacityOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>;

export const MEASURE_KEYS = ['total', 'allocated', 'used'] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export interface NodeCapacityLabels {
  measures: Readonly<Record<MeasureKey, string>>;
  groups: Readonly<Record<NodeKind, string>>;
  unit: string;
  stale: string;
}

export interface NodeCapacityFormat {
  /** Tooltip values; must render null as the "no data" mark. */
  value: (v: number | null) => string;
  /** Axis ticks. */
  axis: (v: number) => string;
}

export const CHART_COLORS = Object.freeze({
  measures: { total: '#4c8dff', allocated: '#2fc4b2', used: '#f4b63f' } satisfies Record<MeasureKey, string>,
  text: '#d7e1f0',
  muted: '#93a4bd',
  axis: '#3a4a66',
  split: '#1f2b40',
  stale: '#f4b63f',
  tooltipBg: '#0f1828',
});

/** Layout, in percent of the chart width. */
const LEFT = 4;
const RIGHT = 1.5;
const GAP = 4.5;
/** A group with one node still gets room for its axis and title. */
const MIN_WEIGHT = 2.5;

export interface GridBox {
  left: number;
  width: number;
}

export function groupLayout(sizes: readonly number[]): GridBox[] {
  const weights = sizes.map((n) => Math.max(n, MIN_WEIGHT));
  const sum = weights.reduce((a, b) => a + b, 0);
  const usable = 100 - LEFT - RIGHT - GAP * Math.max(0, sizes.length - 1);
  let cursor = LEFT;
  return weights.map((w) => {
    const width = (usable * w) / sum;
    const box = { left: cursor, width };
    cursor += width + GAP;
    return box;
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Tooltips are HTML and node names come from the server. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Rough label width in px at 12px: CJK glyphs are about twice as wide as Latin ones. */
function labelWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 12 : 7;
  return w;
}

export function tooltipHtml(point: NodeCapacityPoint, labels: NodeCapacityLabels, format: NodeCapacityFormat): string {
  const rows = MEASURE_KEYS.map(
    (m) =>
      `<div style="display:flex;justify-content:space-between;gap:16px">` +
      `<span><span style="display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px;background:${CHART_COLORS.measures[m]}"></span>${escapeHtml(labels.measures[m])}</span>` +
      `<b>${escapeHtml(format.value(point[m]))}</b></div>`,
  ).join('');
  const stale = point.stale ? `<div style="color:${CHART_COLORS.stale};margin-top:4px">⚠ ${escapeHtml(labels.stale)}</div>` : '';
  return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(point.name)} <span style="color:${CHART_COLORS.muted};font-weight:400">${escapeHtml(labels.unit)}</span></div>${rows}${stale}`;
}

export function buildNodeCapacityOption(
  groups: readonly NodeCapacityGroup[],
  labels: NodeCapacityLabels,
  format: NodeCapacityFormat,
): NodeCapacityOption {
  const boxes = groupLayout(groups.map((g) => g.points.length));


  const title: TitleComponentOption[] = groups.map((g, i) => ({
    text: `${labels.groups[g.kind]} · ${g.points.length}`,
    left: `${boxes[i]?.left ?? 0}%`,
    top: 36,
    padding: 0,
    textStyle: { color: CHART_COLORS.text, fontSize: 13, fontWeight: 600 },
  }));

  const xAxis = groups.map((g, i) => {
    const box = boxes[i] ?? { left: 0, width: 100 };
    // Rotate when the names would overlap: about 12 px per percent of a 1,300 px wide chart.
    const perCategoryPx = (box.width * 13) / Math.max(1, g.points.length);
    const widest = Math.max(0, ...g.points.map((p) => labelWidth(p.label)));
    // A lone bar (the provincial node) wraps its name instead: it has the room below, not beside.
    const rotate = g.points.length > 1 && widest + 8 > perCategoryPx ? 35 : 0;
    return {
      type: 'category' as const,
      gridIndex: i,
      data: g.points.map((p) => p.label),
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisLabel: {
        interval: 0,
        rotate,
        color: CHART_COLORS.muted,
        fontSize: 12,
        // Stale nodes are marked on the axis as well as in the tooltip: colour alone is not enough.
        formatter: (value: string, index: number) => (g.points[index]?.stale ? `{stale|⚠ ${value}}` : value),
        rich: { stale: { color: CHART_COLORS.stale, fontSize: 12 } },
        ...(g.points.length === 1 ? { width: Math.max(60, perCategoryPx - 8), overflow: 'break' as const } : {}),
      },
    };
  });

  // Rotated names need room below the axis; all grids share one baseline.
  const bottom = xAxis.some((a) => a.axisLabel.rotate !== 0) ? 84 : 48;
  const grid: GridComponentOption[] = boxes.map((box) => ({
    left: `${box.left}%`,
    width: `${box.width}%`,
    top: 64,
    bottom,
  }));

  const yAxis = groups.map((_g, i) => ({
    type: 'value' as const,
    gridIndex: i,
    min: 0,
    splitNumber: 4,
    axisLabel: { color: CHART_COLORS.muted, fontSize: 11, formatter: (v: number) => format.axis(v) },
    splitLine: { lineStyle: { color: CHART_COLORS.split } },
  }));

  const series: BarSeriesOption[] = groups.flatMap((g, i) =>
    MEASURE_KEYS.map(
      (m): BarSeriesOption => ({
        type: 'bar',
        id: `${g.kind}-${m}`,
        name: labels.measures[m],
        xAxisIndex: i,
        yAxisIndex: i,
        data: g.points.map((p) => p[m]),
        itemStyle: { color: CHART_COLORS.measures[m], borderRadius: [2, 2, 0, 0] },
        barGap: '10%',
        barMaxWidth: 28,
        emphasis: { focus: 'series' },
      }),
    ),
  );

  return {
    backgroundColor: 'transparent',
    textStyle: { color: CHART_COLORS.text },
    animationDuration: 400,
    legend: {
      top: 0,
      right: 0,
      data: MEASURE_KEYS.map((m) => labels.measures[m]),
      textStyle: { color: CHART_COLORS.text, fontSize: 12 },
      itemWidth: 12,
      itemHeight: 12,
    },
    title,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: CHART_COLORS.tooltipBg,
      borderColor: CHART_COLORS.axis,
      textStyle: { color: CHART_COLORS.text, fontSize: 12 },
      confine: true,
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        if (!first) return '';
        // Series come in blocks of MEASURE_KEYS.length per group, in group order.
        const group = groups[Math.floor((first.seriesIndex ?? 0) / MEASURE_KEYS.length)];
        const point = group?.points[first.dataIndex];
        return point ? tooltipHtml(point, labels, format) : '';
      },
    },
    grid,
    xAxis,
    yAxis,
    series,
  };
}
