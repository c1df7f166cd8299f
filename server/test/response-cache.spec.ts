/**
 * The shared answer cache: identical queries by viewers of the same scope share one execution
 * (concurrent ones wait for it, later ones are served from memory), other scopes never see it,
 * answers about the viewer itself are never cached, and a mutation clears it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { startFakeVm, type FakeVm } from './fixtures/fake-vm.ts';
import { writeRegistry } from './fixtures/small-province.ts';

let dir: string;
let db: Database;
let vm: FakeVm;
let app: FastifyInstance;
let province: string;
let city: string;
let cityTokenId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-cache-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  const admin = await upsertUser(db.prisma, { username: 'admin', role: 'PROVINCIAL_ADMIN' });
  province = (await issueToken(db.prisma, admin.id, { label: 't', readOnly: false })).token;
  const shaoguan = await upsertUser(db.prisma, { username: 'shaoguan', role: 'CITY_VIEWER', cityCode: '440200' });
  const t = await issueToken(db.prisma, shaoguan.id, { label: 't', readOnly: true });
  [city, cityTokenId] = [t.token, t.id];
  vm = await startFakeVm();
  // A long TTL: nothing here depends on timing.
  app = await buildApp({
    config: { production: false, auth: true, responseCacheMs: 600_000, webDist: undefined, logLevel: 'silent' },
    db, vm: createVmClient({ url: vm.url, cacheTtlMs: 0 }), liveUpdates: { pollIntervalMs: 0 },
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ask = (token: string, query: string, variables: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });

describe('the shared answer cache', () => {
  it('answers an identical query of the same scope from memory, without asking VictoriaMetrics again', async () => {
    const q = 'query Overview($code: ID!) { province { vcpu { total } } city(code: $code) { code } }';
    const first = await ask(province, q, { code: '440200' });
    const vmAfterFirst = vm.queries;
    expect(vmAfterFirst).toBeGreaterThan(0);
    expect(first.headers['x-gcc-cache']).toBeUndefined();
    const second = await ask(province, q, { code: '440200' });
    expect(second.headers['x-gcc-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());
    expect(vm.queries).toBe(vmAfterFirst);
    // Other variables, another answer.
    expect((await ask(province, q, { code: '441600' })).headers['x-gcc-cache']).toBeUndefined();
    // Another scope never gets the province's answer.
    const cityFirst = await ask(city, q, { code: '440200' });
    expect(cityFirst.headers['x-gcc-cache']).toBeUndefined();
    expect(cityFirst.json().errors).toBeUndefined();
  });

  it('lets concurrent identical requests share one execution', async () => {
    const q = '{ cities { code nameZh } nodes { id } }';
    const all = await Promise.all(Array.from({ length: 20 }, () => ask(province, q)));
    expect(all.filter((r) => r.headers['x-gcc-cache'] === undefined)).toHaveLength(1);
    expect(new Set(all.map((r) => r.body)).size).toBe(1);
  });

  it('refreshes an expired answer once while the others still get the previous one', async () => {
    const short = await buildApp({
      config: { production: false, auth: true, responseCacheMs: 1000, webDist: undefined, logLevel: 'silent' },
      db, vm: createVmClient({ url: vm.url, cacheTtlMs: 0 }), liveUpdates: { pollIntervalMs: 0 },
    });
    try {
      const q = '{ province { nodeCount vcpu { total } } }';
      const get = () => short.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${province}` }, payload: { query: q } });
      const first = await get();
      await new Promise((r) => setTimeout(r, 1100));
      const [refresh, ...others] = await Promise.all([get(), get(), get()]);
      expect(refresh!.headers['x-gcc-cache']).toBeUndefined();
      expect(others.map((r) => r.headers['x-gcc-cache'])).toEqual(['stale', 'stale']);
      expect(others[0]!.body).toBe(first.body);
    } finally {
      await short.close();
    }
  });

  it('never caches answers about the viewer, nor answers with errors', async () => {
    await ask(city, '{ viewer { username } }');
    expect((await ask(city, '{ viewer { username } }')).headers['x-gcc-cache']).toBeUndefined();
    const forbidden = '{ city(code: "441600") { code } }';
    expect((await ask(city, forbidden)).json().errors).toHaveLength(1);
    expect((await ask(city, forbidden)).headers['x-gcc-cache']).toBeUndefined();
  });

  it('is cleared by a mutation', async () => {
    const q = '{ meta { simulated } }';
    await ask(province, q);
    expect((await ask(province, q)).headers['x-gcc-cache']).toBe('hit');
    const revoked = await ask(province, `mutation { revokeToken(id: "${cityTokenId}") }`);
    expect(revoked.json().errors).toBeUndefined();
    expect((await ask(province, q)).headers['x-gcc-cache']).toBeUndefined();
  });
});
