/**
 * Samples VictoriaMetrics would accept with 204 and then drop silently (counted only in its own
 * vm_rows_ignored_total / vm_rows_invalid_total): NaN and infinite values, timestamps older than
 * its retention (reason "small_timestamp") or more than two days ahead ("big_timestamp"). They are
 * refused here, before sending, each refusal logged with its reason.
 */
import type { Logger } from '../log.ts';
import type { Sample } from './sample.ts';

const DAY_MS = 86_400_000;
/** VictoriaMetrics ignores samples more than 2 days ahead of its clock; keep a day's margin. */
export const MAX_FUTURE_MS = DAY_MS;
/** Default: the retention README.md asks for (100y); pass the real one via VM_RETENTION. */
export const DEFAULT_RETENTION_MS = 100 * 365 * DAY_MS;

export interface SampleGuardOptions {
  retentionMs?: number;
  now?: () => number;
  logger: Logger;
}

export type RefusalReason = 'non-finite value' | 'timestamp older than the retention' | 'timestamp in the future' | 'non-integer timestamp';

export function refusalReason(value: number, timestampMs: number, nowMs: number, retentionMs: number): RefusalReason | null {
  if (!Number.isFinite(value)) return 'non-finite value';
  if (!Number.isInteger(timestampMs)) return 'non-integer timestamp';
  // A day of margin: VictoriaMetrics drops by whole partitions near the edge.
  if (timestampMs < nowMs - retentionMs + DAY_MS) return 'timestamp older than the retention';
  if (timestampMs > nowMs + MAX_FUTURE_MS) return 'timestamp in the future';
  return null;
}

/** The samples that may be sent; the others are logged (one line per reason, with an example). */
export function guardSamples(samples: Iterable<Sample>, o: SampleGuardOptions): Sample[] {
  const now = (o.now ?? Date.now)();
  const retention = o.retentionMs ?? DEFAULT_RETENTION_MS;
  const ok: Sample[] = [];
  const refused = new Map<RefusalReason, { count: number; example: Sample }>();
  for (const s of samples) {
    const reason = refusalReason(s.value, s.timestampMs, now, retention);
    if (!reason) ok.push(s);
    else {
      const r = refused.get(reason);
      if (r) r.count += 1;
      else refused.set(reason, { count: 1, example: s });
    }
  }
  for (const [reason, { count, example }] of refused) {
    o.logger.warn({ reason, count, example: { name: example.name, labels: example.labels, value: String(example.value), timestampMs: example.timestampMs } }, 'samples refused before sending: VictoriaMetrics would drop them silently');
  }
  return ok;
}

/** VictoriaMetrics' -retentionPeriod syntax: a bare number is months; h, d, w, y suffixes. */
export function parseRetention(raw: string): number {
  const m = raw.trim().match(/^(\d+(?:\.\d+)?)([hdwy]?)$/);
  if (!m) throw new Error(`"${raw}" is not a VictoriaMetrics retention such as 100y, 12 (months) or 30d`);
  const unit = { '': 31 * DAY_MS, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS }[m[2] as '' | 'h' | 'd' | 'w' | 'y'];
  return Math.round(Number(m[1]) * unit);
}
