/**
 * The Prometheus text-format reader on node_exporter's own end-to-end fixture and on the edge
 * cases the format allows; a broken payload is refused whole with its line number.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExpositionError, exposedSamples, parseExposition } from '../src/prometheus/index.ts';
import { goFloat } from '../src/sim/prometheus/index.ts';

const NODE_EXPORTER = readFileSync(new URL('./fixtures/prometheus/node_exporter-e2e-output.txt', import.meta.url), 'utf8');

describe('node_exporter e2e output (vendor fixture)', () => {
  const families = parseExposition(NODE_EXPORTER);
  it('reads every family with its TYPE and HELP, and every sample line', () => {
    const sampleLines = NODE_EXPORTER.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
    expect([...families.values()].reduce((s, f) => s + f.samples.length, 0)).toBe(sampleLines);
    expect(families.size).toBe(NODE_EXPORTER.split('\n').filter((l) => l.startsWith('# TYPE ')).length);
    expect(families.get('node_memory_MemTotal_bytes')).toMatchObject({ type: 'gauge', help: 'Memory information field MemTotal_bytes.' });
    expect(families.get('node_cpu_seconds_total')!.type).toBe('counter');
  });
  it('reads exponent notation, plain integers and decimals as the same numbers', () => {
    const one = (name: string, labels: Record<string, string> = {}) => exposedSamples(NODE_EXPORTER).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))!;
    expect(one('node_memory_MemTotal_bytes').value).toBe(3831959552); // 3.831959552e+09
    expect(one('node_bcache_btree_read_average_duration_seconds').value).toBeCloseTo(1.305e-6, 12);
    expect(one('node_cpu_seconds_total', { cpu: '0', mode: 'idle' }).value).toBe(10870.69);
    expect(one('node_load1').value).toBe(0.21);
  });
  it('keeps summaries’ quantiles, _sum and _count with their family', () => {
    // The fixture declares go_gc_duration_seconds (HELP and TYPE, no samples: allowed).
    expect(families.get('go_gc_duration_seconds')).toMatchObject({ type: 'summary', samples: [] });
    const own = parseExposition('# TYPE rpc summary\nrpc{quantile="0.5"} 1e-3\nrpc_sum 12\nrpc_count 7\n# TYPE h histogram\nh_bucket{le="+Inf"} 3\nh_count 3\n');
    expect(own.get('rpc')!.samples.map((s) => s.name)).toEqual(['rpc', 'rpc_sum', 'rpc_count']);
    expect(own.get('h')!.samples.map((s) => s.labels.le ?? s.name)).toEqual(['+Inf', 'h_count']);
    expect([...own.keys()]).toEqual(['rpc', 'h']);
  });
});

describe('edge cases of the format', () => {
  it('NaN, ±Inf, 1 vs 1.0, escapes, trailing commas, timestamps, differing label sets', () => {
    const text = [
      '# HELP x A help with a \\\\ backslash and a \\n newline',
      '# TYPE x gauge',
      'x{a="1"} 1',
      'x{a="1.0",b="q\\"uote\\\\back\\nline",} 1.0 1700000000000',
      'x NaN',
      'x{c=""} +Inf',
      'x{c="-"} -Inf',
      '# just a comment',
      'y_total 2.5E+3',
      '',
      '# EOF',
      'not parsed after EOF {{{',
    ].join('\r\n');
    const f = parseExposition(text);
    const x = f.get('x')!;
    expect(x.help).toBe('A help with a \\ backslash and a \n newline');
    expect(x.samples.map((s) => s.value)).toEqual([1, 1, NaN, Infinity, -Infinity]);
    expect(x.samples[1]).toEqual({ name: 'x', labels: { a: '1.0', b: 'q"uote\\back\nline' }, value: 1, timestampMs: 1700000000000 });
    expect(x.samples.map((s) => Object.keys(s.labels))).toEqual([['a'], ['a', 'b'], [], ['c'], ['c']]);
    expect(f.get('y_total')!.samples[0]!.value).toBe(2500);
  });

  it.each([
    ['x{a="1"', /line 1: expected "," or "}" after label a of x/],
    ['x{a=1} 2', /line 1: label a of x: value must be in double quotes/],
    ['x{a="\\q"} 2', /line 1: label a of x: invalid escape "\\q"/],
    ['x 1\nx{a="b",a="c"} 2', /line 2: label a appears twice on x/],
    ['x one', /line 1: x: "one" is not a number/],
    ['x 1 12.5', /line 1: x: timestamp "12.5" is not whole milliseconds/],
    ['# TYPE x gauge\n# TYPE y nonsense', /line 2: # TYPE y: unknown type "nonsense"/],
    ['x 1\n# TYPE x gauge', /line 2: # TYPE x comes after its samples/],
    ['9x 1', /line 1: expected a metric name/],
  ])('refuses %j', (text, message) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
    expect(() => parseExposition(text)).toThrow(message);
  });

  it('the simulator prints floats as Go does, and the reader reads them back', () => {
    expect([1.2000000476837158, 3, 772447, 2039480320, 1.305e-6, 0].map(goFloat)).toEqual(['1.2000000476837158', '3', '772447', '2.03948032e+09', '1.305e-06', '0']);
    for (const v of [1.2000000476837158, 2039480320, 1.305e-6, 123456789012345]) expect(exposedSamples(`x ${goFloat(v)}`)[0]!.value).toBe(v);
  });
});
