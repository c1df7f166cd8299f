/**
 * A city's business systems from the registry (modules/systems), on both stores: the list filters
 * by status and searches code, name and department, pages with a total; the per-department counts
 * add up to the city's systems; a city user reads only its own city's list.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { writeRegistry } from './fixtures/small-province.ts';
import { STORES, type TestStore } from './stores.ts';

type Gql = { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(STORES)('city business systems on $name', (storeKind) => {
  let store: TestStore;
  let db: Database;
  let app: FastifyInstance;
  let heyuanToken = '';

  beforeAll(async () => {
    store = await storeKind.create();
    db = await openDatabase(store.target);
    await writeRegistry(db);
    const heyuan = await upsertUser(db.prisma, { username: 'heyuan-bureau', role: 'CITY_VIEWER', cityCode: '441600' });
    heyuanToken = (await issueToken(db.prisma, heyuan.id, { label: 'test', readOnly: true })).token;
    // Database fields only: VictoriaMetrics is never asked.
    app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:9' }), liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await store?.cleanup();
  });

  async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Gql> {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { query, variables } });
    return res.json() as Gql;
  }

  const LIST = `query($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {
    city(code: $code) { systems(search: $search, status: $status, offset: $offset, limit: $limit) { total offset limit items { code status department { code nameZh } onCloudAt } } }
  }`;

  it('lists a city’s systems in code order, paged, with the total', async () => {
    const first = await gql(LIST, { code: '440200', limit: 4 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.city.systems;
    expect(page).toMatchObject({ total: 10, offset: 0, limit: 4 });
    expect(page.items.map((s: { code: string }) => s.code)).toEqual(['sys-0', 'sys-1', 'sys-2', 'sys-3']);
    const last = (await gql(LIST, { code: '440200', offset: 8, limit: 4 })).data!.city.systems;
    expect(last.items).toHaveLength(2);
  });

  it('filters by status and searches code, name and department', async () => {
    const onCloud = (await gql(LIST, { code: '440200', status: 'ON_CLOUD' })).data!.city.systems;
    expect(onCloud.total).toBe(3);
    expect(onCloud.items.every((s: { status: string; onCloudAt: string | null }) => s.status === 'ON_CLOUD' && s.onCloudAt)).toBe(true);
    expect((await gql(LIST, { code: '440200', search: 'SYS-9' })).data!.city.systems.items.map((s: { code: string }) => s.code)).toEqual(['sys-9']);
    expect((await gql(LIST, { code: '440200', search: '部门 440200', status: 'PLANNED' })).data!.city.systems.total).toBe(4);
    expect((await gql(LIST, { code: '440200', search: 'nothing like it' })).data!.city.systems).toMatchObject({ total: 0, items: [] });
  });

  it('refuses a page outside the limits with GCC_ERR_INPUT_SYSTEMS_PAGE', async () => {
    for (const vars of [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { search: 'x'.repeat(101) }]) {
      const r = await gql(LIST, { code: '440200', ...vars });
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('GCC_ERR_INPUT_SYSTEMS_PAGE');
    }
  });

  it('counts systems per department, adding up to the city’s', async () => {
    const r = await gql('{ city(code: "440200") { departments { department { code nameZh } systems onCloud migrating planned excluded } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.city.departments).toEqual([
      { department: { code: 'dept-440200', nameZh: '部门 440200' }, systems: 10, onCloud: 3, migrating: 0, planned: 4, excluded: 3 },
    ]);
  });

  it('is city detail: a city user reads its own city’s list, not another’s', async () => {
    const own = await gql(LIST, { code: '441600' }, heyuanToken);
    expect(own.errors).toBeUndefined();
    expect(own.data!.city.systems.total).toBe(4);
    const other = await gql('{ cities { code systems { total } } }', {}, heyuanToken);
    expect(other.errors?.map((e) => e.extensions?.code)).toContain('GCC_ERR_AUTH_FORBIDDEN');
    const arg = await gql(LIST, { code: '440200' }, heyuanToken);
    expect(arg.errors?.[0]?.extensions?.code).toBe('GCC_ERR_AUTH_FORBIDDEN');
  });
});
