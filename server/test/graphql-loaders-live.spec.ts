/**
 * A registry of all 22 nodes: a query over every node and city costs the same number of database
 * and VictoriaMetrics queries as one over a single node (per-request loaders, no N+1); the
 * overviewUpdated subscription fires when the collectors' last-success time advances; and with
 * VictoriaMetrics down, database-backed indicators still answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTOR_METRICS, NODE_DEFINITIONS, RESOURCES, RESOURCE_METRICS } from '@gcc/domain';
import { startVictoriaMetrics, waitForQuery, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient, type VmClient } from '../src/infra/vm/vm-client.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';
import { D, NOW, writeSamples } from './fixtures/small-province.ts';

let vm: TestVictoriaMetrics;
let db: Database;
let dir: string;
let app: FastifyInstance;
let client: VmClient;
let dbQueries = 0;

const KIND = { provincial: 'PROVINCIAL', city: 'CITY', prd: 'PRD' } as const;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dir = mkdtempSync(join(tmpdir(), 'gcc-22-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeReferenceData(db.prisma);
  const lines: string[] = [];
  for (const [i, n] of NODE_DEFINITIONS.entries()) {
    await db.prisma.node.create({
      data: {
        id: n.id, kind: KIND[n.kind], regionCode: n.regionCode, nameZh: n.nameZh, nameEn: n.nameEn, goLiveDate: D(100 + 20 * i),
        interconnectDate: n.kind === 'prd' ? D(100) : null, cmpKind: 'OPENSTACK', cmpEndpoint: 'http://cmp.invalid', cmpCredentialRef: 'NONE',
        dataCentres: { create: n.dataCentres.map((dc) => ({ id: dc.code, nameZh: dc.nameZh, nameEn: dc.nameEn })) },
      },
    });
    for (const r of RESOURCES) {
      for (const [m, v] of [['total', 1000], ['allocated', 600], ['used', 300]] as const) {
        lines.push(`${RESOURCE_METRICS[r].name}{node="${n.id}",dc="${n.dataCentres[0]!.code}",measure="${m}"} ${v} ${NOW - 60_000}`);
      }
    }
    lines.push(`${COLLECTOR_METRICS.lastSuccess.name}{node="${n.id}"} ${(NOW - 60_000) / 1000} ${NOW - 60_000}`);
  }
  await db.prisma.department.create({ data: { code: 'd', nameZh: 'd', regionCode: '440200' } });
  await db.prisma.businessSystem.createMany({
    data: Array.from({ length: 8 }, (_, i) => ({
      code: `s${i}`, nameZh: 's', departmentCode: 'd', regionCode: '440200', status: i < 3 ? ('ON_CLOUD' as const) : ('PLANNED' as const),
      registeredAt: D(300), onCloudAt: i < 3 ? D(50) : null,
    })),
  });
  await writeSamples(vm.url, lines);
  await vm.forceFlush();
  await waitForQuery(vm.url, `count(${COLLECTOR_METRICS.lastSuccess.name})`, (r) => Number(r[0]?.value[1]) === 22);
  client = createVmClient({ url: vm.url, cacheTtlMs: 0 });
  // Count every Prisma operation the app makes.
  const counted = db.prisma.$extends({
    query: { $allModels: { $allOperations: ({ args, query }) => (dbQueries++, query(args)) } },
  }) as unknown as PrismaClient;
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db: { ...db, prisma: counted }, vm: client, liveUpdates: { pollIntervalMs: 0 } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cost(query: string) {
  const [vmBefore, dbBefore] = [client.stats.issued, dbQueries];
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } });
  const body = res.json();
  expect(body.errors).toBeUndefined();
  return { vm: client.stats.issued - vmBefore, db: dbQueries - dbBefore, body };
}

const NODE_FIELDS = `id city { code } dataCentres { id vcpu { total } } vcpu { total credibility { lastGoodPull } } memory { total } storage { total }
  credibility { stale } indicators { scope migrationRate { value } usageRate { value credibility { stale } }
  evaluation { status migration { projected gap { amount } } usage { projected atDeadline gap { amount } } } }`;

describe('per-request loaders', () => {
  it('reads each thing once per request however many nodes a query covers', async () => {
    // Yunfu went live 520 days ago (deadline passed), Shaoguan 120 days ago: together they need every kind of read.
    const two = await cost(`{ a: node(id: "city-yunfu") { ${NODE_FIELDS} } b: node(id: "city-shaoguan") { ${NODE_FIELDS} } }`);
    const all = await cost(`{ nodes { ${NODE_FIELDS} } cities { code nodes { id } vcpu { total } indicators { evaluation { status } } }
      rankings(by: MIGRATION_RATE) { rank status } province { vcpu { total } dataCentres { vcpu { total } } } }`);
    expect(all.body.data.nodes).toHaveLength(22);
    expect(all.body.data.cities.find((c: { code: string }) => c.code === '440200').vcpu.total).toBe(1000);
    // Capacity (2 per resource), last good pulls, allocation at past deadlines and daily trends (1 per resource each).
    expect(all.vm).toBeLessThanOrEqual(3 * 2 + 1 + 3 + 3);
    expect(all.vm).toBe(two.vm);
    // Nodes, data centres, business systems.
    expect(all.db).toBeLessThanOrEqual(3);
    expect(all.db).toBe(two.db);
  });
});

function nextMessage(ws: WebSocket, type: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} message within 10 s`)), 10_000);
    ws.on('message', (data: { toString(): string }) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === type) {
        clearTimeout(timer);
        resolve(msg);
      }
    });
  });
}

describe('live updates', () => {
  it('publishes overviewUpdated when a collection cycle completes', async () => {
    // Its own app: the watcher's polls must not count in the loader test's query counts.
    const live = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 100 } });
    await live.ready();
    const ws = await live.injectWS('/graphql', {
      headers: { 'sec-websocket-protocol': 'graphql-transport-ws' },
    });
    try {
      const ack = nextMessage(ws, 'connection_ack');
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await ack;
      const next = nextMessage(ws, 'next');
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { overviewUpdated { collectedAt nodeCount vcpu { total allocated } staleNodes } }' } }));
      // A new cycle: the collector records a newer last good pull of one node.
      const cycle = Math.floor(Date.now() / 1000) * 1000;
      await writeSamples(vm.url, [`${COLLECTOR_METRICS.lastSuccess.name}{node="city-yunfu"} ${cycle / 1000} ${cycle - 2000}`]);
      await vm.forceFlush();
      const msg = await next;
      expect(msg.payload.data.overviewUpdated).toEqual({
        collectedAt: new Date(cycle).toISOString(), nodeCount: 22, vcpu: { total: 22000, allocated: 13200 }, staleNodes: [],
      });
    } finally {
      ws.close();
      await live.close();
    }
  });
});

describe('when VictoriaMetrics is down', () => {
  it('still answers migration rates and rankings from the database, and fails the rest with a code', async () => {
    const down = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' }, db, liveUpdates: { pollIntervalMs: 0 },
      vm: createVmClient({ url: 'http://127.0.0.1:1', timeoutMs: 500 }),
    });
    try {
      const res = await down.inject({
        method: 'POST', url: '/graphql',
        payload: { query: '{ city(code: "440200") { indicators { migrationRate { value inScope } usageRate { value } } } rankings(by: MIGRATION_RATE) { rank city { code } } }' },
      });
      const body = res.json();
      expect(body.data.city.indicators.migrationRate).toEqual({ value: 3 / 8, inScope: 8 });
      expect(body.data.rankings[0]).toEqual({ rank: 1, city: { code: '440200' } });
      expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['GCC_ERR_VM_UNAVAILABLE']);
    } finally {
      await down.close();
    }
  });
});
