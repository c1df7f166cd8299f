import { describe, expect, it } from 'vitest';
import { countdown, daysSince } from '../src/components/city/countdown.ts';

describe('evaluation countdown', () => {
  it('counts China calendar days, whatever the hour in UTC', () => {
    // 2026-11-25 01:30 in China is still 11-24 in UTC.
    expect(daysSince('2026-11-24', new Date('2026-11-24T17:30:00Z'))).toBe(1);
    expect(daysSince('2026-11-25', new Date('2026-11-24T17:30:00Z'))).toBe(0);
    expect(daysSince('2026-12-01', new Date('2026-11-25T04:00:00Z'))).toBe(-6);
  });

  it("shows the server's days left before the deadline and the days since it after", () => {
    const now = new Date('2026-11-25T04:00:00Z');
    expect(countdown({ deadline: '2026-12-19', daysLeft: 24 }, now)).toEqual({ kind: 'left', days: 24 });
    expect(countdown({ deadline: '2026-11-25', daysLeft: 0 }, now)).toEqual({ kind: 'left', days: 0 });
    expect(countdown({ deadline: '2020-08-26', daysLeft: 0 }, now)).toEqual({ kind: 'past', days: 2282 });
  });
});
