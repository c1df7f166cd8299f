/**
 * Access from day one, on both stores: bearer tokens resolved to users (expired, revoked, unknown
 * and disabled refused), a city bureau user sees its own city's detail and only the province's
 * aggregates, rankings and names of the others, a kiosk token is read-only, GCC_AUTH=off keeps the
 * demo working without a token, and production refuses the demo's seed-derived tokens.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { demoToken, writeDemoUsers } from '../src/modules/access/demo-users.ts';
import { startFakeVm, type FakeVm } from './fixtures/fake-vm.ts';
import { writeRegistry } from './fixtures/small-province.ts';
import { STORES, type TestStore } from './stores.ts';

type Gql = { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const codes = (body: Gql) => (body.errors ?? []).map((e) => e.extensions?.code);

describe.each(STORES)('access on $name', (storeKind) => {
  let store: TestStore;
  let db: Database;
  let vm: FakeVm;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  let adminTokenId = '';
  let kioskTokenId = '';

  beforeAll(async () => {
    store = await storeKind.create();
    db = await openDatabase(store.target);
    await writeRegistry(db);
    vm = await startFakeVm();
    const user = (username: string, role: string, cityCode: string | null = null) => upsertUser(db.prisma, { username, role, cityCode });
    const admin = await user('sheng-ju', 'PROVINCIAL_ADMIN');
    const shaoguan = await user('shaoguan-bureau', 'CITY_ADMIN', '440200');
    const kiosk = await user('hall-screen', 'KIOSK');
    const gone = await user('former-staff', 'PROVINCIAL_VIEWER');
    const issue = async (name: string, userId: string, extra: Partial<Parameters<typeof issueToken>[2]> = {}) => {
      const t = await issueToken(db.prisma, userId, { label: name, readOnly: false, ...extra });
      tokens[name] = t.token;
      return t;
    };
    adminTokenId = (await issue('admin', admin.id)).id;
    await issue('shaoguan', shaoguan.id);
    // Asked for read-write, still read-only: kiosks never write.
    kioskTokenId = (await issue('kiosk', kiosk.id)).id;
    await issue('expired', admin.id, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await issue('revoked', admin.id);
    await db.prisma.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date(Date.now() - 1000) } });
    await issue('disabled', gone.id);
    await db.prisma.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    app = await buildApp({ config: { production: false, auth: true, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await vm?.close();
    await store?.cleanup();
  });

  async function gql(query: string, token?: string, target = app) {
    const res = await target.inject({ method: 'POST', url: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { query } });
    return { status: res.statusCode, body: res.json() as Gql };
  }

  it('refuses a request without a token, with a bad header, or with an unknown, expired, revoked or disabled token', async () => {
    const none = await gql('{ meta { simulated } }');
    expect(none.status).toBe(401);
    expect(codes(none.body)).toEqual(['GCC_ERR_AUTH_REQUIRED']);
    for (const name of ['expired', 'revoked', 'disabled']) {
      const r = await gql('{ meta { simulated } }', tokens[name]);
      expect([r.status, codes(r.body)], name).toEqual([401, ['GCC_ERR_AUTH_INVALID_TOKEN']]);
    }
    const unknown = await gql('{ meta { simulated } }', `${tokens.admin}x`);
    expect(codes(unknown.body)).toEqual(['GCC_ERR_AUTH_INVALID_TOKEN']);
    const basic = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Basic YTpi' }, payload: { query: '{ meta { simulated } }' } });
    expect(codes(basic.json())).toEqual(['GCC_ERR_AUTH_INVALID_TOKEN']);
    expect(basic.json().errors[0].message).toContain('Bearer');
  });

  it('tells each token who it is', async () => {
    const q = '{ viewer { username role city { code } readOnly anonymous } }';
    expect((await gql(q, tokens.admin)).body.data!.viewer).toEqual({ username: 'sheng-ju', role: 'PROVINCIAL_ADMIN', city: null, readOnly: false, anonymous: false });
    expect((await gql(q, tokens.shaoguan)).body.data!.viewer).toEqual({ username: 'shaoguan-bureau', role: 'CITY_ADMIN', city: { code: '440200' }, readOnly: false, anonymous: false });
    expect((await gql(q, tokens.kiosk)).body.data!.viewer).toMatchObject({ role: 'KIOSK', readOnly: true });
  });

  it("gives a city bureau its own city's detail", async () => {
    const r = await gql(`{ city(code: "440200") { code vcpu { total } indicators { migrationRate { inScope } } nodes { id cmpKind vcpu { stale } dataCentres { id vcpu { total } } credibility { stale } } } node(id: "city-shaoguan") { id vcpu { total } } }`, tokens.shaoguan);
    expect(r.body.errors).toBeUndefined();
    // The stand-in VictoriaMetrics has no samples: the live node is stale.
    expect(r.body.data!.city.nodes).toEqual([{ id: 'city-shaoguan', cmpKind: 'OPENSTACK', vcpu: { stale: true }, dataCentres: [{ id: 'shaoguan-dc1', vcpu: { total: null } }], credibility: { stale: true } }]);
    expect(r.body.data!.city.indicators.migrationRate.inScope).toBe(7);
  });

  it("refuses another city's detail and another city's nodes with GCC_ERR_AUTH_FORBIDDEN", async () => {
    const city = await gql('{ city(code: "441600") { code nameZh } }', tokens.shaoguan);
    expect(city.body.data).toEqual({ city: null });
    expect(codes(city.body)).toEqual(['GCC_ERR_AUTH_FORBIDDEN']);
    expect(city.body.errors![0]!.message).toContain('440200');
    const node = await gql('{ node(id: "city-heyuan") { id } }', tokens.shaoguan);
    expect(codes(node.body)).toEqual(['GCC_ERR_AUTH_FORBIDDEN']);
    // Reached through a list: the names answer, the figures are refused.
    const viaList = await gql('{ province { cityNodes { id nameZh vcpu { total } } } }', tokens.shaoguan);
    const nodes = viaList.body.data!.province.cityNodes as { id: string; vcpu: unknown }[];
    expect(nodes.map((n) => n.id)).toEqual(['city-shaoguan', 'city-heyuan', 'city-yunfu', 'city-shanwei'].sort((a, b) => nodes.findIndex((n) => n.id === a) - nodes.findIndex((n) => n.id === b)));
    expect(nodes.find((n) => n.id === 'city-shaoguan')!.vcpu).toEqual({ total: null });
    expect(nodes.filter((n) => n.vcpu === null).map((n) => n.id).sort()).toEqual(['city-heyuan', 'city-shanwei', 'city-yunfu']);
    expect(new Set(codes(viaList.body))).toEqual(new Set(['GCC_ERR_AUTH_FORBIDDEN']));
    const dc = await gql('{ province { dataCentres { id node { id } vcpu { total } } } }', tokens.shaoguan);
    expect(dc.body.data!.province.dataCentres.filter((d: { vcpu: unknown }) => d.vcpu !== null).map((d: { id: string }) => d.id)).toEqual(['shaoguan-dc1']);
  });

  it("shows a city bureau the province's aggregates, rankings and every city's name", async () => {
    const r = await gql('{ province { nodeCount indicators { migrationRate { inScope } } } cities { code nameZh } rankings(by: MIGRATION_RATE) { rank value city { code nameZh } } milestones { code } }', tokens.shaoguan);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.cities).toHaveLength(21);
    expect(r.body.data!.rankings).toHaveLength(21);
    expect(r.body.data!.rankings.find((e: { city: { code: string } }) => e.city.code === '441600').value).toBe(3 / 4);
    const detail = await gql('{ rankings(by: MIGRATION_RATE) { city { code indicators { scope } } } }', tokens.shaoguan);
    expect(codes(detail.body).length).toBeGreaterThan(0);
    expect(new Set(codes(detail.body))).toEqual(new Set(['GCC_ERR_AUTH_FORBIDDEN']));
  });

  it('lets provincial roles see every city', async () => {
    const r = await gql('{ city(code: "441600") { nodes { id vcpu { total } } } node(id: "prd-foshan") { cmpKind } }', tokens.admin);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ city: { nodes: [{ id: 'city-heyuan', vcpu: { total: null } }] }, node: { cmpKind: 'DOCKING_API' } });
    const kiosk = await gql('{ city(code: "441600") { code vcpu { total } } }', tokens.kiosk);
    expect(kiosk.body.errors).toBeUndefined();
  });

  it('refuses mutations to a kiosk token, lets an admin revoke it, and then refuses it', async () => {
    const own = await gql(`mutation { revokeToken(id: "${kioskTokenId}") }`, tokens.kiosk);
    expect(codes(own.body)).toEqual(['GCC_ERR_AUTH_READ_ONLY']);
    const other = await gql(`mutation { revokeToken(id: "${adminTokenId}") }`, tokens.shaoguan);
    expect(codes(other.body)).toEqual(['GCC_ERR_AUTH_FORBIDDEN']);
    const byAdmin = await gql(`mutation { revokeToken(id: "${kioskTokenId}") }`, tokens.admin);
    expect(byAdmin.body.errors).toBeUndefined();
    expect(Date.parse(byAdmin.body.data!.revokeToken)).toBeLessThanOrEqual(Date.now());
    expect(codes((await gql('{ meta { simulated } }', tokens.kiosk)).body)).toEqual(['GCC_ERR_AUTH_INVALID_TOKEN']);
  });

  it('with GCC_AUTH=off answers without a token and still honours tokens', async () => {
    const open = await buildApp({ config: { production: false, auth: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 } });
    try {
      const anon = await gql('{ viewer { anonymous } city(code: "441600") { code } }', undefined, open);
      expect(anon.body).toEqual({ data: { viewer: { anonymous: true }, city: { code: '441600' } } });
      expect(codes((await gql('{ city(code: "441600") { code } }', tokens.shaoguan, open)).body)).toEqual(['GCC_ERR_AUTH_FORBIDDEN']);
      expect(codes((await gql('{ meta { simulated } }', tokens.revoked, open)).body)).toEqual(['GCC_ERR_AUTH_INVALID_TOKEN']);
    } finally {
      await open.close();
    }
  });

  it("writes the demo's users, and a production server refuses their seed-derived tokens", async () => {
    const demo = await writeDemoUsers(db.prisma, 2019);
    expect(demo.size).toBe(25);
    expect(demo.get('demo-kiosk')).toBe(demoToken(2019, 'demo-kiosk'));
    // Idempotent: a second start of the demo issues nothing new.
    const before = await db.prisma.apiToken.count();
    await writeDemoUsers(db.prisma, 2019);
    expect(await db.prisma.apiToken.count()).toBe(before);
    const city = await gql('{ viewer { city { code } readOnly } }', demo.get('demo-city-shaoguan'));
    expect(city.body.data!.viewer).toEqual({ city: { code: '440200' }, readOnly: false });
    const prod = await buildApp({ config: { production: true, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 } });
    try {
      const r = await gql('{ meta { simulated } }', demo.get('demo-province'), prod);
      expect([r.status, codes(r.body)]).toEqual([401, ['GCC_ERR_AUTH_INVALID_TOKEN']]);
      expect((await gql('{ meta { simulated } }', tokens.admin, prod)).body.errors).toBeUndefined();
    } finally {
      await prod.close();
    }
  });
});
