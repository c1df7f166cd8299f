/**
 * VictoriaMetrics overloaded (503 once its small query queue is full, the shape of the stand-in
 * below) or down: fields it backs fail fast with GCC_ERR_VM_UNAVAILABLE while database-backed
 * fields answer, and fifty concurrent requests cost a handful of VictoriaMetrics queries (a
 * breaker and a bounded number of queries in flight), not a retry storm. It recovers by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient, type VmClient } from '../src/infra/vm/vm-client.ts';
import { startFakeVm, type FakeVm } from './fixtures/fake-vm.ts';
import { NOW, writeRegistry } from './fixtures/small-province.ts';

let dir: string;
let db: Database;
let vm: FakeVm;
let client: VmClient;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-vm503-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  vm = await startFakeVm('overloaded');
  // A cooldown longer than any test run: every query VictoriaMetrics sees here is counted below.
  client = createVmClient({ url: vm.url, cooldownMs: 120_000 });
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: client, liveUpdates: { pollIntervalMs: 0 } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each request asks about another instant, so nothing is coalesced or cached: only the breaker saves VictoriaMetrics.
const query = (i: number) =>
  `{ city(code: "440200") { indicators(at: "${new Date(NOW - i * 60_000).toISOString()}") { migrationRate { inScope } usageRate { value } } vcpu { total } } }`;

describe('VictoriaMetrics answering 503', () => {
  it('fails its fields fast, answers the database fields, and is asked only a few times by 50 concurrent requests', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => app.inject({ method: 'POST', url: '/graphql', payload: { query: query(i) } })),
    );
    for (const res of responses) {
      const body = res.json();
      expect(body.data.city.indicators.migrationRate).toEqual({ inScope: 7 });
      expect(body.data.city.indicators.usageRate).toBeNull();
      expect(body.data.city.vcpu).toBeNull();
      expect(new Set(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code))).toEqual(new Set(['GCC_ERR_VM_UNAVAILABLE']));
    }
    // At most the queries already in flight when the first 503 came back (8 at once).
    expect(vm.queries).toBeGreaterThan(0);
    expect(vm.queries).toBeLessThanOrEqual(8);
    expect(client.stats.rejected).toBeGreaterThan(100);
    const message = responses[49]!.json().errors[0].message as string;
    expect(message).toMatch(/VictoriaMetrics at http:\/\/127\.0\.0\.1:\d+ is (unavailable|overloaded)/);
  });

  it('lets one probe through after the cooldown and recovers when VictoriaMetrics does', async () => {
    const quick = createVmClient({ url: vm.url, cooldownMs: 100 });
    const recovering = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: quick, liveUpdates: { pollIntervalMs: 0 } });
    try {
      const ask = async (i: number) => (await recovering.inject({ method: 'POST', url: '/graphql', payload: { query: query(i) } })).json();
      expect((await ask(100)).data.city.vcpu).toBeNull();
      vm.mode = 'ok';
      let body: { data: { city: { vcpu: unknown } }; errors?: unknown[] } | undefined;
      for (let attempt = 0; attempt < 100; attempt++) {
        body = await ask(101 + attempt);
        if (!body!.errors) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(body!.errors).toBeUndefined();
      expect(body!.data.city.vcpu).toEqual({ total: null });
    } finally {
      await recovering.close();
    }
  });
});
