/**
 * Scheduling through GraphQL: the plan with explanations, what-if without changing anything, the
 * lifecycle mutations with coded errors, the map's flows, and who may do what.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { FakeVm, writeSchedulingRegistry } from './fixtures/scheduling-province.ts';

let app: FastifyInstance;
let db: Database;
let dir: string;
const tokens: Record<string, string> = {};

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
async function gql(query: string, variables: Record<string, unknown> = {}, as?: string): Promise<Answer> {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables }, headers: as ? { authorization: `Bearer ${tokens[as]}` } : {} });
  return res.json() as Answer;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-sched-gql-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeSchedulingRegistry(db);
  await db.prisma.resourceRequest.create({ data: { code: 'REQ-1', regionCode: '441500', arch: 'X86', vcpu: 64, dataResidency: true } });
  for (const [username, role, cityCode] of [['admin', 'PROVINCIAL_ADMIN', null], ['ops', 'OPERATOR', null], ['shanwei', 'CITY_ADMIN', '441500']] as const) {
    const user = await upsertUser(db.prisma, { username, role, cityCode });
    tokens[username] = (await issueToken(db.prisma, user.id, { label: 'test', readOnly: false })).token;
  }
  app = await buildApp({ config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: new FakeVm(), liveUpdates: { pollIntervalMs: 0 }, scheduling: { verifyIntervalMs: 0 } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PLAN = `{ schedulingPlan { solverStatus score { objective overloadVcpu idleVcpu } greedyScore { objective }
  moves { key kind fromNode { id } toNode { id } arch vcpu requestCode explanationZh explanationEn toPool { ratioBefore ratioAfter cap } }
  pools { nodeId arch eligible ineligibleZh overloaded idle } unplaced { code } summaryZh policy { overloadCeiling formulas { code zh } } } }`;

describe('scheduling over GraphQL', () => {
  it('answers the plan with explanations, scores and the policy it used', async () => {
    const { data, errors } = await gql(PLAN, {}, 'admin');
    expect(errors).toBeUndefined();
    const p = data.schedulingPlan;
    expect(p.solverStatus).toBe('Optimal');
    expect(p.score.objective).toBeLessThanOrEqual(p.greedyScore.objective);
    expect(p.score.overloadVcpu).toBe(0);
    const placement = p.moves.find((m: { kind: string }) => m.kind === 'PLACEMENT');
    expect(placement).toMatchObject({ requestCode: 'REQ-1', toNode: { id: 'city-shanwei' }, arch: 'X86', vcpu: 64 });
    expect(placement.explanationZh).toContain('数据须留在本市');
    expect(p.pools.find((x: { nodeId: string }) => x.nodeId === 'prd-foshan')).toMatchObject({ eligible: false, ineligibleZh: expect.stringContaining('未开通资源互通') });
    expect(p.policy.formulas.map((f: { code: string }) => f.code)).toContain('scheduling-objective');
  });

  it('recomputes indicators and the plan under a what-if, and changes nothing', async () => {
    const q = `query($s: SchedulingScenarioInput!) { schedulingWhatIf(scenario: $s) {
      indicators { code vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter }
      baseline { moves { key } } scenario { moves { key } unplaced { code synthetic } summaryEn } notesEn } }`;
    const { data, errors } = await gql(q, { s: { addCapacity: [{ cityCode: '441500', vcpu: 2000 }], nodesDown: ['city-zhanjiang'] } }, 'admin');
    expect(errors).toBeUndefined();
    const w = data.schedulingWhatIf;
    const shanwei = w.indicators.find((i: { code: string }) => i.code === '441500');
    expect(shanwei).toMatchObject({ vcpuTotalBefore: 2000, vcpuTotalAfter: 4000 });
    // vCPU usage halves (800 of 2000 → of 4000); the overall rate is the domain's weighted mean over the resources reported.
    expect(shanwei.usageRateAfter).toBeLessThan(shanwei.usageRateBefore);
    const province = w.indicators.find((i: { code: string }) => i.code === '440000');
    expect(province.vcpuTotalAfter).toBe(province.vcpuTotalBefore + 2000 - 3000);
    expect(w.notesEn.at(-1)).toBe('A what-if only: nothing was changed.');
    expect(w.notesEn[0]).toContain('city-zhanjiang down');
    expect(await db.prisma.schedulingOrder.count()).toBe(0);
    const bad = await gql(q, { s: { nodesDown: ['nowhere'] } }, 'admin');
    expect(bad.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_UNKNOWN_NODE');
    const empty = await gql(q, { s: {} }, 'admin');
    expect(empty.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_INPUT');
  });

  it('runs the lifecycle mutations with coded errors and shows the flows', async () => {
    const plan = (await gql(PLAN, {}, 'admin')).data.schedulingPlan;
    const move = plan.moves.find((m: { kind: string; fromNode: { id: string } | null }) => m.kind === 'QUOTA_TRANSFER' && m.fromNode?.id === 'city-shantou');
    const proposed = await gql(`mutation($k: [String!]!) { proposeSchedulingOrders(moveKeys: $k) { id code status vcpu explanationEn } }`, { k: [move.key] }, 'ops');
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data.proposeSchedulingOrders[0].id;
    const approve = `mutation($id: ID!) { approveSchedulingOrder(id: $id) { status approvedBy events { actor from to } } }`;
    expect((await gql(approve, { id }, 'ops')).errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_FORBIDDEN');
    const ok = await gql(approve, { id }, 'admin');
    expect(ok.data.approveSchedulingOrder).toMatchObject({ status: 'APPROVED', approvedBy: 'admin', events: [{ actor: 'ops', from: null, to: 'PROPOSED' }, { actor: 'admin', from: 'PROPOSED', to: 'APPROVED' }] });
    expect((await gql(approve, { id }, 'admin')).errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_TRANSITION');
    const manual = await gql(`mutation { proposeSchedulingOrder(move: { kind: QUOTA_TRANSFER, fromNodeId: "city-shantou", toNodeId: "city-shanwei", arch: KUNPENG, vcpu: 10 }) { id } }`, {}, 'admin');
    expect(manual.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_CROSS_POOL');
    // Without an executor configured, execution fails with that reason, audited.
    const exec = await gql(`mutation($id: ID!) { executeSchedulingOrder(id: $id) { status reason } }`, { id }, 'ops');
    expect(exec.data.executeSchedulingOrder).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('no CMP executor configured') });

    const flows = (await gql(`{ schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }`, {}, 'admin')).data.schedulingFlows;
    expect(flows.some((f: { state: string; fromRegionCode: string }) => f.state === 'RECOMMENDED' && f.fromRegionCode === '440500')).toBe(true);
    const orders = (await gql(`{ schedulingOrders(status: [FAILED]) { code status reason } }`, {}, 'admin')).data.schedulingOrders;
    expect(orders).toHaveLength(1);
  });

  it('lists a city viewer the orders concerning its city, without the other end’s figures', async () => {
    const plan = (await gql(PLAN, {}, 'admin')).data.schedulingPlan;
    const move = plan.moves.find((m: { toNode: { id: string }; fromNode: { id: string } | null }) => m.toNode.id === 'city-shanwei' && m.fromNode?.id === 'city-shantou');
    expect(move).toBeDefined();
    expect((await gql(`mutation($k: [String!]!) { proposeSchedulingOrders(moveKeys: $k) { id } }`, { k: [move.key] }, 'admin')).errors).toBeUndefined();

    const q = `query($c: ID) { schedulingOrders(cityCode: $c) { code fromNode { id } toNode { id } vcpu explanationZh explanationEn events { actor to note } } }`;
    const all = (await gql(q, {}, 'admin')).data.schedulingOrders as { code: string; fromNode: { id: string } | null; toNode: { id: string }; explanationZh: string }[];
    const concerning = all.filter((o) => o.fromNode?.id === 'city-shanwei' || o.toNode.id === 'city-shanwei');
    expect(concerning.length).toBeGreaterThan(0);
    // A province-wide viewer may filter by city and keeps the figures.
    const filtered = (await gql(q, { c: '441500' }, 'admin')).data.schedulingOrders;
    expect(filtered.map((o: { code: string }) => o.code)).toEqual(concerning.map((o) => o.code));
    expect(filtered[0].explanationZh).toMatch(/%/);

    // The city viewer gets exactly those, asked for its city or not, with words but no pool figures.
    for (const c of [null, '441500']) {
      const mine = await gql(q, { c }, 'shanwei');
      expect(mine.errors).toBeUndefined();
      expect(mine.data.schedulingOrders.map((o: { code: string }) => o.code)).toEqual(concerning.map((o) => o.code));
      for (const o of mine.data.schedulingOrders) {
        expect(o.explanationZh).toBe(`配额调拨 ${o.vcpu} vCPU（x86）：${o.fromNode.id} → ${o.toNode.id}`);
        expect(o.explanationEn).toBe(`Quota transfer of ${o.vcpu} vCPU (x86): ${o.fromNode.id} → ${o.toNode.id}`);
        expect(o.events[0]).toMatchObject({ actor: expect.stringMatching(/^(admin|ops)$/), to: 'PROPOSED', note: null });
        for (const e of o.events) expect(e.note).toBeNull();
      }
    }
    expect((await gql(q, { c: '440500' }, 'shanwei')).errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_FORBIDDEN');
    expect((await gql(q, { c: '449999' }, 'admin')).errors?.[0]?.extensions?.code).toBe('GCC_ERR_INPUT_UNKNOWN_CITY');
  });

  it('keeps plans from city-scoped viewers and mutations from anonymous ones', async () => {
    expect((await gql(PLAN, {}, 'shanwei')).errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_FORBIDDEN');
    const anon = await gql(`mutation { approveSchedulingOrder(id: "x") { status } }`);
    // The access policy's read-only rule or, behind it, the step's own role check.
    expect(['GCC_ERR_AUTH_READ_ONLY', 'GCC_ERR_SCHED_FORBIDDEN']).toContain(anon.errors?.[0]?.extensions?.code);
    expect(await db.prisma.schedulingOrderEvent.count({ where: { actor: 'anonymous' } })).toBe(0);
  });
});
