/**
 * The simulated province's reference day: "now" for its registry (statuses and outcomes are as of
 * this day). Dates the plan fixes stay absolute; dates the simulation invents so that something is
 * inside its evaluation year (PRD interconnections, late registrations, the models' "now" knots)
 * are counted from this day, so the designed OUTCOMES hold whichever day a demo is seeded on.
 */
import { dateMs, isoDate } from './dates.ts';

/**
 * The earliest reference day the designed outcomes hold for: every city node's deadline
 * (go-live + 12 months, at the latest 2021-06) has passed, and every PRD interconnection (at most
 * 358 days back, city-plans.ts) still comes after its docking (at the latest 2020-06).
 */
export const EARLIEST_SIM_REFERENCE_DATE = '2021-07-01';

/**
 * A fixed reference day for tests that need the same province on every run (and pin their app
 * clock to it). Nothing else should use it: a demo keeps the day its data directory was seeded on.
 */
export const TEST_SIM_REFERENCE_DATE = '2026-11-25';

/** Why `raw` cannot be a reference day (a phrase to follow the flag or variable name), or null. */
export function referenceDateProblem(raw: string): string | null {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) && isoDate(dateMs(raw)) === raw;
  if (!valid) return `must be a calendar day YYYY-MM-DD, such as ${TEST_SIM_REFERENCE_DATE}, got "${raw}"`;
  if (raw < EARLIEST_SIM_REFERENCE_DATE) return `must be ${EARLIEST_SIM_REFERENCE_DATE} or later (the simulated city nodes' deadlines pass by then), got "${raw}"`;
  return null;
}

/** The reference day of a run that starts at `nowMs`: its UTC date. */
export function referenceDateOf(nowMs: number): string {
  return isoDate(nowMs);
}
