/**
 * Opens the configured store — embedded PGlite (default, data under a directory, survives
 * restarts) or a real PostgreSQL server (DATABASE_URL) — applies pending migrations, and returns
 * a Prisma client over a driver adapter plus a raw SQL runner. Same schema, same migrations.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseTarget } from '../../config.ts';
import { GccError } from '../../errors.ts';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { migrate, type MigrationResult } from './migrate.ts';
import { pgliteRunner, pgPoolRunner, type SqlRunner } from './sql-runner.ts';

export interface Database {
  kind: DatabaseTarget['kind'];
  prisma: PrismaClient;
  sql: SqlRunner;
  migrations: MigrationResult;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target.url);
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = new PGlite(dataDir);
    await db.waitReady;
  } catch (cause) {
    throw new GccError(
      'GCC_ERR_DB_UNREACHABLE',
      `cannot open the embedded database in ${dataDir} (is another process using it? stop it or set GCC_DATA_DIR): ${(cause as Error).message}`,
      { cause },
    );
  }
  const sql = pgliteRunner(db);
  const migrations = await migrate(sql, { advisoryLock: false });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    prisma,
    sql,
    migrations,
    // $disconnect does not close PGlite: close it ourselves so its files are flushed and unlocked.
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new GccError(
      'GCC_ERR_DB_UNREACHABLE',
      `cannot connect to PostgreSQL at ${describeUrl(url)}: ${(cause as Error).message}. Check DATABASE_URL, or unset it to use the embedded database`,
      { cause, retryable: true },
    );
  }
  const sql = pgPoolRunner(pool);
  const migrations = await migrate(sql, { advisoryLock: true });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    sql,
    migrations,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
