/**
 * The evaluation countdown. The server's daysLeft stops at 0 once the deadline has passed (its
 * status is then MET or MISSED); the page says how long ago it passed, in China calendar days.
 */
import { formatDateTime } from '../../i18n/format.ts';

const DAY_MS = 86_400_000;

/** Whole China calendar days from `day` (YYYY-MM-DD) to the China date of `now`; negative before it. */
export function daysSince(day: string, now: Date): number {
  return Math.round((Date.parse(formatDateTime(now).slice(0, 10)) - Date.parse(day)) / DAY_MS);
}

export type Countdown = { kind: 'left'; days: number } | { kind: 'past'; days: number };

export function countdown(evaluation: { deadline: string; daysLeft: number }, now: Date): Countdown {
  const past = daysSince(evaluation.deadline, now);
  return past > 0 ? { kind: 'past', days: past } : { kind: 'left', days: evaluation.daysLeft };
}
