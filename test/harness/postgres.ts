/**
 * Test databases on a real PostgreSQL server. scripts/test.sh starts one (or uses DATABASE_URL)
 * and exports its admin URL as GCC_TEST_PG_URL; each test gets a fresh database of its own so
 * files run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function postgresAdminUrl(): string {
  const url = process.env.GCC_TEST_PG_URL;
  if (!url) {
    throw new Error('GCC_TEST_PG_URL is not set: run the tests with `pnpm test` (scripts/test.sh starts PostgreSQL), or export it');
  }
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = postgresAdminUrl();
  const name = `gcc_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
