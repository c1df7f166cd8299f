/**
 * The smallest SQL surface the migration runner needs, over either store. Multi-statement
 * scripts must go through PGlite's exec() and pg's simple-query protocol: Prisma's adapters
 * prepare statements and refuse them.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface SqlRunner {
  /** Run a script of one or more statements. */
  exec(sql: string): Promise<void>;
  /** Run one parameterized statement and return its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run fn inside one transaction on one connection. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteRunner(db: Pick<PGlite, 'exec' | 'query' | 'transaction'>): SqlRunner {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
        }),
      ),
  };
}

export function pgPoolRunner(pool: pg.Pool): SqlRunner {
  const clientRunner = (client: pg.PoolClient): SqlRunner => ({
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    transaction: () => Promise.reject(new Error('nested transactions are not supported')),
  });
  return {
    exec: async (sql) => void (await pool.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientRunner(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
