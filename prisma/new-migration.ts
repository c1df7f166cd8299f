/**
 * Author a migration: `pnpm --filter @gcc/prisma db:migration add_orders`.
 * Each migration keeps a snapshot of the schema it was generated from, so the next one is the
 * diff between that snapshot and schema.prisma (no shadow database, no engine download).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from './index.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm --filter @gcc/prisma db:migration <name_in_snake_case>');
  process.exit(1);
}

const last = listMigrations().at(-1);
const snapshot = last && join(MIGRATIONS_DIR, last.name, 'schema.prisma');
const from = snapshot && existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
const sql = execFileSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', SCHEMA_PATH, '--script'], {
  encoding: 'utf8',
});
if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ''))) {
  console.log('schema.prisma matches the last migration: nothing to add');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(join(dir, 'migration.sql'), sql);
copyFileSync(SCHEMA_PATH, join(dir, 'schema.prisma'));
console.log(`wrote ${dir}/migration.sql`);
