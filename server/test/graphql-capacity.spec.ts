/**
 * Province and node capacity through GraphQL, on a small hand-made fixture in a real
 * VictoriaMetrics: sums must match hand-computed figures, a stale node is flagged (its last
 * value still counts), a node not yet live is not expected, and VictoriaMetrics being down fails
 * only the fields it backs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCE_METRICS } from '@gcc/domain';
import { startVictoriaMetrics, waitForQuery, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';

const NOW = Date.now();
const MIN = 60_000;

let vm: TestVictoriaMetrics;
let db: Database;
let dir: string;
let app: FastifyInstance;

async function seedNode(id: string, kind: 'PROVINCIAL' | 'CITY', regionCode: string, goLive: string) {
  await db.prisma.node.create({
    data: {
      id, kind, regionCode, nameZh: id, nameEn: id, goLiveDate: new Date(goLive),
      cmpKind: 'OPENSTACK', cmpEndpoint: 'http://cmp.invalid', cmpCredentialRef: 'NONE',
    },
  });
}

function line(node: string, measure: string, value: number, atMs: number) {
  return `${RESOURCE_METRICS.vcpu.name}{node="${node}",dc="${node}-dc1",city="x",node_kind="city",measure="${measure}"} ${value} ${atMs}`;
}

async function gql(query: string, variables?: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
  return res.json() as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dir = mkdtempSync(join(tmpdir(), 'gcc-gql-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeReferenceData(db.prisma);
  await seedNode('provincial', 'PROVINCIAL', '440000', '2018-01-01');
  await seedNode('city-shaoguan', 'CITY', '440200', '2019-09-20');
  await seedNode('city-yunfu', 'CITY', '445300', '2020-06-15');
  await seedNode('city-future', 'CITY', '441500', '2999-01-01');
  const lines = [
    // Two data centres of the provincial node, each sampled twice: only the latest counts.
    line('provincial', 'total', 999, NOW - 10 * MIN).replace('provincial-dc1', 'mingmei'),
    line('provincial', 'total', 60000, NOW - 2 * MIN).replace('provincial-dc1', 'mingmei'),
    line('provincial', 'total', 40000, NOW - 2 * MIN).replace('provincial-dc1', 'dongchong'),
    line('provincial', 'allocated', 70000, NOW - 2 * MIN),
    line('provincial', 'used', 30000, NOW - 2 * MIN),
    line('city-shaoguan', 'total', 4000, NOW - 1 * MIN),
    line('city-shaoguan', 'allocated', 2600, NOW - 1 * MIN),
    line('city-shaoguan', 'used', 900, NOW - 1 * MIN),
    // Yunfu's collector stopped an hour ago: stale, but its last value is still shown.
    line('city-yunfu', 'total', 3000, NOW - 60 * MIN),
    line('city-yunfu', 'allocated', 1000, NOW - 60 * MIN),
    line('city-yunfu', 'used', 500, NOW - 60 * MIN),
  ];
  const res = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: lines.join('\n') + '\n' });
  expect(res.status).toBe(204);
  await vm.forceFlush();
  const client = createVmClient({ url: vm.url, cacheTtlMs: 0 });
  // 10 series (Yunfu's are an hour old, outside an instant query's default lookback, hence the window).
  await waitForQuery(vm.url, `count(last_over_time(${RESOURCE_METRICS.vcpu.name}[1d]))`, (r) => Number(r[0]?.value?.[1]) === 10);
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: client });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('province and node vCPU', () => {
  it('sums the latest sample of every live node, and flags the stale one', async () => {
    const r = await gql('{ province { nodeCount vcpu { total allocated used stale staleNodes asOf } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.province.nodeCount).toBe(3);
    expect(r.data!.province.vcpu).toMatchObject({
      total: 60000 + 40000 + 4000 + 3000,
      allocated: 70000 + 2600 + 1000,
      used: 30000 + 900 + 500,
      stale: true,
      staleNodes: ['city-yunfu'],
    });
    expect(Date.parse(r.data!.province.vcpu.asOf)).toBeGreaterThanOrEqual(NOW - 2 * MIN - 1000);
  });

  it('gives each node its own figures; a node not yet live has no data and is not stale', async () => {
    const r = await gql('{ nodes { id goLiveDate vcpu { total stale } } }');
    const byId = Object.fromEntries(r.data!.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId['city-shaoguan'].vcpu).toEqual({ total: 4000, stale: false });
    expect(byId['city-yunfu'].vcpu).toEqual({ total: 3000, stale: true });
    expect(byId['city-future'].vcpu.total).toBeNull();
    expect(byId['city-shaoguan'].goLiveDate).toBe('2019-09-20');
  });

  it('filters nodes by kind', async () => {
    const r = await gql('{ nodes(kind: PROVINCIAL) { id } }');
    expect(r.data!.nodes).toEqual([{ id: 'provincial' }]);
  });

  it('answers an unknown node with a coded error', async () => {
    const r = await gql('query($id: ID!) { node(id: $id) { id } }', { id: 'city-atlantis' });
    expect(r.errors?.[0]?.extensions?.code).toBe('GCC_ERR_INPUT_UNKNOWN_NODE');
    expect(r.errors?.[0]?.message).toContain('city-atlantis');
  });
});

describe('when VictoriaMetrics is unreachable', () => {
  it('fails the fields it backs with a clear code while database fields still answer', async () => {
    const down = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' },
      db,
      vm: createVmClient({ url: 'http://127.0.0.1:1', timeoutMs: 1000 }),
    });
    try {
      const res = await down.inject({ method: 'POST', url: '/graphql', payload: { query: '{ nodes { id } province { vcpu { total } } }' } });
      const body = res.json();
      expect(body.data.nodes).toHaveLength(4);
      expect(body.errors[0].extensions.code).toBe('GCC_ERR_VM_UNAVAILABLE');
      expect(body.errors[0].message).toContain('127.0.0.1:1');
    } finally {
      await down.close();
    }
  });
});

describe('production mode', () => {
  it('turns introspection off', async () => {
    // Authentication (on by default in production) is tested in access.spec.ts.
    const prod = await buildApp({ config: { production: true, auth: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }) });
    try {
      const res = await prod.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __schema { types { name } } }' } });
      expect(res.json().errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await prod.close();
    }
  });
});
