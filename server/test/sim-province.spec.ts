/**
 * The server's verdicts on the simulated province agree with the outcomes the simulation was
 * shaped to produce (OUTCOMES in @gcc/collectors/sim): every city node met both targets or missed
 * exactly the one it should, PRD clouds inside their year are on track or at risk on the right
 * indicator, display-only ones are not evaluated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITIES } from '@gcc/domain';
import { AT_RISK_ON, backfillHistory, DEFAULT_SIM_SEED, OUTCOMES, simulateProvince, TEST_SIM_REFERENCE_DATE } from '@gcc/collectors/sim';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';
import { writeSimulatedProvince } from '../src/modules/registry/simulated-province.ts';

let vm: TestVictoriaMetrics;
let db: Database;
let dir: string;
let app: FastifyInstance;
const AT = `${TEST_SIM_REFERENCE_DATE}T00:00:00.000Z`;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dir = mkdtempSync(join(tmpdir(), 'gcc-sim-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  const province = simulateProvince(DEFAULT_SIM_SEED, { referenceDate: TEST_SIM_REFERENCE_DATE });
  await writeReferenceData(db.prisma);
  await writeSimulatedProvince(db.prisma, province, { cmpBaseUrl: 'http://sim.invalid', credentialRef: 'NONE' });
  // Weekly steps keep the history small: the verdicts read the value at each deadline (7-day
  // lookback: always one sample) and the trend of the last 90 days (13 weekly points).
  await backfillHistory({ province, vmUrl: vm.url, from: Date.UTC(2018, 11, 1), to: Date.parse(AT), stepMs: 7 * 86_400_000 });
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 },
    // The history ends at AT: every answer, `province` included, describes that instant, whatever today is.
    clock: () => Date.parse(AT) });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED: Record<string, { scope: string; status?: string; migration?: string; usage?: string }> = {
  'meets-both': { scope: 'EVALUATED', status: 'MET', migration: 'MET', usage: 'MET' },
  'misses-migration': { scope: 'EVALUATED', status: 'MISSED', migration: 'MISSED', usage: 'MET' },
  'misses-usage': { scope: 'EVALUATED', status: 'MISSED', migration: 'MET', usage: 'MISSED' },
  'on-track': { scope: 'EVALUATED', status: 'ON_TRACK', migration: 'ON_TRACK', usage: 'ON_TRACK' },
  'not-evaluated': { scope: 'DISPLAY_ONLY' },
};

describe('the simulated province', () => {
  it('gets the verdict the simulation was shaped to produce, for every city', async () => {
    const res = await app.inject({
      method: 'POST', url: '/graphql',
      payload: { query: `query($at: DateTime) { cities { slug indicators(at: $at) { scope evaluation { status migration { status } usage { status } } } } }`, variables: { at: AT } },
    });
    const body = res.json();
    expect(body.errors).toBeUndefined();
    const got = Object.fromEntries(
      (body.data.cities as { slug: string; indicators: { scope: string; evaluation: null | { status: string; migration: { status: string }; usage: { status: string } } } }[]).map((c) => [
        c.slug,
        { scope: c.indicators.scope, status: c.indicators.evaluation?.status, migration: c.indicators.evaluation?.migration.status, usage: c.indicators.evaluation?.usage.status },
      ]),
    );
    const want = Object.fromEntries(
      CITIES.map((c) => {
        const outcome = OUTCOMES[c.slug]!;
        if (outcome !== 'at-risk') return [c.slug, EXPECTED[outcome]];
        const short = AT_RISK_ON[c.slug];
        return [c.slug, { scope: 'EVALUATED', status: 'AT_RISK', migration: short === 'migration' ? 'AT_RISK' : 'ON_TRACK', usage: short === 'usage' ? 'AT_RISK' : 'ON_TRACK' }];
      }),
    );
    expect(got).toEqual(want);
  });

  it('answers plan vs actual for every milestone, and province = Σ data centres', async () => {
    const res = await app.inject({
      method: 'POST', url: '/graphql',
      payload: { query: `query($at: DateTime) { milestones(at: $at) { code dueDate actualAtDue status }
        province { vcpu { total } dataCentres { vcpu { total } } } }`, variables: { at: AT } },
    });
    const body = res.json();
    expect(body.errors).toBeUndefined();
    const absolute = (body.data.milestones as { code: string; dueDate: string | null; actualAtDue: number | null; status: string | null }[]).filter((m) => m.dueDate);
    expect(absolute).toHaveLength(10);
    for (const m of absolute) {
      expect(m.actualAtDue, m.code).not.toBeNull();
      expect(['MET', 'MISSED']).toContain(m.status);
    }
    // The simulated provincial node follows the plan: ≥ 90,000 vCPU and ≥ 17,000 added in 2019.
    const byCode = Object.fromEntries((body.data.milestones as { code: string; status: string }[]).map((m) => [m.code, m.status]));
    expect([byCode['provincial-vcpu-2019'], byCode['provincial-vcpu-added-2019']]).toEqual(['MET', 'MET']);
    const p = body.data.province;
    expect(p.dataCentres.reduce((s: number, dc: { vcpu: { total: number } }) => s + dc.vcpu.total, 0)).toBe(p.vcpu.total);
  });
});
