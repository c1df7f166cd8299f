/**
 * POST /api/inventory/:nodeId on PGlite and PostgreSQL: systems seen running get their node and CMP
 * project, PLANNED/MIGRATING ones become ON_CLOUD with a status change by 'collector'; unknown codes
 * or a bad body reject the whole batch, and nothing is written.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
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
  beforeAll(async () => {
    store = await create();
    db = await openDatabase(store.target);
    await writeSmallRegistry(db);
    app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:9' }), liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await store?.cleanup();
  });

  const post = (nodeId: string, body: unknown) => app.inject({ method: 'POST', url: `/api/inventory/${nodeId}`, payload: body as object });
  const snapshot = async () =>
    JSON.stringify([
      await db.prisma.businessSystem.findMany({ orderBy: { code: 'asc' }, select: { code: true, status: true, nodeId: true, cmpProjectId: true, onCloudAt: true } }),
      await db.prisma.systemStatusChange.count(),
    ]);

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
    const res = await post('prd-foshan', {
      takenAt: '2026-11-25T06:30:00+08:00',
      systems: [item('FS-PLANNED', 'proj-a', 4), item('FS-PLANNED', 'proj-b', 16), item('FS-MIGRATING', 'proj-m'), item('FS-ONCLOUD', 'proj-o'), item('FS-ELSEWHERE', 'proj-e'), item('FS-EXEMPT', 'proj-x')],
    });
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
    const res = await post('prd-foshan', { takenAt: '2026-11-25T07:00:00Z', systems: [item('FS-PLANNED', 'proj-b', 16), item('FS-MIGRATING', 'proj-m')] });
    expect(res.json()).toMatchObject({ becameOnCloud: [], placed: [] });
    expect(await snapshot()).toBe(before);
  });
});
