/**
 * Runs a command-line entry point: a known failure prints one line that names the fix and exits 1;
 * an unexpected one prints its stack too, because then the stack is the useful part.
 */
import { CollectorError } from '../errors.ts';
import { referenceDateOf, referenceDateProblem } from '../sim/reference-date.ts';

/** Bad input on the command line: the message says what to pass instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof CollectorError) console.error(`error [${err.code}]: ${err.message}`);
    else if (err instanceof UsageError) console.error(`error: ${err.message}`);
    else {
      console.error(`error: ${(err as Error)?.message ?? String(err)}`);
      console.error((err as Error)?.stack);
    }
    process.exit(1);
  });
}

/** "6h", "1d", "30m", "90s", "500ms" → milliseconds. */
export function parseDuration(raw: string, flag: string): number {
  const m = raw.trim().match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/);
  if (!m) throw new UsageError(`${flag} must be a duration such as 6h, 1d or 30m, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

export function parseInteger(raw: string, flag: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return v;
}

export function parseInstant(raw: string, flag: string): number {
  const v = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(v)) throw new UsageError(`${flag} must be an ISO date or time such as 2019-01-01, got "${raw}"`);
  return v;
}

/**
 * The simulated province's reference day from --reference-date, or today (UTC) without one. The
 * demo passes the day its data directory was seeded on, so every process simulates the same province.
 */
export function parseReferenceDate(raw: string | undefined, flag: string, nowMs: number): string {
  if (raw === undefined) return referenceDateOf(nowMs);
  const problem = referenceDateProblem(raw);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  return raw;
}
