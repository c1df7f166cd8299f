import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts/charts';
import type { HistoryTriple } from '../src/api/screen-queries.ts';
import { buildTrendOption, toTrendSeries } from '../src/components/charts/trend-option.ts';

const hour = 3600;
const at = (h: number) => new Date(Date.UTC(2024, 4, 1, h)).toISOString();
const history: HistoryTriple = {
  total: { measure: 'TOTAL', stepSeconds: hour, points: [0, 1, 2, 5].map((h) => ({ t: at(h), v: 1000 })) },
  allocated: { measure: 'ALLOCATED', stepSeconds: hour, points: [{ t: at(0), v: 500 }] },
  used: { measure: 'USED', stepSeconds: hour, points: [] },
};

describe('toTrendSeries', () => {
  it('converts to the display unit and breaks the line over missing steps', () => {
    const [total, allocated, used] = toTrendSeries(history, 10);
    expect(total?.key).toBe('total');
    expect(total?.points).toEqual([
      [Date.parse(at(0)), 100],
      [Date.parse(at(1)), 100],
      [Date.parse(at(2)), 100],
      [Date.parse(at(3)), null],
      [Date.parse(at(5)), 100],
    ]);
    expect(allocated?.points).toEqual([[Date.parse(at(0)), 50]]);
    expect(used?.points).toEqual([]);
  });
});

describe('buildTrendOption', () => {
  const fmt = { value: (v: number | null) => (v === null ? '—' : String(v)), axis: String, time: (ms: number) => new Date(ms).toISOString().slice(11, 16) };
  const option = buildTrendOption(toTrendSeries(history), { measures: { total: '总量', allocated: '已分配', used: '已使用' } }, fmt, 2);

  it('has one time-axis line per measure that never connects gaps', () => {
    const series = option.series as LineSeriesOption[];
    expect(series.map((s) => [s.id, s.name, s.type, s.connectNulls])).toEqual([
      ['total', '总量', 'line', false],
      ['allocated', '已分配', 'line', false],
      ['used', '已使用', 'line', false],
    ]);
    expect((option.xAxis as { type: string }).type).toBe('time');
    expect((option.yAxis as { min: number }).min).toBe(0);
  });

  it('scales text and formats the tooltip through the given formatter', () => {
    expect((option.textStyle as { fontSize: number }).fontSize).toBe(24);
    const tooltip = option.tooltip as { valueFormatter: (v: unknown) => string };
    expect(tooltip.valueFormatter(12)).toBe('12');
    expect(tooltip.valueFormatter(undefined)).toBe('—');
  });
});
