/**
 * Limits on every query: depth, aliases, cost, operations per batch, a timeout, GraphQL over
 * POST only; each violation is a GraphQL error with a GCC_ERR_LIMIT_* code. Every query document
 * of the console (web/src/api) must validate against the server's schema within the default
 * limits, so schema drift between the two fails here. And every error code is documented.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as webApi from '@gcc/web/api';
import type { FastifyInstance } from 'fastify';
import { buildSchema, parse, specifiedRules, validate, type ValidationContext } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, typeDefs } from '../src/app.ts';
import { DEFAULT_LIMITS } from '../src/config.ts';
import { ERROR_CODES } from '../src/errors.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { measureOperation, queryLimitRules } from '../src/plugins/query-limits.ts';
import { startFakeVm, type FakeVm } from './fixtures/fake-vm.ts';
import { writeRegistry } from './fixtures/small-province.ts';

const here = dirname(fileURLToPath(import.meta.url));
const schema = buildSchema(typeDefs);

/** Every query document the console sends: what @gcc/web/api exports with an operation name and source. */
const documents = Object.entries(webApi).filter(
  (e): e is [string, { operationName: string; source: string }] =>
    typeof e[1] === 'object' && e[1] !== null && typeof (e[1] as { source?: unknown }).source === 'string' && typeof (e[1] as { operationName?: unknown }).operationName === 'string',
);

describe("the console's queries", () => {
  it('are all exported from @gcc/web/api (one per defineQuery call)', () => {
    const apiDir = join(here, '../../web/src/api');
    const calls = readdirSync(apiDir)
      .filter((f) => f.endsWith('.ts'))
      .reduce((n, f) => n + (readFileSync(join(apiDir, f), 'utf8').match(/= defineQuery\(/g)?.length ?? 0), 0);
    expect(documents.length).toBeGreaterThanOrEqual(9);
    expect(documents.length).toBe(calls);
  });

  it.each(documents)('%s validates against the server schema within the default limits', (_name, doc) => {
    const errors = validate(schema, parse(doc.source), [...specifiedRules, ...queryLimitRules(DEFAULT_LIMITS)]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('stay well within the limits (deepest 6 levels; cost far below the limit)', () => {
    let deepest = 0;
    let costliest = 0;
    for (const [, doc] of documents) {
      validate(schema, parse(doc.source), [
        (ctx: ValidationContext) => ({
          OperationDefinition(op) {
            const m = measureOperation(ctx, op)!;
            deepest = Math.max(deepest, m.depth);
            costliest = Math.max(costliest, m.cost);
          },
        }),
      ]);
    }
    expect(deepest).toBe(6);
    expect(costliest * 2).toBeLessThan(DEFAULT_LIMITS.cost);
  });
});

describe('limits through the app', () => {
  let dir: string;
  let db: Database;
  let vm: FakeVm;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gcc-limits-'));
    db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    await writeRegistry(db);
    vm = await startFakeVm();
    app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await vm?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (payload: unknown, target = app) => {
    const res = await target.inject({ method: 'POST', url: '/graphql', payload: payload as object });
    return { status: res.statusCode, body: res.json() };
  };
  const codesOf = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

  it('refuses a query nested deeper than 8 levels, and runs one of 8', async () => {
    // node → dataCentres → node → … : each pair adds two levels.
    const nest = (levels: number): string => (levels <= 1 ? 'id' : `dataCentres { node { ${nest(levels - 2)} } }`);
    const ok = await post({ query: `{ node(id: "provincial") { ${nest(7)} } }` });
    expect(ok.body.errors).toBeUndefined();
    const deep = await post({ query: `query Deep { node(id: "provincial") { ${nest(9)} } }` });
    expect(deep.status).toBe(400);
    expect(codesOf(deep.body)).toEqual(['GCC_ERR_LIMIT_DEPTH']);
    expect(deep.body.errors[0].message).toBe('operation Deep is 10 levels deep; at most 8 are allowed');
  });

  it('counts fragments into the depth', async () => {
    const deep = await post({ query: `{ node(id: "provincial") { ...A } } fragment A on Node { dataCentres { node { dataCentres { node { dataCentres { node { dataCentres { node { id } } } } } } } } }` });
    expect(codesOf(deep.body)).toEqual(['GCC_ERR_LIMIT_DEPTH']);
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: meta { simulated }`).join(' ');
    expect((await post({ query: `{ ${aliases(15)} }` })).body.errors).toBeUndefined();
    const many = await post({ query: `{ ${aliases(16)} }` });
    expect(codesOf(many.body)).toEqual(['GCC_ERR_LIMIT_ALIASES']);
  });

  it('refuses a query whose estimated cost is over the limit', async () => {
    // 15 aliases × 22 nodes × 3 resources × a history each: shallow, few aliases, expensive.
    const hist = 'history(measure: TOTAL) { stepSeconds }';
    const wide = Array.from({ length: 15 }, (_, i) => `n${i}: nodes { vcpu { ${hist} } memory { ${hist} } storage { ${hist} } dataCentres { vcpu { ${hist} } } }`).join(' ');
    const r = await post({ query: `{ ${wide} }` });
    expect(codesOf(r.body)).toEqual(['GCC_ERR_LIMIT_COST']);
    expect(r.body.errors[0].message).toMatch(/estimated cost of \d+; at most 10000 is allowed/);
    expect(vm.queries).toBe(0);
  });

  it('runs a batch of 10 operations and refuses one of 11', async () => {
    const op = { query: '{ meta { simulated } }' };
    const ten = await post(Array.from({ length: 10 }, () => op));
    expect(ten.body).toHaveLength(10);
    expect(ten.body[9]).toEqual({ data: { meta: { simulated: false } } });
    const eleven = await post(Array.from({ length: 11 }, () => op));
    expect(eleven.status).toBe(400);
    expect(codesOf(eleven.body)).toEqual(['GCC_ERR_LIMIT_BATCH']);
  });

  it('stops a request that runs past the timeout with GCC_ERR_LIMIT_TIMEOUT', async () => {
    const hung = await startFakeVm('hang');
    const slow = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent', limits: { ...DEFAULT_LIMITS, timeoutMs: 300 } },
      db, vm: createVmClient({ url: hung.url, timeoutMs: 60_000 }), liveUpdates: { pollIntervalMs: 0 },
    });
    try {
      const r = await post({ query: '{ province { vcpu { total } } }' }, slow);
      expect(r.status).toBe(503);
      expect(codesOf(r.body)).toEqual(['GCC_ERR_LIMIT_TIMEOUT']);
      expect(r.body.errors[0].message).toContain('0.3 s');
    } finally {
      await slow.close();
      await hung.close();
    }
  });

  it('serves queries over POST only', async () => {
    const res = await app.inject({ method: 'GET', url: '/graphql?query=%7Bmeta%7Bsimulated%7D%7D' });
    expect(res.statusCode).toBe(405);
    expect(codesOf(res.json())).toEqual(['GCC_ERR_HTTP_METHOD']);
  });
});

describe('error codes', () => {
  it("are each documented in the README's error table", () => {
    const readme = readFileSync(join(here, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Error codes'));
    const missing = Object.keys(ERROR_CODES).filter((code) => !table.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
});
