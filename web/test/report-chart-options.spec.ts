import { describe, expect, it } from 'vitest';
import { ratioBarOption, trendLinesOption } from '../src/components/reports/report-chart-options.ts';
import { readPrintPayload } from '../src/print/print-payload.ts';

describe('report charts', () => {
  it('colours bars by the target and draws the target line; a missing value is a gap', () => {
    const o = ratioBarOption([{ name: '韶关', value: 0.7 }, { name: '河源', value: 0.4 }, { name: '汕尾', value: null }], 0.5);
    const series = (o.series as { data: { value: unknown; itemStyle: { color: string } }[]; markLine: { data: { yAxis: number }[] } }[])[0]!;
    expect(series.data.map((d) => d.value)).toEqual([0.7, 0.4, '-']);
    expect(series.data[0]!.itemStyle.color).not.toBe(series.data[1]!.itemStyle.color);
    expect(series.markLine.data).toEqual([{ yAxis: 0.5 }]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['韶关', '河源', '汕尾']);
  });

  it('draws one line per indicator over the period', () => {
    const o = trendLinesOption(['2026-10-01T16:00:00.000Z', '2026-10-02T16:00:00.000Z'], [{ name: 'm', values: [0.1, null] }], (iso) => iso.slice(5, 10));
    expect((o.series as { data: unknown[] }[])[0]!.data).toEqual([0.1, '-']);
  });
});

describe('print payload', () => {
  it('refuses anything that is not a report snapshot', () => {
    expect(() => readPrintPayload(undefined)).toThrow(/no report to print/);
    expect(() => readPrintPayload({ snapshot: { schema: 'x' }, contentHash: 'h', document: {} })).toThrow(/gcc-report\/1/);
    const p = readPrintPayload({ snapshot: { schema: 'gcc-report/1' }, contentHash: 'h', document: { zh: '', en: '', status: 'run' }, locale: 'fr' });
    expect(p.locale).toBe('zh-CN');
  });
});
