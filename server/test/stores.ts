/**
 * The two stores every database test runs against: embedded PGlite in a temporary directory and
 * a fresh database on the real PostgreSQL server the test command started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@gcc/test/harness';
import type { DatabaseTarget } from '../src/config.ts';

export interface TestStore {
  target: DatabaseTarget;
  cleanup(): Promise<void>;
}

export const STORES: { name: DatabaseTarget['kind']; create(): Promise<TestStore> }[] = [
  {
    name: 'pglite',
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gcc-pglite-'));
      return { target: { kind: 'pglite', dataDir: join(dir, 'pglite') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    create: async () => {
      const db = await createTestDatabase();
      return { target: { kind: 'postgres', url: db.url }, cleanup: db.drop };
    },
  },
];
