/**
 * ECharts options of the report's charts, pure functions of the snapshot (tested without a
 * browser): a bar per city against its target line, and the period's trend lines.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ReportChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption>;

const INK = '#1f2a3a';
const MUTED = '#5b6b80';
const GRID = '#e3e8ef';
const PASS = '#2f7d4f';
const FAIL = '#c0392b';
const LINE = ['#2463c9', '#d4812a', '#7a4fb5'];

export interface BarItem {
  name: string;
  value: number | null;
}

const pctLabel = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** Bars (ratios) sorted as given, green at or above the target, red below, the target dashed. */
export function ratioBarOption(items: readonly BarItem[], target: number | null, options: { max?: number; format?: (v: number) => string } = {}): ReportChartOption {
  const format = options.format ?? pctLabel;
  return {
    animation: false,
    textStyle: { color: INK, fontFamily: 'Noto Sans CJK SC, sans-serif' },
    grid: { left: 8, right: 12, top: 16, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { color: INK, fontSize: 10, interval: 0, rotate: items.length > 10 ? 40 : 0 }, axisLine: { lineStyle: { color: MUTED } } },
    yAxis: { type: 'value', min: 0, max: options.max ?? 1, splitNumber: 4, axisLabel: { color: MUTED, fontSize: 10, formatter: (v: number) => format(v) }, splitLine: { lineStyle: { color: GRID } } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: items.map((i) => ({ value: i.value ?? '-', itemStyle: { color: target !== null && i.value !== null && i.value < target ? FAIL : PASS } })) as BarSeriesOption['data'],
        label: { show: true, position: 'top', fontSize: 9, color: INK, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? format(p.value) : '—') },
        ...(target !== null
          ? { markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: MUTED }, label: { formatter: format(target), color: MUTED, fontSize: 9 }, data: [{ yAxis: target }] } }
          : {}),
      },
    ],
  };
}

export interface TrendLine {
  name: string;
  values: (number | null)[];
}

export function trendLinesOption(t: readonly string[], lines: readonly TrendLine[], dayLabel: (iso: string) => string): ReportChartOption {
  return {
    animation: false,
    textStyle: { color: INK, fontFamily: 'Noto Sans CJK SC, sans-serif' },
    legend: { top: 0, right: 0, textStyle: { color: INK, fontSize: 10 }, data: lines.map((l) => l.name) },
    grid: { left: 8, right: 12, top: 24, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: t.map(dayLabel), axisLabel: { color: MUTED, fontSize: 9, hideOverlap: true }, axisLine: { lineStyle: { color: MUTED } } },
    yAxis: { type: 'value', min: 0, max: 1, splitNumber: 4, axisLabel: { color: MUTED, fontSize: 9, formatter: (v: number) => pctLabel(v) }, splitLine: { lineStyle: { color: GRID } } },
    series: lines.map((l, i): LineSeriesOption => ({
      type: 'line',
      name: l.name,
      data: l.values.map((v) => v ?? '-'),
      showSymbol: t.length <= 14,
      connectNulls: false,
      lineStyle: { width: 2, color: LINE[i % LINE.length] },
      itemStyle: { color: LINE[i % LINE.length] },
    })),
  };
}
