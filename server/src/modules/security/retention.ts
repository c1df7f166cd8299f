/**
 * Retention: events older than the configured days are deleted, in chunks so one prune never
 * holds a long lock over a big table. Run by the alerting leader (one replica) every hour.
 */
import type { SqlRunner } from '../../infra/db/sql-runner.ts';

const CHUNK = 10_000;

export async function pruneSecurityEvents(sql: SqlRunner, retentionDays: number, nowMs = Date.now()): Promise<number> {
  const cutoff = new Date(nowMs - retentionDays * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const rows = await sql.query<{ id: string }>(
      `DELETE FROM "SecurityEvent" WHERE id IN (SELECT id FROM "SecurityEvent" WHERE "occurredAt" < $1 LIMIT ${CHUNK}) RETURNING id`,
      [cutoff],
    );
    deleted += rows.length;
    if (rows.length < CHUNK) return deleted;
  }
}
