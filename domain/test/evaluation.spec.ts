import { describe, expect, it } from 'vitest';
import {
  combineStatuses, endOfDueDay, evaluationStart, indicatorStatus, linearTrend, meetsTarget, migrationGap, migrationRate,
  nodeEvaluationDeadline, parseDay, systemCountsAt, usageGap, usageRate, type SystemDates,
} from '../src/index.ts';

const d = parseDay;

describe('systemCountsAt', () => {
  const systems: SystemDates[] = [
    { registeredAt: d('2020-01-01'), onCloudAt: d('2020-03-01'), excludedAt: null, exclusion: null },
    { registeredAt: d('2020-01-01'), onCloudAt: null, excludedAt: d('2020-02-01'), exclusion: 'classified' },
    { registeredAt: d('2020-01-01'), onCloudAt: d('2020-01-15'), excludedAt: d('2020-04-01'), exclusion: 'exempt' },
    { registeredAt: d('2020-05-01'), onCloudAt: null, excludedAt: null, exclusion: null },
  ];
  it('counts each system by what was true at the date', () => {
    expect(systemCountsAt(systems, d('2020-03-15'))).toEqual({ registered: 3, onCloud: 2, classified: 1, exempt: 0 });
    // Exempted after having run on the cloud: out of scope, no longer counted as on the cloud.
    expect(systemCountsAt(systems, d('2020-06-01'))).toEqual({ registered: 4, onCloud: 1, classified: 1, exempt: 1 });
    expect(systemCountsAt(systems, d('2019-12-31'))).toEqual({ registered: 0, onCloud: 0, classified: 0, exempt: 0 });
  });
});

describe('migrationGap', () => {
  it('is the smallest number of systems that reaches the target', () => {
    // scope 37, 10 on the cloud: 19 of 37 ≥ 50%, 18 is not.
    expect(migrationGap({ registered: 40, onCloud: 10, classified: 2, exempt: 1 }, 0.5)).toBe(9);
    expect(migrationGap({ registered: 10, onCloud: 5, classified: 0, exempt: 0 }, 0.5)).toBe(0);
    // 0.6 × 5 = 3.0000000000000004 in floating point: still 3 systems, not 4.
    expect(migrationGap({ registered: 5, onCloud: 0, classified: 0, exempt: 0 }, 0.6)).toBe(3);
    expect(migrationGap({ registered: 2, onCloud: 0, classified: 2, exempt: 0 }, 0.5)).toBeNull();
  });
  it('agrees with the rate it closes', () => {
    for (let scope = 1; scope < 60; scope++) {
      for (const target of [0.5, 0.6, 0.333]) {
        const c = { registered: scope, onCloud: 0, classified: 0, exempt: 0 };
        const n = migrationGap(c, target)!;
        expect(meetsTarget(migrationRate({ ...c, onCloud: n }), target)).toBe(true);
        if (n > 0) expect(meetsTarget(migrationRate({ ...c, onCloud: n - 1 }), target)).toBe(false);
      }
    }
  });
});

describe('usageGap', () => {
  const GiB = 1024 ** 3;
  const TiB = 1024 ** 4;
  const figures = {
    vcpu: { total: 1000, allocated: 600 },
    memory: { total: 4096 * GiB, allocated: 2048 * GiB },
    storage: { total: 100 * TiB, allocated: 30 * TiB },
  };
  it('is the vCPU to allocate, the other resources unchanged', () => {
    // ratios 0.6, 0.5, 0.3: the mean reaches 0.6 when vCPU reaches 1.0, i.e. 400 more vCPU.
    expect(usageGap(figures, 'vcpu', 0.6)).toBe(400);
    expect(usageRate({ ...figures, vcpu: { total: 1000, allocated: 1000 } })).toBeCloseTo(0.6, 12);
  });
  it('is null when one resource alone cannot close the gap, 0 when met', () => {
    expect(usageGap(figures, 'storage', 0.6)).toBe(40 * TiB);
    expect(usageGap(figures, 'vcpu', 0.7)).toBeNull();
    expect(usageGap(figures, 'vcpu', 0.4)).toBe(0);
  });
  it('works in bytes for memory, rounded up to a whole GiB', () => {
    // Memory must reach ratio 0.9: 0.9 × 4096 GiB − 2048 GiB = 1638.4 GiB → 1639 GiB.
    expect(usageGap(figures, 'memory', 0.6)).toBe(1639 * GiB);
    const withGap = (n: number) => usageRate({ ...figures, memory: { total: 4096 * GiB, allocated: 2048 * GiB + n } });
    expect(meetsTarget(withGap(1639 * GiB), 0.6)).toBe(true);
    expect(meetsTarget(withGap(1638 * GiB), 0.6)).toBe(false);
  });
});

