/**
 * Writes normalized events with group commit: while one multi-row INSERT runs, every event that
 * arrives waits in the queue, and the next INSERT takes them all (up to MAX_ROWS). An idle writer
 * flushes at once, a busy one in batches as large as the load, so latency stays one statement and
 * throughput follows the database, not the number of requests.
 *
 * One statement per flush: `INSERT … SELECT FROM unnest(arrays)` (nine array parameters whatever the
 * batch size) with ON CONFLICT on (nodeId, dedupKey): a resent event is a no-op, except that an
 * event resent as closed closes the stored one. `xmax = 0` tells a fresh row from an updated one.
 * The same flush stamps each reporting node's lastReportAt (a duplicate still proves it is alive).
 */
import { enumValue } from '../indicators/indicators-service.ts';
import type { SqlRunner } from '../../infra/db/sql-runner.ts';
import type { NormalizedEvent } from './event-input.ts';

export interface WriteOutcome {
  /** New events stored. */
  accepted: number;
  /** Already stored (same node and idempotency key / content): nothing written. */
  duplicates: number;
  /** Already stored and open, now closed by this write. */
  closed: number;
}

export interface EventWriter {
  write(events: readonly NormalizedEvent[]): Promise<WriteOutcome>;
  /** Events waiting for the next flush. */
  readonly queued: number;
  /** Resolves when everything queued so far is written. */
  drain(): Promise<void>;
  readonly stats: { flushes: number; rows: number; maxBatch: number };
}

const MAX_ROWS = 5000;
const REPORT_EVERY_MS = 1000;

interface Pending {
  events: readonly NormalizedEvent[];
  resolve(o: WriteOutcome): void;
  reject(err: unknown): void;
}

const key = (nodeId: string, dedupKey: string) => `${nodeId}\u0000${dedupKey}`;

export function createEventWriter(sql: SqlRunner, options: { onFlushed?: (rows: number) => void } = {}): EventWriter {
  const queue: Pending[] = [];
  let queued = 0;
  let flushing: Promise<void> | null = null;
  const stats = { flushes: 0, rows: 0, maxBatch: 0 };
  const reported = new Map<string, number>();

  async function flushOnce(batch: Pending[]): Promise<void> {
    // Within one statement a key may appear once (ON CONFLICT cannot touch a row twice): keep the
    // first occurrence, closed if any copy says closed; the others count as duplicates.
    const unique = new Map<string, NormalizedEvent>();
    for (const p of batch) {
      for (const e of p.events) {
        const k = key(e.nodeId, e.dedupKey);
        const seen = unique.get(k);
        if (!seen) unique.set(k, e);
        else if (e.closed && !seen.closed) unique.set(k, { ...seen, closed: true });
      }
    }
    const rows = [...unique.values()];
    const nowIso = new Date().toISOString();
    const result = rows.length
      ? await sql.query<{ nodeId: string; dedupKey: string; inserted: boolean }>(
          `INSERT INTO "SecurityEvent" ("nodeId", "occurredAt", "category", "severity", "asset", "description", "source", "dedupKey", "closedAt", "closedBy")
           SELECT n, o::timestamptz, c::"SecurityCategory", s::"SecuritySeverity", a, d, src::"SecurityEventSource", k,
                  CASE WHEN cl THEN $10::timestamptz END, CASE WHEN cl THEN 'platform' END
           -- Arrays go as text[] and are cast per column: PGlite cannot serialize arrays of enum types.
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
             AS t(n, o, c, s, a, d, src, k, cl)
           ON CONFLICT ("nodeId", "dedupKey") DO UPDATE SET "closedAt" = EXCLUDED."closedAt", "closedBy" = EXCLUDED."closedBy"
             WHERE "SecurityEvent"."closedAt" IS NULL AND EXCLUDED."closedAt" IS NOT NULL
           RETURNING "nodeId", "dedupKey", (xmax = 0) AS inserted`,
          [
            rows.map((e) => e.nodeId),
            rows.map((e) => e.occurredAt.toISOString()),
            rows.map((e) => enumValue(e.category)),
            rows.map((e) => enumValue(e.severity)),
            rows.map((e) => e.asset),
            rows.map((e) => e.description),
            rows.map((e) => enumValue(e.source)),
            rows.map((e) => e.dedupKey),
            rows.map((e) => e.closed),
            nowIso,
          ],
        )
      : [];
    // lastReportAt is "alive within minutes": stamping a node at most once a second saves a
    // statement per flush under load.
    const nowMs = Date.parse(nowIso);
    const nodes = [...new Set(rows.map((e) => e.nodeId))].filter((n) => nowMs - (reported.get(n) ?? 0) >= REPORT_EVERY_MS);
    for (const n of nodes) reported.set(n, nowMs);
    if (nodes.length) {
      await sql.query(
        `INSERT INTO "SecurityPosture" ("nodeId", "lastReportAt", "updatedAt") SELECT unnest($1::text[]), $2::timestamptz, $2::timestamptz
         ON CONFLICT ("nodeId") DO UPDATE SET "lastReportAt" = GREATEST("SecurityPosture"."lastReportAt", EXCLUDED."lastReportAt"), "updatedAt" = EXCLUDED."updatedAt"`,
        [nodes, nowIso],
      );
    }
    stats.flushes++;
    stats.rows += rows.length;
    stats.maxBatch = Math.max(stats.maxBatch, rows.length);

    // Each written key is credited to the first pending write that carried it.
    const outcome = new Map(result.map((r) => [key(r.nodeId, r.dedupKey), r.inserted ? ('accepted' as const) : ('closed' as const)]));
    for (const p of batch) {
      const o: WriteOutcome = { accepted: 0, duplicates: 0, closed: 0 };
      for (const e of p.events) {
        const k = key(e.nodeId, e.dedupKey);
        const r = outcome.get(k);
        if (r) {
          o[r]++;
          outcome.delete(k);
        } else o.duplicates++;
      }
      p.resolve(o);
    }
    if (result.length) options.onFlushed?.(result.length);
  }

  function take(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    while (queue.length && (n === 0 || n + queue[0]!.events.length <= MAX_ROWS)) {
      const p = queue.shift()!;
      n += p.events.length;
      batch.push(p);
    }
    queued -= n;
    return batch;
  }

  function kick(): void {
    if (flushing || !queue.length) return;
    const batch = take();
    flushing = flushOnce(batch)
      .catch((err) => {
        for (const p of batch) p.reject(err);
      })
      .finally(() => {
        flushing = null;
        kick();
      });
  }

  return {
    stats,
    get queued() {
      return queued;
    },
    write(events) {
      if (!events.length) return Promise.resolve({ accepted: 0, duplicates: 0, closed: 0 });
      return new Promise<WriteOutcome>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        queued += events.length;
        kick();
      });
    },
    async drain() {
      while (flushing || queue.length) await (flushing ?? Promise.resolve());
    },
  };
}
