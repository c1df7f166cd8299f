/**
 * POST /api/inventory/:nodeId on PGlite and PostgreSQL: systems seen running get their node and CMP
 * project, PLANNED/MIGRATING ones become ON_CLOUD with a status change by 'collector'; unknown codes
 * or a bad body reject the whole batch, and nothing is written. It and GET /api/collector/nodes
 * need an OPERATOR or PROVINCIAL_ADMIN token (even with GCC_AUTH off): 401 and 403 otherwise.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';
import { STORES, type TestStore } from './stores.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const GiB = 1024 ** 3;

async function writeSmallRegistry(db: Database) {
  await writeReferenceData(db.prisma);
  for (const [id, regionCode] of [['prd-foshan', '440600'], ['city-shaoguan', '440200']] as const) {
    await db.prisma.node.create({ data: { id, kind: id.startsWith('prd') ? 'PRD' : 'CITY', regionCode, nameZh: id, nameEn: id, cmpKind: 'DOCKING_API', cmpEndpoint: 'http://127.0.0.1:1/x', cmpCredentialRef: 'X' } });
  }
  await db.prisma.department.create({ data: { code: 'D1', nameZh: '佛山市公安局', regionCode: '440600' } });
  const systems = [
    ['FS-PLANNED', 'PLANNED', null],
    ['FS-MIGRATING', 'MIGRATING', 'prd-foshan'],
    ['FS-ONCLOUD', 'ON_CLOUD', 'prd-foshan'],
    ['FS-ELSEWHERE', 'ON_CLOUD', 'city-shaoguan'],
    ['FS-EXEMPT', 'EXEMPT', null],
  ] as const;
  for (const [code, status, nodeId] of systems) {
    await db.prisma.businessSystem.create({ data: { code, nameZh: code, departmentCode: 'D1', regionCode: '440600', nodeId, status, registeredAt: day('2020-01-01'), ...(status === 'ON_CLOUD' ? { onCloudAt: day('2021-01-01') } : {}) } });
  }
}

const item = (systemCode: string, projectId: string, vcpu = 8) => ({ systemCode, projectId, vcpu, memoryBytes: vcpu * 4 * GiB, storageBytes: vcpu * 50 * GiB });

describe.each(STORES)('inventory ingestion on $name', ({ create }) => {
  let store: TestStore;
  let db: Database;
  let app: FastifyInstance;
  const tokens: Record<'collector' | 'admin' | 'viewer' | 'readOnly' | 'foshanOperator' | 'shaoguanOperator' | 'revoked', string> = {} as never;
  beforeAll(async () => {
    store = await create();
    db = await openDatabase(store.target);
    await writeSmallRegistry(db);
    const token = async (username: string, role: string, cityCode: string | null, readOnly = false) =>
      (await issueToken(db.prisma, (await upsertUser(db.prisma, { username, role, cityCode })).id, { label: 'test', readOnly })).token;
    tokens.collector = await token('collector', 'OPERATOR', null);
    tokens.admin = await token('province', 'PROVINCIAL_ADMIN', null);
    tokens.viewer = await token('viewer', 'PROVINCIAL_VIEWER', null);
    tokens.readOnly = await token('collector-ro', 'OPERATOR', null, true);
    tokens.foshanOperator = await token('foshan-ops', 'OPERATOR', '440600');
    tokens.shaoguanOperator = await token('shaoguan-ops', 'OPERATOR', '440200');
    const revoked = await issueToken(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { username: 'collector' } })).id, { label: 'old', readOnly: false });
    await db.prisma.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date(Date.now() - 1000) } });
    tokens.revoked = revoked.token;
    app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:9' }), liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await store?.cleanup();
  });

  const post = (nodeId: string, body: unknown, token: string | null = tokens.collector) =>
    app.inject({ method: 'POST', url: `/api/inventory/${nodeId}`, payload: body as object, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const nodes = (token: string | null) => app.inject({ method: 'GET', url: '/api/collector/nodes', headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const snapshot = async () =>
    JSON.stringify([
      await db.prisma.businessSystem.findMany({ orderBy: { code: 'asc' }, select: { code: true, status: true, nodeId: true, cmpProjectId: true, onCloudAt: true } }),
      await db.prisma.systemStatusChange.count(),
    ]);

  it('refuses a post without the right token, with a coded 401 or 403, and writes nothing', async () => {
    const before = await snapshot();
    const body = { takenAt: '2026-11-25T06:30:00Z', systems: [item('FS-PLANNED', 'p1')] };
    const refused = async (token: string | null) => {
      const res = await post('prd-foshan', body, token);
      return [res.statusCode, res.json().code];
    };
    expect(await refused(null)).toEqual([401, 'GCC_ERR_AUTH_REQUIRED']);
    expect(await refused('gcc_not-a-token')).toEqual([401, 'GCC_ERR_AUTH_INVALID_TOKEN']);
    expect(await refused(tokens.revoked)).toEqual([401, 'GCC_ERR_AUTH_INVALID_TOKEN']);
    expect(await refused(tokens.viewer)).toEqual([403, 'GCC_ERR_AUTH_FORBIDDEN']);
    expect(await refused(tokens.readOnly)).toEqual([403, 'GCC_ERR_AUTH_READ_ONLY']);
    // A city's own collector posts for its city's nodes only.
    expect(await refused(tokens.shaoguanOperator)).toEqual([403, 'GCC_ERR_AUTH_FORBIDDEN']);
    const res = await post('prd-foshan', body, null);
    expect(res.json().message).toBe('POST /api/inventory needs the bearer token of a user with role OPERATOR or PROVINCIAL_ADMIN: send `Authorization: Bearer <token>` (create one with server/src/cli/create-token.ts --role OPERATOR)');
    expect((await post('prd-foshan', body, tokens.viewer)).json().message).toBe('POST /api/inventory needs the token of a user with role OPERATOR or PROVINCIAL_ADMIN; "viewer" is PROVINCIAL_VIEWER');
    // Refused before the body is read: a bad body without a token is a 401, not a 400.
    expect((await post('prd-foshan', { nonsense: true }, null)).statusCode).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it('GET /api/collector/nodes: the registry in the collector configuration shape, for collector tokens only', async () => {
    expect([(await nodes(null)).statusCode, (await nodes(null)).json().code]).toEqual([401, 'GCC_ERR_AUTH_REQUIRED']);
    expect([(await nodes(tokens.viewer)).statusCode, (await nodes(tokens.viewer)).json().code]).toEqual([403, 'GCC_ERR_AUTH_FORBIDDEN']);
    const all = await nodes(tokens.collector);
    expect(all.statusCode).toBe(200);
    expect(all.json().nodes).toEqual([
      { id: 'city-shaoguan', regionCode: '440200', kind: 'city', cmpKind: 'docking-api', endpoint: 'http://127.0.0.1:1/x', credentialRef: 'X', simulated: false, dataCentres: [] },
      { id: 'prd-foshan', regionCode: '440600', kind: 'prd', cmpKind: 'docking-api', endpoint: 'http://127.0.0.1:1/x', credentialRef: 'X', simulated: false, dataCentres: [] },
    ]);
    // Reading needs no write right; a city-bound collector sees its city's nodes.
    expect((await nodes(tokens.readOnly)).json().nodes).toHaveLength(2);
    expect((await nodes(tokens.admin)).json().nodes).toHaveLength(2);
    expect((await nodes(tokens.foshanOperator)).json().nodes.map((n: { id: string }) => n.id)).toEqual(['prd-foshan']);
    // The same with GCC_AUTH=on.
    const strict = await buildApp({ config: { production: false, auth: true, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:9' }), liveUpdates: { pollIntervalMs: 0 } });
    try {
      const anonymous = await strict.inject({ method: 'GET', url: '/api/collector/nodes' });
      expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'GCC_ERR_AUTH_REQUIRED']);
      expect((await strict.inject({ method: 'GET', url: '/api/collector/nodes', headers: { authorization: `Bearer ${tokens.collector}` } })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refuses unknown system codes, naming them, and writes nothing', async () => {
    const before = await snapshot();
    const res = await post('prd-foshan', { takenAt: '2026-11-25T06:30:00Z', systems: [item('FS-PLANNED', 'p1'), item('NOT-REGISTERED', 'p9'), item('ALSO-UNKNOWN', 'p8')] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS', unknownSystemCodes: ['ALSO-UNKNOWN', 'NOT-REGISTERED'] });
    expect(res.json().message).toMatch(/^node prd-foshan: 2 system codes are not in the registry \(ALSO-UNKNOWN, NOT-REGISTERED\).*nothing was written$/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a bad body with every problem named, and an unknown node', async () => {
    const bad = await post('prd-foshan', { takenAt: '2026-11-25 06:30', systems: [{ ...item('FS-PLANNED', 'p1'), vcpu: -1 }, { systemCode: 'X' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('GCC_ERR_INVENTORY_INVALID');
    expect(bad.json().problems).toEqual(expect.arrayContaining([expect.stringMatching(/^takenAt: /), expect.stringMatching(/^systems\[0\]\.vcpu: /), expect.stringMatching(/^systems\[1\]\.projectId: /)]));
    const nowhere = await post('prd-atlantis', { takenAt: '2026-11-25T06:30:00Z', systems: [] });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().code).toBe('GCC_ERR_INPUT_UNKNOWN_NODE');
  });

  it('joins a good batch: node and project set, PLANNED/MIGRATING → ON_CLOUD by the collector, EXEMPT left alone', async () => {
    // A city's own collector may post for its city's node.
    const res = await post('prd-foshan', {
      takenAt: '2026-11-25T06:30:00+08:00',
      systems: [item('FS-PLANNED', 'proj-a', 4), item('FS-PLANNED', 'proj-b', 16), item('FS-MIGRATING', 'proj-m'), item('FS-ONCLOUD', 'proj-o'), item('FS-ELSEWHERE', 'proj-e'), item('FS-EXEMPT', 'proj-x')],
    }, tokens.foshanOperator);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      nodeId: 'prd-foshan',
      takenAt: '2026-11-25T06:30:00+08:00',
      systems: 5,
      becameOnCloud: ['FS-MIGRATING', 'FS-PLANNED'],
      placed: ['FS-ELSEWHERE', 'FS-PLANNED'],
      untouched: [{ code: 'FS-EXEMPT', status: 'EXEMPT' }],
    });
    const rows = new Map((await db.prisma.businessSystem.findMany()).map((s) => [s.code, s]));
    expect(rows.get('FS-PLANNED')).toMatchObject({ status: 'ON_CLOUD', nodeId: 'prd-foshan', cmpProjectId: 'proj-b', onCloudAt: day('2026-11-24'), migrationStartedAt: day('2026-11-24') });
    expect(rows.get('FS-MIGRATING')).toMatchObject({ status: 'ON_CLOUD', cmpProjectId: 'proj-m' });
    expect(rows.get('FS-ONCLOUD')).toMatchObject({ status: 'ON_CLOUD', cmpProjectId: 'proj-o', onCloudAt: day('2021-01-01') });
    expect(rows.get('FS-ELSEWHERE')).toMatchObject({ nodeId: 'prd-foshan', cmpProjectId: 'proj-e' });
    expect(rows.get('FS-EXEMPT')).toMatchObject({ status: 'EXEMPT', nodeId: null, cmpProjectId: null });
    const changes = await db.prisma.systemStatusChange.findMany({ where: { actor: 'collector' }, include: { system: { select: { code: true } } }, orderBy: { system: { code: 'asc' } } });
    expect(changes.map((c) => [c.system.code, c.from, c.to, c.at.toISOString().slice(0, 10)])).toEqual([
      ['FS-MIGRATING', 'MIGRATING', 'ON_CLOUD', '2026-11-24'],
      ['FS-PLANNED', 'PLANNED', 'ON_CLOUD', '2026-11-24'],
    ]);
  });

  it('is idempotent: the same batch again changes nothing', async () => {
    const before = await snapshot();
    const res = await post('prd-foshan', { takenAt: '2026-11-25T07:00:00Z', systems: [item('FS-PLANNED', 'proj-b', 16), item('FS-MIGRATING', 'proj-m')] }, tokens.admin);
    expect(res.json()).toMatchObject({ becameOnCloud: [], placed: [] });
    expect(await snapshot()).toBe(before);
  });
});
