/**
 * The province's structure, capacity sums, indicators, credibility and rankings through GraphQL on
 * the small hand-made province of fixtures/small-province.ts (real VictoriaMetrics, PGlite).
 * Indicators are asked `at: NOW` so every expectation is computed by hand from the fixture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endOfDueDay, evaluationDeadline } from '@gcc/domain';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { D, DAY, GiB, NOW, sampleLines, TiB, waitForSamples, writeRegistry, writeSamples } from './fixtures/small-province.ts';

let vm: TestVictoriaMetrics;
let db: Database;
let dir: string;
let app: FastifyInstance;
const AT = new Date(NOW).toISOString();

type Json = Record<string, unknown> & { [k: string]: Json & unknown };
async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables: { at: AT, ...variables } } });
  return res.json() as { data?: Json; errors?: { message: string; extensions?: { code?: string } }[] };
}
async function ok(query: string, variables?: Record<string, unknown>) {
  const r = await gql(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dir = mkdtempSync(join(tmpdir(), 'gcc-ind-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  const lines = sampleLines();
  await writeSamples(vm.url, lines);
  await vm.forceFlush();
  await waitForSamples(vm.url, lines);
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url, cacheTtlMs: 0 }), liveUpdates: { pollIntervalMs: 0 } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CAP = 'total allocated used free allocationRatio utilization stale staleNodes';

describe('the federation and its capacity', () => {
  it('adds up exactly: province = Σ live nodes = Σ data centres', async () => {
    const d = await ok(`{ province { nodeCount vcpu { ${CAP} } dataCentres { id node { id } vcpu { total allocated used } }
      provincialNode { id } cityNodes { id live vcpu { total allocated used } } prdClouds { id vcpu { total allocated used } } } }`);
    const p = d.province;
    expect(p.nodeCount).toBe(6);
    expect(p.vcpu).toMatchObject({ total: 179000, allocated: 117900, used: 56900, free: 61100, stale: true, staleNodes: ['city-yunfu'] });
    for (const m of ['total', 'allocated', 'used'] as const) {
      const dcSum = p.dataCentres.reduce((s: number, dc: any) => s + (dc.vcpu[m] ?? 0), 0); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(dcSum).toBe(p.vcpu[m]);
    }
    expect(p.dataCentres.map((dc: { id: string }) => dc.id).sort()).toEqual(
      ['dongchong', 'dongguan-dc1', 'foshan-dc1', 'heyuan-dc1', 'mingmei', 'shaoguan-dc1', 'yunfu-dc1'],
    );
    expect(p.provincialNode.id).toBe('provincial');
    expect(p.cityNodes.find((n: { id: string }) => n.id === 'city-shanwei')).toMatchObject({ live: false, vcpu: { total: null } });
    expect(p.prdClouds.map((n: { id: string }) => n.id).sort()).toEqual(['prd-dongguan', 'prd-foshan']);
  });

  it('gives a city its node, capacity and ratios', async () => {
    const d = await ok(`{ city(code: "440200") { code nameZh group nodes { id dataCentres { id } }
      vcpu { ${CAP} } memory { total displayUnit displayDivisor overcommitRatio } } }`);
    expect(d.city).toMatchObject({ code: '440200', nameZh: '韶关市', group: 'PROVINCE_BUILT', nodes: [{ id: 'city-shaoguan', dataCentres: [{ id: 'shaoguan-dc1' }] }] });
    expect(d.city.vcpu).toMatchObject({ total: 4000, allocated: 2600, used: 900, free: 1400, allocationRatio: 0.65, utilization: 0.225, stale: false });
    // No CMP in the fixture reports physical capacity: the overcommit ratio is not derivable.
    expect(d.city.memory).toEqual({ total: 16384 * GiB, displayUnit: 'GiB', displayDivisor: GiB, overcommitRatio: null });
  });

  it('names the source, CMP and last good pull of every number, and flags the stale node', async () => {
    const d = await ok(`{ province { vcpu { credibility { origin stale staleNodes lastGoodPull sources { nodeId cmpKind lastGoodPull stale } } } } }`);
    const c = d.province.vcpu.credibility;
    expect(c).toMatchObject({ origin: 'COLLECTED', stale: true, staleNodes: ['city-yunfu'] });
    expect(Date.parse(c.lastGoodPull)).toBe(NOW - 3600_000);
    const yunfu = c.sources.find((s: { nodeId: string }) => s.nodeId === 'city-yunfu');
    expect(yunfu).toEqual({ nodeId: 'city-yunfu', cmpKind: 'OPENSTACK', lastGoodPull: new Date(NOW - 3600_000).toISOString(), stale: true });
    expect(c.sources.find((s: { nodeId: string }) => s.nodeId === 'prd-foshan')).toMatchObject({ cmpKind: 'DOCKING_API', stale: false });
  });

  it('shows the history of a node that went live mid-period only from its go-live, and the province step up then', async () => {
    const from = new Date(NOW - 40 * DAY).toISOString();
    const d = await ok(`query($from: DateTime) { province { vcpu { history(measure: TOTAL, from: $from, stepSeconds: 86400) { stepSeconds points { t v } } } }
      node(id: "city-yunfu") { vcpu { history(measure: TOTAL, from: $from, stepSeconds: 86400) { points { v } } } } }`, { from });
    const points = d.province.vcpu.history.points as { t: string; v: number }[];
    expect(points).toHaveLength(41);
    // Before Yunfu's go-live (30 days ago): 100000 + 4000 + 2000 + 50000 + 20000; from then on + 3000.
    expect(points[0]!.v).toBe(176000);
    expect(points.at(-1)!.v).toBe(179000);
    expect(d.node.vcpu.history.points).toHaveLength(30);
  });
});

describe('indicators', () => {
  const IND = `at scope migrationRate { value registered onCloud classified exempt inScope formula { code } credibility { origin } }
    usageRate { value vcpu memory storage utilization credibility { stale staleNodes } }
    evaluation { basis start deadline status daysLeft
      migration { status current atDeadline projected trend { points slopePerDay } gap { met amount zh en } }
      usage { status current atDeadline projected trend { points slopePerDay } gap { met amount en byResource { resource amount displayAmount displayUnit } } } }`;

  it('computes a city before its deadline: rates, projection, status and the exact gap', async () => {
    const d = await ok(`query($at: DateTime) { city(code: "440200") { indicators(at: $at) { ${IND} } } }`);
    const i = d.city.indicators;
    expect(i.scope).toBe('EVALUATED');
    // 10 registered − 2 classified − 1 exempt = 7 in scope, 3 on the cloud.
    expect(i.migrationRate).toMatchObject({ value: 3 / 7, registered: 10, onCloud: 3, classified: 2, exempt: 1, inScope: 7, formula: { code: 'migration-rate' }, credibility: { origin: 'REGISTRY' } });
    expect(i.usageRate.vcpu).toBe(0.65);
    expect(i.usageRate.value).toBeCloseTo((0.65 + 0.5 + 0.4) / 3, 12);
    expect(i.usageRate.utilization).toBeCloseTo((0.225 + 0.25 + 0.2) / 3, 12);
    const deadlineMs = endOfDueDay(evaluationDeadline(D(200))).getTime();
    expect(i.evaluation).toMatchObject({ basis: 'GO_LIVE', start: D(200).toISOString().slice(0, 10), deadline: evaluationDeadline(D(200)).toISOString().slice(0, 10), status: 'ON_TRACK' });
    // 4 of 7 reach 50%: one more system.
    expect(i.evaluation.migration.gap).toEqual({ met: false, amount: 1, zh: '还需 1 个业务系统迁移上云', en: '1 more system must migrate' });
    expect(i.evaluation.migration.status).toBe('ON_TRACK');
    expect(i.evaluation.migration.projected).toBeGreaterThan(0.5);
    // Usage rises 10 vCPU a day on a 4000 vCPU node: (10 / 4000) / 3 per day, exactly linear over 91 daily points.
    expect(i.evaluation.usage.trend).toEqual({ points: 91, slopePerDay: expect.closeTo(10 / 4000 / 3, 12) });
    expect(i.evaluation.usage.projected).toBeCloseTo((0.65 + 0.9) / 3 + ((deadlineMs - NOW) / DAY) * (10 / 4000 / 3), 9);
    expect(i.evaluation.usage.status).toBe('ON_TRACK');
    // The mean reaches 0.6 when vCPU reaches 0.9 (3600 of 4000): 1000 more; or memory 0.75 (+4096 GiB); or storage 0.65 (+25 TiB).
    expect(i.evaluation.usage.gap).toEqual({
      met: false, amount: 1000, en: '1000 more vCPU must be allocated (memory and storage unchanged)',
      byResource: [
        { resource: 'VCPU', amount: 1000, displayAmount: 1000, displayUnit: 'vCPU' },
        { resource: 'MEMORY', amount: 4096 * GiB, displayAmount: 4096, displayUnit: 'GiB' },
        { resource: 'STORAGE', amount: 25 * TiB, displayAmount: 25, displayUnit: 'TiB' },
      ],
    });
  });

  it('judges a city after its deadline by the value at the deadline, and shows the current value beside it', async () => {
    const d = await ok(`query($at: DateTime) { city(code: "441600") { indicators(at: $at) { ${IND} } } }`);
    const e = d.city.indicators.evaluation;
    expect(e.migration).toMatchObject({ status: 'MET', atDeadline: 0.5, current: 0.75, projected: null });
    expect(e.usage).toMatchObject({ status: 'MISSED', atDeadline: 0.55, current: 0.65, gap: { met: true, amount: 0 } });
    expect(e.status).toBe('MISSED');
    expect(e.daysLeft).toBe(0);
  });

  it('evaluates a PRD cloud from its interconnection, shows a display-only one without evaluating it', async () => {
    const d = await ok(`query($at: DateTime) { dongguan: city(code: "441900") { indicators(at: $at) { ${IND} } }
      foshan: city(code: "440600") { indicators(at: $at) { scope usageRate { value } evaluation { status } } }
      guangzhou: city(code: "440100") { nodes { id } indicators(at: $at) { scope evaluation { status } } }
      shanwei: city(code: "441500") { indicators(at: $at) { scope } }
      province { indicators(at: $at) { scope migrationRate { value registered } evaluation { status } } } }`);
    const dg = d.dongguan.indicators.evaluation;
    expect(dg).toMatchObject({ basis: 'INTERCONNECT', start: D(100).toISOString().slice(0, 10), status: 'AT_RISK' });
    // One of four on the cloud, nothing moving for 90 days: the projection stays at 25%.
    expect(dg.migration).toMatchObject({ status: 'AT_RISK', current: 0.25, projected: 0.25, gap: { amount: 1 } });
    expect(dg.usage).toMatchObject({ status: 'ON_TRACK', current: 0.65 });
    expect(d.foshan.indicators).toEqual({ scope: 'DISPLAY_ONLY', usageRate: { value: 0.6 }, evaluation: null });
    expect(d.guangzhou).toEqual({ nodes: [], indicators: { scope: 'NOT_LIVE', evaluation: null } });
    expect(d.shanwei.indicators.scope).toBe('NOT_LIVE');
    expect(d.province.indicators).toMatchObject({ scope: 'PROVINCIAL', evaluation: null, migrationRate: { registered: 468 } });
  });

  it('flags a stale node on its usage rate', async () => {
    const d = await ok(`query($at: DateTime) { city(code: "445300") { indicators(at: $at) { usageRate { value credibility { stale staleNodes } } } } }`);
    expect(d.city.indicators.usageRate).toEqual({ value: 1000 / 3000, credibility: { stale: true, staleNodes: ['city-yunfu'] } });
  });

  it('ranks cities with shared ranks for ties and unranked cities last', async () => {
    const d = await ok(`query($at: DateTime) { rankings(by: USAGE_RATE, at: $at) { rank value city { code } status scope } }`);
    const r = d.rankings as { rank: number | null; value: number | null; city: { code: string }; status: string | null }[];
    expect(r).toHaveLength(21);
    expect(r.slice(0, 5).map((e) => [e.rank, e.city.code, e.status])).toEqual([
      [1, '441600', 'MISSED'], [1, '441900', 'AT_RISK'], [3, '440600', null], [4, '440200', 'ON_TRACK'], [5, '445300', 'AT_RISK'],
    ]);
    expect(r.slice(5).every((e) => e.rank === null && e.value === null)).toBe(true);
  });

  it('exposes every formula as data', async () => {
    const d = await ok('{ formulas { code zh en } }');
    expect(d.formulas.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['migration-rate', 'usage-rate', 'evaluation-deadline', 'linear-projection']));
  });
});
