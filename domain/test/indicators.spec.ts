import { describe, expect, it } from 'vitest';
import { evaluationDeadline, migrationRate, usageRate } from '../src/index.ts';

describe('migrationRate', () => {
  it('divides systems on the cloud by systems in scope', () => {
    expect(migrationRate({ registered: 120, onCloud: 50, classified: 10, exempt: 10 })).toBe(0.5);
  });
  it('is undefined, not zero, when nothing is in scope', () => {
    expect(migrationRate({ registered: 5, onCloud: 0, classified: 5, exempt: 0 })).toBeNull();
  });
});

describe('usageRate', () => {
  it('is the equal-weight mean of allocation ratios', () => {
    const r = usageRate({
      vcpu: { total: 100, allocated: 90 },
      memory: { total: 200, allocated: 100 },
      storage: { total: 10, allocated: 3 },
    });
    expect(r).toBeCloseTo((0.9 + 0.5 + 0.3) / 3, 10);
  });
  it('leaves out resources with no capacity instead of counting them as 0%', () => {
    expect(usageRate({ vcpu: { total: 100, allocated: 70 }, memory: { total: 0, allocated: 0 } })).toBeCloseTo(0.7);
  });
  it('honours custom weights', () => {
    const r = usageRate(
      { vcpu: { total: 10, allocated: 10 }, memory: { total: 10, allocated: 0 } },
      { vcpu: 3, memory: 1, storage: 0 },
    );
    expect(r).toBeCloseTo(0.75);
  });
});

describe('evaluationDeadline', () => {
  it('is one year after go-live', () => {
    expect(evaluationDeadline(new Date('2019-09-20T00:00:00Z')).toISOString()).toBe('2020-09-20T00:00:00.000Z');
  });
  it('clamps 29 February to the end of February', () => {
    expect(evaluationDeadline(new Date('2020-02-29T00:00:00Z')).toISOString()).toBe('2021-02-28T00:00:00.000Z');
  });
});
