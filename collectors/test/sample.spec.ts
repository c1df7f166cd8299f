import { describe, expect, it } from 'vitest';
import { formatSample } from '../src/index.ts';

describe('formatSample', () => {
  it('writes Prometheus text with escaped label values and a millisecond timestamp', () => {
    expect(formatSample({ name: 'gcc_node_vcpu', labels: { node: 'a"b\\c\nd', dc: '名美' }, value: 1.5e21, timestampMs: 1 })).toBe(
      'gcc_node_vcpu{node="a\\"b\\\\c\\nd",dc="名美"} 1.5e+21 1',
    );
    expect(formatSample({ name: 'x', labels: {}, value: NaN, timestampMs: 0 })).toBe('x NaN 0');
  });

  it('refuses what VictoriaMetrics would drop silently', () => {
    expect(() => formatSample({ name: 'bad-name', labels: {}, value: 1, timestampMs: 1 })).toThrow(/invalid metric name/);
    expect(() => formatSample({ name: 'x', labels: { 'bad-label': 'v' }, value: 1, timestampMs: 1 })).toThrow(/invalid label name/);
    expect(() => formatSample({ name: 'x', labels: {}, value: 1, timestampMs: 1.5 })).toThrow(/non-integer timestamp/);
  });
});
