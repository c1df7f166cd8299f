/**
 * Federation in the GraphQL sense: with GCC_FEDERATION=subgraph the server is an Apollo
 * Federation v1 subgraph; a gateway composes it with a second subgraph standing in for a PRD
 * city's own platform (it extends Node with the tickets of its own service desk), and one query
 * through the gateway joins both. The bearer token travels through the gateway, so the access
 * rules hold there too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import mercuriusGateway from '@mercuriusjs/gateway';
import Fastify, { type FastifyInstance } from 'fastify';
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
let subgraph: FastifyInstance;
let prd: FastifyInstance;
let gateway: FastifyInstance;
let provinceToken: string;
let foshanToken: string;

/** The PRD city's own platform: its service desk's open tickets per node. */
const TICKETS: Record<string, number> = { 'prd-foshan': 7, 'prd-dongguan': 2 };

async function startPrdPlatform(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(mercuriusFederationPlugin, {
    schema: /* GraphQL */ `
      extend type Node @key(fields: "id") {
        id: ID! @external
        "Open tickets in the city platform's own service desk."
        localTickets: Int
      }
      extend type Query {
        prdPlatformStatus(nodeId: ID!): String
      }
    `,
    resolvers: {
      Node: { localTickets: (node: { id: string }) => TICKETS[node.id] ?? null },
      Query: { prdPlatformStatus: (_: unknown, args: { nodeId: string }) => (args.nodeId in TICKETS ? 'OPERATIONAL' : null) },
    } as never,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

const urlOf = (app: FastifyInstance) => {
  const a = app.server.address() as { port: number };
  return `http://127.0.0.1:${a.port}/graphql`;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-fed-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  const admin = await upsertUser(db.prisma, { username: 'sheng-ju', role: 'PROVINCIAL_VIEWER' });
  provinceToken = (await issueToken(db.prisma, admin.id, { label: 'gateway', readOnly: true })).token;
  const foshan = await upsertUser(db.prisma, { username: 'foshan-bureau', role: 'CITY_VIEWER', cityCode: '440600' });
  foshanToken = (await issueToken(db.prisma, foshan.id, { label: 'foshan', readOnly: true })).token;
  vm = await startFakeVm();
  subgraph = await buildApp({
    config: { production: false, auth: true, federation: 'subgraph', webDist: undefined, logLevel: 'silent' },
    db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 },
  });
  await subgraph.listen({ host: '127.0.0.1', port: 0 });
  prd = await startPrdPlatform();
  gateway = Fastify();
  await gateway.register(mercuriusGateway, {
    gateway: {
      services: [
        {
          name: 'province', url: urlOf(subgraph),
          // The gateway reads the subgraph's SDL with its own token, and forwards each client's.
          initHeaders: { authorization: `Bearer ${provinceToken}` },
          rewriteHeaders: (headers: Record<string, string | undefined>) => (headers.authorization ? { authorization: headers.authorization } : {}),
        },
        { name: 'prd-foshan-platform', url: urlOf(prd) },
      ],
    },
  } as never);
  await gateway.ready();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await prd?.close();
  await subgraph?.close();
  await db?.close();
  await vm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function viaGateway(query: string, token: string) {
  const res = await gateway.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query } });
  return res.json();
}

describe('the server as a federated subgraph', () => {
  it('publishes its SDL with Node and City as entities', async () => {
    const res = await subgraph.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${provinceToken}` }, payload: { query: '{ _service { sdl } }' } });
    const sdl = res.json().data._service.sdl as string;
    expect(sdl).toContain('type Node @key(fields: "id")');
    expect(sdl).toContain('type City @key(fields: "code")');
  });

  it("joins the province's registry with a PRD platform's own data in one gateway query", async () => {
    const body = await viaGateway(`{
      node(id: "prd-foshan") { id kind city { code nameZh } localTickets }
      nodes(kind: PRD) { id localTickets }
      prdPlatformStatus(nodeId: "prd-foshan")
    }`, provinceToken);
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toEqual({ id: 'prd-foshan', kind: 'PRD', city: { code: '440600', nameZh: '佛山市' }, localTickets: 7 });
    expect(body.data.nodes).toEqual([{ id: 'prd-foshan', localTickets: 7 }, { id: 'prd-dongguan', localTickets: 2 }]);
    expect(body.data.prdPlatformStatus).toBe('OPERATIONAL');
  });

  it('keeps the access rules behind the gateway', async () => {
    const own = await viaGateway('{ node(id: "prd-foshan") { id cmpKind localTickets } }', foshanToken);
    expect(own.errors).toBeUndefined();
    expect(own.data.node).toEqual({ id: 'prd-foshan', cmpKind: 'DOCKING_API', localTickets: 7 });
    const other = await viaGateway('{ node(id: "prd-dongguan") { id cmpKind } }', foshanToken);
    expect(other.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toContain('GCC_ERR_AUTH_FORBIDDEN');
  });
});
