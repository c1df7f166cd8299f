/**
 * The checked-in migrations, for the server's migration runner. Each migration is one
 * `migrations/<timestamp>_<name>/migration.sql`, applied in name order.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the SQL: a changed, already-applied migration is an error, not a silent skip. */
  checksum: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
export const SCHEMA_PATH = fileURLToPath(new URL('./schema.prisma', import.meta.url));

export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
