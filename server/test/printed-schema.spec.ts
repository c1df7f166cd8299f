/**
 * server/schema.graphql, the schema the console's types are generated from (web/codegen.ts), is
 * what the code prints today and what the app serves: a change to any module's SDL that is not
 * reprinted (`pnpm --filter @gcc/server run print-schema`) fails here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { PRINTED_SCHEMA_FILE, printedSchema } from '../src/printed-schema.ts';

describe('the printed schema (server/schema.graphql)', () => {
  let dir: string;
  let db: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gcc-schema-'));
    db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    // Nothing is queried: the VictoriaMetrics URL is never dialled.
    app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:9' }), liveUpdates: { pollIntervalMs: 0 } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is checked in as the code prints it', () => {
    const checkedIn = readFileSync(PRINTED_SCHEMA_FILE, 'utf8');
    expect(checkedIn, 'server/schema.graphql is stale: run pnpm --filter @gcc/server run print-schema').toBe(printedSchema());
  });

  it('is marked generated and declares the custom scalars', () => {
    const sdl = printedSchema();
    expect(sdl.startsWith('# GENERATED')).toBe(true);
    expect(sdl).toMatch(/^scalar DateTime$/m);
    expect(sdl).toMatch(/^scalar Date$/m);
  });

  it('is the schema the app serves', () => {
    const body = printedSchema().replace(/^(#[^\n]*\n)+\n/, '');
    expect(`${printSchema(app.graphql.schema)}\n`).toBe(body);
  });
});
