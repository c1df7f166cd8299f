/**
 * ECharts option for a capacity trend: total / allocated / used of one resource over time, from
 * Capacity.history. Gaps (steps with no node reporting) stay gaps: the server leaves them out and
 * the line breaks there instead of being drawn through zero. Pure; `scale` as in the map option.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { HistoryTriple } from '../../api/screen-queries.ts';
import { CHART_COLORS, MEASURE_KEYS, type MeasureKey } from './node-capacity-option.ts';

export type TrendOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface TrendSeries {
  key: MeasureKey;
  /** [ms since epoch, display value]; null marks a gap. */
  points: [number, number | null][];
}

export interface TrendLabels {
  measures: Readonly<Record<MeasureKey, string>>;
}

export interface TrendFormat {
  value: (v: number | null) => string;
  axis: (v: number) => string;
  time: (ms: number) => string;
}

/**
 * History from the server → series in the display unit. Where consecutive points are more than one
 * step apart, a null is inserted so the line breaks over the missing steps.
 */
export function toTrendSeries(history: HistoryTriple | null | undefined, divisor = 1): TrendSeries[] {
  return MEASURE_KEYS.map((key) => {
    // Capacity and its history are null only beside a GraphQL error, which fails the whole answer.
    const s = history?.[key];
    if (!s) return { key, points: [] };
    const out: [number, number | null][] = [];
    let prev: number | undefined;
    for (const p of s.points) {
      const t = Date.parse(p.t);
      if (prev !== undefined && t - prev > s.stepSeconds * 1000 * 1.5) out.push([prev + s.stepSeconds * 1000, null]);
      out.push([t, p.v / divisor]);
      prev = t;
    }
    return { key, points: out };
  });
}

export function buildTrendOption(series: readonly TrendSeries[], labels: TrendLabels, format: TrendFormat, scale = 1): TrendOption {
  const s = scale;
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: CHART_COLORS.text, fontSize: 12 * s },
    legend: {
      top: 0,
      right: 0,
      data: series.map((x) => labels.measures[x.key]),
      textStyle: { color: CHART_COLORS.text, fontSize: 12 * s },
      itemWidth: 14 * s,
      itemHeight: 8 * s,
    },
    grid: { left: 8 * s, right: 12 * s, top: 28 * s, bottom: 4 * s, containLabel: true },
    tooltip: {
      trigger: 'axis',
      backgroundColor: CHART_COLORS.tooltipBg,
      borderColor: CHART_COLORS.axis,
      textStyle: { color: CHART_COLORS.text, fontSize: 12 * s },
      confine: true,
      valueFormatter: (v) => format.value(typeof v === 'number' ? v : null),
    },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisLabel: { color: CHART_COLORS.muted, fontSize: 11 * s, hideOverlap: true, formatter: (v: number) => format.time(v) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      splitNumber: 3,
      axisLabel: { color: CHART_COLORS.muted, fontSize: 11 * s, formatter: (v: number) => format.axis(v) },
      splitLine: { lineStyle: { color: CHART_COLORS.split } },
    },
    series: series.map(
      (x): LineSeriesOption => ({
        type: 'line',
        id: x.key,
        name: labels.measures[x.key],
        data: x.points,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 2 * s, color: CHART_COLORS.measures[x.key] },
        itemStyle: { color: CHART_COLORS.measures[x.key] },
        areaStyle: x.key === 'total' ? undefined : { opacity: 0.08, color: CHART_COLORS.measures[x.key] },
      }),
    ),
  };
}
