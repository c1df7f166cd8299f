import { describe, expect, it } from 'vitest';
import {
  adHocPeriod, assessmentConfigProblems, assessmentScore, canonicalJson, completedPeriods, parsePeriodKey, periodContaining, settlementCoefficient,
} from '../src/index.ts';

const at = (iso: string) => Date.parse(iso);

describe('report periods (China calendar)', () => {
  it('bounds weeks, months and quarters at China midnights', () => {
    // 2026-11-30 23:30 UTC is already 1 December in China.
    expect(periodContaining('monthly', at('2026-11-30T23:30:00Z')).key).toBe('2026-12');
    const m = periodContaining('monthly', at('2026-11-15T00:00:00Z'));
    expect([new Date(m.startMs).toISOString(), new Date(m.endMs).toISOString()]).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    expect(periodContaining('quarterly', at('2026-11-15T00:00:00Z')).key).toBe('2026-Q4');
    expect(periodContaining('weekly', at('2021-01-03T12:00:00Z')).key).toBe('2020-W53');
    expect(periodContaining('weekly', at('2026-11-25T10:00:00Z')).key).toBe('2026-W48');
  });

  it('parses what it writes and refuses the rest', () => {
    for (const key of ['2020-W53', '2026-W01', '2026-02', '2026-Q1', 'adhoc-20261001-20261015']) expect(parsePeriodKey(key).key).toBe(key);
    expect(parsePeriodKey('2026-W53').key).toBe('2026-W53'); // 2026 starts on a Thursday: 53 ISO weeks
    expect(() => parsePeriodKey('2025-W53')).toThrow(RangeError);
    expect(() => parsePeriodKey('2026-13')).toThrow(/not a report period/);
    expect(() => adHocPeriod('2026-10-15', '2026-10-01')).toThrow(/ends/);
    expect(adHocPeriod('2026-10-01', '2026-10-01').endMs - adHocPeriod('2026-10-01', '2026-10-01').startMs).toBe(86_400_000);
  });

  it('lists the latest completed periods after a start, oldest first', () => {
    const now = at('2026-11-25T10:00:00Z');
    expect(completedPeriods('monthly', at('2026-01-01T00:00:00Z'), now, 0, 3).map((p) => p.key)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(completedPeriods('monthly', at('2026-10-20T00:00:00Z'), now, 0, 3).map((p) => p.key)).toEqual(['2026-10']);
    // Within the grace after a period's end it is not due yet.
    expect(completedPeriods('monthly', 0, at('2026-10-31T16:02:00Z'), 5 * 60_000, 1).map((p) => p.key)).toEqual(['2026-09']);
  });
});

describe('provider assessment formula', () => {
  it('weights the components that have a value and maps the score to a coefficient', () => {
    expect(assessmentScore({ availability: 1, responsiveness: 0.5, satisfaction: 0.9 })).toBeCloseTo(100 * (0.4 + 0.15 + 0.27), 12);
    expect(assessmentScore({ availability: 1, responsiveness: 0.5, satisfaction: null })).toBeCloseTo((100 * (0.4 + 0.15)) / 0.7, 12);
    expect(assessmentScore({ availability: null, responsiveness: null, satisfaction: null })).toBeNull();
    expect([95, 94.99, 80, 12].map((x) => settlementCoefficient(x))).toEqual([1, 0.98, 0.9, 0.8]);
    expect(assessmentConfigProblems({ availability: -1, responsiveness: 0, x: 1 }, [{ minScore: 10, coefficient: 2 }])).toEqual([
      'weight availability must be a number ≥ 0', 'weight satisfaction must be a number ≥ 0', 'unknown weight "x"', 'the weights must not all be 0',
      'band 1: coefficient must be within 0–1.5', 'one band must start at 0 so every score has a coefficient',
    ]);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level so equal snapshots have equal bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: '广东' }], c: undefined } })).toBe('{"a":{"d":[2,{"e":"广东","f":null}]},"b":1}');
    expect(canonicalJson({ x: Number.NaN })).toBe('{"x":null}');
  });
});
