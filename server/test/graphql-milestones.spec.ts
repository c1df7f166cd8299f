/**
 * Plan vs actual for every milestone on the small province (fixtures/small-province.ts), now and
 * at an instant before the due dates, on PGlite and PostgreSQL; and bad input: every refusal has a code and costs no
 * VictoriaMetrics query.
 */
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient, type VmClient } from '../src/infra/vm/vm-client.ts';
import { STORES, type TestStore } from './stores.ts';
import { NOW, sampleLines, waitForSamples, writeRegistry, writeSamples } from './fixtures/small-province.ts';

let vm: TestVictoriaMetrics;
/** query_range calls: the expensive kind a bad range or step must never reach. */
let ranges = 0;

interface GqlResult {
  data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  errors?: { message: string; extensions?: { code?: string } }[];
}

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  const lines = sampleLines();
  await writeSamples(vm.url, lines);
  await vm.forceFlush();
  await waitForSamples(vm.url, lines);
}, 60_000);

afterAll(async () => {
  await vm?.stop();
});

/** The app over a fresh store holding the small province's registry. */
function useApp(create: () => Promise<TestStore>) {
  const state: { store?: TestStore; db?: Database; app?: FastifyInstance; client?: VmClient } = {};
  beforeAll(async () => {
    state.store = await create();
    state.db = await openDatabase(state.store.target);
    await writeRegistry(state.db);
    const real = createVmClient({ url: vm.url, cacheTtlMs: 0 });
    state.client = { stats: real.stats, instant: real.instant, range: (...args) => (ranges++, real.range(...args)) };
    state.app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db: state.db, vm: state.client, liveUpdates: { pollIntervalMs: 0 } });
  }, 60_000);
  afterAll(async () => {
    await state.app?.close();
    await state.db?.close();
    await state.store?.cleanup();
  });
  return async (query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> => {
    const res = await state.app!.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
    return res.json() as GqlResult;
  };
}

const MILESTONES = `query($at: DateTime) { milestones(at: $at) { code plannedValue dueDate actualAtDue actualNow achievedOn status
  nodes { node { id } plannedDate dueDate actualDate status } credibility { origin sources { nodeId } } } }`;
type Row = { code: string; [k: string]: unknown };
const byCode = (r: GqlResult) => Object.fromEntries((r.data!.milestones as Row[]).map((m) => [m.code, m]));

describe.each(STORES)('plan vs actual on $name', ({ create }) => {
  const gql = useApp(create);

  it('reads every milestone at its due date, with the day it was actually reached', async () => {
    const r = await gql(MILESTONES, { at: new Date(NOW).toISOString() });
    expect(r.errors).toBeUndefined();
    const m = byCode(r);
    expect(Object.keys(m)).toHaveLength(12);
    // The provincial node had 88,000 vCPU at the end of 2019 and reached 90,500 on 2020-01-16.
    expect(m['provincial-vcpu-2019']).toMatchObject({
      plannedValue: 90000, dueDate: '2019-12-31', actualAtDue: 88000, actualNow: 100000, achievedOn: '2020-01-16', status: 'MISSED',
      credibility: { origin: 'COLLECTED', sources: [{ nodeId: 'provincial' }] },
    });
    // Added in 2019: 88,000 − 73,000 at the end of 2018.
    expect(m['provincial-vcpu-added-2019']).toMatchObject({ actualAtDue: 15000, actualNow: 27000, achievedOn: '2020-01-16', status: 'MISSED' });
    expect(m['systems-2019']).toMatchObject({ actualAtDue: 390, actualNow: 450, achievedOn: '2020-01-10', status: 'MISSED', credibility: { origin: 'REGISTRY' } });
    expect(m['systems-2020']).toMatchObject({ actualAtDue: 450, achievedOn: null, status: 'MISSED' });
    expect(m['prd-docked-2019-12']).toMatchObject({
      actualAtDue: 1, achievedOn: '2019-12-20', status: 'MET',
      nodes: [{ node: { id: 'prd-foshan' }, plannedDate: '2019-12-31', actualDate: '2019-12-20', status: 'MET' }],
    });
    expect(m['prd-docked-2020-06']).toMatchObject({ actualAtDue: 1, actualNow: 2, achievedOn: null, status: 'MISSED' });
    expect(m['city-nodes-2019-09']).toMatchObject({ actualAtDue: 0, status: 'MISSED' });
    expect((m['city-nodes-2019-09']!.nodes as Row[]).map((n) => n.status)).toEqual(['MISSED', 'MISSED']);
    expect(m['security-platforms-2020']).toMatchObject({ actualAtDue: 0, status: 'MISSED' });
    // Per-city targets: Heyuan met migration at its deadline, missed usage; the others are still inside their year.
    expect(m['city-migration-rate']).toMatchObject({ dueDate: null, actualNow: 1, status: 'AT_RISK' });
    expect(m['city-usage-rate']).toMatchObject({ status: 'MISSED' });
  });

  it('projects before the due dates: planned dates in time are on track, a flat trend short of the target is at risk', async () => {
    const r = await gql(MILESTONES, { at: '2019-10-01T00:00:00Z' });
    expect(r.errors).toBeUndefined();
    const m = byCode(r);
    expect(m['prd-docked-2019-12']).toMatchObject({ actualAtDue: null, actualNow: 0, status: 'ON_TRACK' });
    expect(m['provincial-vcpu-2019']).toMatchObject({ actualAtDue: null, actualNow: 88000, status: 'AT_RISK' });
    expect(m['systems-2019']).toMatchObject({ actualNow: 0, status: 'AT_RISK' });
    expect(m['city-usage-rate']).toMatchObject({ status: null, nodes: [] });
  });
});

