/**
 * One evaluator per cluster. On PostgreSQL each replica tries a transaction-level advisory lock
 * (pg_try_advisory_xact_lock) around a cycle: the one that gets it evaluates, the others skip at
 * once. The lock alone would let replica B run right after A finished (both timers fire each
 * interval), so the cycle also reads and stamps the last run time under the lock and skips when a
 * cycle finished less than minGapMs ago. A crashed leader's lock dies with its connection: the next
 * replica to try becomes the leader, nothing to expire by hand.
 *
 * The transaction only holds the lock: the cycle's own writes go through Prisma on other pool
 * connections (each committed as it happens), so a long cycle never holds row locks.
 *
 * PGlite is one process with one connection (a transaction there would block every other query
 * of the cycle): an in-process flag serializes cycles instead.
 */
import type { Database } from '../../infra/db/open-database.ts';

/** Arbitrary constant shared by every replica: "the alert evaluator lock" (migrations use 4_400_000_001). */
export const EVALUATOR_LOCK_KEY = 4_400_000_009;

export type LeaderRun<T> = { ran: true; value: T } | { ran: false; reason: 'locked' | 'recent' };

export function createLeader(db: Database) {
  let busy = false;

  async function stamp(query: Database['sql']['query'], startedMs: number, error: string | null): Promise<void> {
    await query(
      `INSERT INTO "AlertEvaluatorState" (id, "lastRunAt", "lastDurationMs", "lastError", runs) VALUES (1, $1, $2, $3, 1)
       ON CONFLICT (id) DO UPDATE SET "lastRunAt" = $1, "lastDurationMs" = $2, "lastError" = $3, runs = "AlertEvaluatorState".runs + 1`,
      [new Date(startedMs).toISOString(), Date.now() - startedMs, error],
    );
  }

  async function recent(query: Database['sql']['query'], minGapMs: number): Promise<boolean> {
    if (minGapMs <= 0) return false;
    const [row] = await query<{ lastRunAt: Date | string }>('SELECT "lastRunAt" FROM "AlertEvaluatorState" WHERE id = 1');
    return row !== undefined && Date.now() - new Date(row.lastRunAt).getTime() < minGapMs;
  }

  return {
    async run<T>(minGapMs: number, fn: () => Promise<T>): Promise<LeaderRun<T>> {
      if (db.kind === 'pglite') {
        if (busy) return { ran: false, reason: 'locked' };
        busy = true;
        try {
          if (await recent(db.sql.query, minGapMs)) return { ran: false, reason: 'recent' };
          const started = Date.now();
          try {
            const value = await fn();
            await stamp(db.sql.query, started, null);
            return { ran: true, value };
          } catch (err) {
            await stamp(db.sql.query, started, (err as Error).message).catch(() => undefined);
            throw err;
          }
        } finally {
          busy = false;
        }
      }
      const r = await db.sql.transaction(async (tx): Promise<LeaderRun<T> | { ran: true; error: unknown }> => {
        const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [EVALUATOR_LOCK_KEY]);
        if (!lock?.locked) return { ran: false, reason: 'locked' };
        if (await recent(tx.query, minGapMs)) return { ran: false, reason: 'recent' };
        const started = Date.now();
        try {
          const value = await fn();
          await stamp(tx.query, started, null);
          return { ran: true, value };
        } catch (error) {
          // Commit the stamp with the error recorded, then report the failure.
          await stamp(tx.query, started, (error as Error).message);
          return { ran: true, error };
        }
      });
      if ('error' in r) throw r.error;
      return r;
    },
  };
}
