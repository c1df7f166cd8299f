/**
 * Applies the checked-in migrations in order, each in its own transaction together with the row
 * that records it, so a failed migration leaves nothing half-applied. On PostgreSQL a transaction
 * advisory lock serializes replicas that start at the same moment; PGlite has one connection.
 */
import { listMigrations, type Migration } from '@gcc/prisma';
import { GccError } from '../../errors.ts';
import type { SqlRunner } from './sql-runner.ts';

const LEDGER = '_gcc_migrations';
/** Arbitrary constant shared by every replica: "the migration lock". */
const MIGRATION_LOCK_KEY = 4_400_000_001;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(
  db: SqlRunner,
  options: { advisoryLock: boolean; migrations?: Migration[] },
): Promise<MigrationResult> {
  const migrations = options.migrations ?? listMigrations();
  await db.exec(
    `CREATE TABLE IF NOT EXISTS "${LEDGER}" (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      if (options.advisoryLock) await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const rows = await tx.query<{ checksum: string }>(`SELECT checksum FROM "${LEDGER}" WHERE name = $1`, [m.name]);
      const row = rows[0];
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new GccError(
            'GCC_ERR_DB_MIGRATION_CHANGED',
            `migration ${m.name} was changed after it was applied; add a new migration instead of editing it`,
          );
        }
        return true;
      }
      try {
        await tx.exec(m.sql);
      } catch (cause) {
        throw new GccError('GCC_ERR_DB_MIGRATION_FAILED', `migration ${m.name} failed: ${(cause as Error).message}`, { cause });
      }
      await tx.query(`INSERT INTO "${LEDGER}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
      return false;
    });
    if (done) alreadyApplied++;
    else applied.push(m.name);
  }
  return { applied, alreadyApplied };
}
