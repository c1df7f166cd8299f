import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_MILESTONES, CITIES } from '@gcc/domain';
import { listMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from '@gcc/prisma';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { GccError } from '../src/errors.ts';
import { migrate } from '../src/infra/db/migrate.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';
import { STORES, type TestStore } from './stores.ts';

describe.each(STORES)('database on $name', ({ create }) => {
  let store: TestStore | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
    await store?.cleanup();
  });

  it('applies every checked-in migration once, and none on the next open', async () => {
    store = await create();
    db = await openDatabase(store.target);
    expect(db.migrations.applied).toEqual(listMigrations().map((m) => m.name));
    const again = await migrate(db.sql, { advisoryLock: db.kind === 'postgres' });
    expect(again).toEqual({ applied: [], alreadyApplied: listMigrations().length });
  });

  it('writes the reference data idempotently', async () => {
    store = await create();
    db = await openDatabase(store.target);
    await writeReferenceData(db.prisma);
    await writeReferenceData(db.prisma);
    expect(await db.prisma.region.count()).toBe(CITIES.length + 1);
    expect(await db.prisma.region.count({ where: { isPrd: true } })).toBe(7);
    expect(await db.prisma.planMilestone.count()).toBe(PLAN_MILESTONES.length);
    const m = await db.prisma.planMilestone.findUniqueOrThrow({ where: { code: 'provincial-vcpu-2019' } });
    expect(m.targetValue).toBe(90000);
    expect(m.dueDate?.toISOString().slice(0, 10)).toBe('2019-12-31');
  });

  it('refuses an applied migration that was edited afterwards', async () => {
    store = await create();
    db = await openDatabase(store.target);
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(db.sql, { advisoryLock: false, migrations: edited })).rejects.toMatchObject({
      code: 'GCC_ERR_DB_MIGRATION_CHANGED',
    });
  });

  it('rolls a failing migration back whole: nothing partial is left', async () => {
    store = await create();
    db = await openDatabase(store.target);
    const broken = { name: '99999999999999_broken', checksum: 'x', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' };
    await expect(migrate(db.sql, { advisoryLock: false, migrations: [...listMigrations(), broken] })).rejects.toBeInstanceOf(GccError);
    const tables = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables[0]?.n).toBe(0);
    const ledger = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_gcc_migrations" WHERE name = $1`, [broken.name]);
    expect(ledger[0]?.n).toBe(0);
  });
});

describe('embedded PGlite', () => {
  it('keeps its data across a restart', async () => {
    const store = await STORES[0]!.create();
    try {
      const first = await openDatabase(store.target);
      await first.prisma.systemMeta.create({ data: { key: 'restart-check', value: { n: 1 } } });
      await first.close();
      const second = await openDatabase(store.target);
      const row = await second.prisma.systemMeta.findUnique({ where: { key: 'restart-check' } });
      expect(second.migrations.applied).toEqual([]);
      await second.close();
      expect(row?.value).toEqual({ n: 1 });
    } finally {
      await store.cleanup();
    }
  });
});

describe('schema and migrations', () => {
  it('the last migration was generated from the current schema.prisma', () => {
    const last = listMigrations().at(-1)!;
    const snapshot = readFileSync(join(MIGRATIONS_DIR, last.name, 'schema.prisma'), 'utf8');
    // If this fails: run `pnpm --filter @gcc/prisma db:migration <name>` and commit the new migration.
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(snapshot);
  });
});

describe('database configuration errors', () => {
  it('rejects a malformed DATABASE_URL with a message naming the expected form', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://nope' })).toThrow(/DATABASE_URL: must look like postgresql:\/\//);
  });

  it('reports an unreachable PostgreSQL in one line naming DATABASE_URL', async () => {
    const err = await openDatabase({ kind: 'postgres', url: 'postgresql://u:p@127.0.0.1:1/db' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GccError);
    expect((err as GccError).code).toBe('GCC_ERR_DB_UNREACHABLE');
    expect((err as GccError).message).toMatch(/127\.0\.0\.1:1\/db.*Check DATABASE_URL/);
    expect((err as GccError).message).not.toContain('\n');
    expect((err as GccError).message).not.toContain(':p@');
  });
});