describe('evaluationStart', () => {
  const at = d('2021-01-01');
  it('starts a city node at go-live and a PRD cloud at interconnection', () => {
    expect(evaluationStart({ kind: 'city', goLiveDate: d('2019-09-20'), interconnectDate: null }, at)).toEqual({
      scope: 'evaluated', start: d('2019-09-20'), basis: 'go-live',
    });
    expect(evaluationStart({ kind: 'prd', goLiveDate: d('2016-01-01'), interconnectDate: d('2020-07-01') }, at).basis).toBe('interconnect');
    expect(nodeEvaluationDeadline({ kind: 'prd', goLiveDate: d('2016-01-01'), interconnectDate: d('2020-07-01') }, at)).toEqual(d('2021-07-01'));
  });
  it('shows a PRD cloud that is not interconnected without evaluating it', () => {
    expect(evaluationStart({ kind: 'prd', goLiveDate: d('2016-01-01'), interconnectDate: null }, at).scope).toBe('display-only');
    expect(evaluationStart({ kind: 'prd', goLiveDate: d('2016-01-01'), interconnectDate: d('2022-01-01') }, at).scope).toBe('display-only');
    expect(evaluationStart({ kind: 'city', goLiveDate: d('2022-01-01'), interconnectDate: null }, at).scope).toBe('not-live');
    expect(evaluationStart({ kind: 'provincial', goLiveDate: d('2018-01-01'), interconnectDate: null }, at).scope).toBe('provincial');
  });
});

describe('status and projection', () => {
  it('fits a least-squares line', () => {
    const day = 86_400_000;
    const trend = linearTrend([0, 1, 2, 3].map((i) => ({ t: i * day, v: 0.1 + 0.01 * i + (i % 2 ? 0.001 : -0.001) })))!;
    expect(trend.slopePerDay).toBeCloseTo(0.0104, 10);
    expect(trend.valueAt(10 * day)).toBeCloseTo(0.115 + 0.0104 * 8.5, 10);
    expect(linearTrend([{ t: 5, v: 1 }])).toBeNull();
  });
  it('decides by projection before the deadline and by the value at the deadline after it', () => {
    const deadline = endOfDueDay(d('2020-09-20'));
    expect(deadline.toISOString()).toBe('2020-09-20T16:00:00.000Z');
    const base = { target: 0.5, deadline, current: 0.4, atDeadline: null };
    expect(indicatorStatus({ ...base, at: d('2020-06-01'), projected: 0.55 })).toBe('on-track');
    expect(indicatorStatus({ ...base, at: d('2020-06-01'), projected: 0.45 })).toBe('at-risk');
    expect(indicatorStatus({ ...base, at: d('2020-06-01'), projected: null })).toBe('at-risk');
    expect(indicatorStatus({ ...base, at: d('2021-06-01'), projected: null, current: 0.9, atDeadline: 0.49 })).toBe('missed');
    expect(indicatorStatus({ ...base, at: d('2021-06-01'), projected: null, current: 0.1, atDeadline: 0.5 })).toBe('met');
    expect(combineStatuses(['on-track', 'at-risk'])).toBe('at-risk');
    expect(combineStatuses(['met', 'missed'])).toBe('missed');
  });
});