describe('bad input', () => {
  const gql = useApp(STORES[0]!.create);

  const cases: [string, string, Record<string, unknown>, string][] = [
    ['an unknown city', '{ city(code: "999999") { code } }', {}, 'GCC_ERR_INPUT_UNKNOWN_CITY'],
    ['an unknown node', '{ node(id: "city-atlantis") { id } }', {}, 'GCC_ERR_INPUT_UNKNOWN_NODE'],
    ['an inverted range', 'query($f: DateTime, $t: DateTime) { province { vcpu { history(measure: TOTAL, from: $f, to: $t) { stepSeconds } } } }', { f: '2024-02-01T00:00:00Z', t: '2024-01-01T00:00:00Z' }, 'GCC_ERR_INPUT_RANGE_INVERTED'],
    ['a huge range', 'query($f: DateTime) { province { vcpu { history(measure: TOTAL, from: $f) { stepSeconds } } } }', { f: '1900-01-01T00:00:00Z' }, 'GCC_ERR_INPUT_RANGE_TOO_LARGE'],
    ['a step below the minimum', '{ province { vcpu { history(measure: TOTAL, stepSeconds: 1) { stepSeconds } } } }', {}, 'GCC_ERR_INPUT_STEP'],
    ['a negative step', '{ province { vcpu { history(measure: TOTAL, stepSeconds: -60) { stepSeconds } } } }', {}, 'GCC_ERR_INPUT_STEP'],
    ['a step giving too many points', 'query($f: DateTime) { province { vcpu { history(measure: USED, from: $f, stepSeconds: 60) { stepSeconds } } } }', { f: '2016-01-01T00:00:00Z' }, 'GCC_ERR_INPUT_STEP'],
    ['a step longer than the range', '{ province { vcpu { history(measure: TOTAL, stepSeconds: 99999999) { stepSeconds } } } }', {}, 'GCC_ERR_INPUT_STEP'],
    ['indicators in the future', '{ rankings(by: USAGE_RATE, at: "2999-01-01T00:00:00Z") { rank } }', {}, 'GCC_ERR_INPUT_TIME_IN_FUTURE'],
    ['a date that is not a date', '{ milestones(at: "yesterday") { code } }', {}, 'GCC_ERR_INPUT_DATE'],
  ];
  it.each(cases)('refuses %s with a code, before asking VictoriaMetrics for a range', async (_what, query, variables, code) => {
    const before = ranges;
    const r = await gql(query, variables);
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
    expect(ranges).toBe(before);
  });

  it('picks a sensible default step', async () => {
    const r = await gql('{ province { vcpu { history(measure: TOTAL) { stepSeconds from to points { v } } } } }');
    expect(r.errors).toBeUndefined();
    const h = r.data!.province.vcpu.history;
    // 7 days by default, about 240 points → the next readable step, one hour.
    expect(h.stepSeconds).toBe(3600);
    expect(Date.parse(h.to) - Date.parse(h.from)).toBe(7 * 86_400_000);
    // The fixture has one sample a day, carried forward 6 hours: 7 of each day's 24 hourly steps.
    expect(h.points.length).toBeGreaterThanOrEqual(6 * 7);
    expect(h.points.length).toBeLessThanOrEqual(169);
  });
});
