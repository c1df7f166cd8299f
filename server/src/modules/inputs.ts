/** Arguments shared by several modules, validated once here. */
import { GccError } from '../errors.ts';

/** Clocks differ a little between a browser and the server: "now" from a client may be slightly ahead. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The instant indicators are computed for: now by default, never the future (they are not forecasts). */
export function resolveAt(at: Date | null | undefined, nowMs: number): number {
  if (!at) return nowMs;
  const t = at.getTime();
  if (t > nowMs + CLOCK_SKEW_MS) {
    throw new GccError('GCC_ERR_INPUT_TIME_IN_FUTURE', `at ${at.toISOString()} is in the future; indicators are computed up to now (projections are part of each evaluation)`);
  }
  return Math.min(t, nowMs);
}
