/**
 * The planner on small hand-checked problems: every rule holds for every move, the objective is
 * the hand-computed one and never above the greedy baseline's.
 */
import {
  DEFAULT_SCHEDULING_POLICY, evaluatePlan, networksConnected, poolCap, type PlannedMove, type PlanningPool, type PlanningProblem,
} from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { greedyPlan } from '../src/modules/scheduling/greedy.ts';
import { buildPools, type PoolNode } from '../src/modules/scheduling/pools.ts';
import { solvePlan } from '../src/modules/scheduling/solver.ts';
import { SCHED_NODES } from './fixtures/scheduling-province.ts';

const NOW = Date.now();
const policy = DEFAULT_SCHEDULING_POLICY;

function fixtureProblem(extra: Partial<PlanningProblem> = {}): PlanningProblem {
  const nodes: PoolNode[] = SCHED_NODES.map((n) => ({
    id: n.id, kind: n.kind, regionCode: n.region, networkRegion: n.network, goLiveDate: new Date(NOW - 1e10),
    interconnectEnabled: n.interconnect ?? n.kind !== 'PRD', cpuPools: n.pools.map(([a, share]) => ({ arch: a === 'X86' ? 'x86' : 'kunpeng', share })),
  }));
  const readings = new Map(SCHED_NODES.map((n) => [n.id, { total: n.vcpu[0], allocated: n.vcpu[1], lastSampleMs: NOW }]));
  return { pools: buildPools(nodes, readings, NOW), requests: [], workloads: [], policy, ...extra };
}

/** Every rule of @gcc/domain's scheduling, checked on a whole plan. */
function expectRulesHold(problem: PlanningProblem, moves: PlannedMove[]) {
  const pools = new Map(problem.pools.map((p) => [p.key, p]));
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const m of moves) {
    const to = pools.get(m.to)!;
    const from = m.from ? pools.get(m.from)! : null;
    expect(to.eligible, `${m.to} eligible`).toBe(true);
    expect(to.arch).toBe(m.arch);
    expect(Number.isInteger(m.vcpu) && m.vcpu > 0).toBe(true);
    if (from) {
      expect(from.eligible).toBe(true);
      expect(from.arch, 'same CPU architecture').toBe(to.arch);
      expect(networksConnected(from.networkRegion, to.networkRegion, policy), `${m.from} reaches ${m.to}`).toBe(true);
      outflow.set(from.key, (outflow.get(from.key) ?? 0) + m.vcpu);
    }
    const r = problem.requests.find((x) => x.id === m.requestId);
    if (r?.dataResidency) expect(to.regionCode, 'data stays in its city').toBe(r.regionCode);
    const w = problem.workloads.find((x) => x.id === m.workloadId);
    if (w) expect(w.dataResidency).toBe(false);
    inflow.set(to.key, (inflow.get(to.key) ?? 0) + m.vcpu);
  }
  for (const p of problem.pools) {
    if (inflow.get(p.key)) expect(p.allocated + inflow.get(p.key)!, `${p.key} stays outside the emergency reserve`).toBeLessThanOrEqual(poolCap(p, policy));
    if (outflow.get(p.key)) expect(p.allocated - outflow.get(p.key)!, `${p.key} stays at or above the target`).toBeGreaterThanOrEqual(policy.usageTarget * p.total - 1e-9);
  }
}

const sumTo = (moves: PlannedMove[], key: string) => moves.filter((m) => m.to === key).reduce((s, m) => s + m.vcpu, 0);
const sumFrom = (moves: PlannedMove[], key: string) => moves.filter((m) => m.from === key).reduce((s, m) => s + m.vcpu, 0);

describe('scheduling planner (HiGHS)', () => {
  it('relieves the overloaded pool and fills the idle ones at the hand-computed objective, below greedy', async () => {
    const problem = fixtureProblem();
    const r = await solvePlan(problem);
    expectRulesHold(problem, r.moves);
    expectRulesHold(problem, r.greedy.moves);
    // 汕头 x86 3600 → ≤ 3400 (85% of 4000); 汕尾 x86 640 → 960 and kunpeng 160 → 240 (60%).
    expect(sumFrom(r.moves, 'city-shantou/x86')).toBeGreaterThanOrEqual(200);
    expect(sumTo(r.moves, 'city-shanwei/x86')).toBe(320);
    expect(sumTo(r.moves, 'city-shanwei/kunpeng')).toBe(80);
    expect(r.evaluation.overloadVcpu).toBe(0);
    expect(r.evaluation.idleVcpu).toBe(0);
    // Best: 汕头's excess goes straight to 汕尾 (kills overload and idleness at once): 0.05 × (320 + 80).
    expect(r.evaluation.objective).toBeCloseTo(20, 6);
    // Greedy sends 汕头's excess to the pool with most room (provincial), then fills 汕尾: 0.05 × (200 + 320 + 80).
    expect(r.greedy.evaluation.objective).toBeCloseTo(30, 6);
    expect(r.evaluation.objective).toBeLessThanOrEqual(r.greedy.evaluation.objective);
    expect(r.status).toBe('Optimal');
  });

  it('never touches a PRD cloud without interconnection, nor crosses networks or architectures', async () => {
    const problem = fixtureProblem();
    const r = await solvePlan(problem);
    const touched = r.moves.flatMap((m) => [m.from, m.to]);
    expect(touched.some((k) => k?.startsWith('prd-foshan'))).toBe(false);
    expect(problem.pools.find((p) => p.nodeId === 'prd-foshan')).toMatchObject({ eligible: false, ineligibleEn: 'PRD city cloud without interconnection (display only)' });
    // 湛江 (west) reaches only the core; 汕尾's kunpeng gap can only be filled from the provincial kunpeng pool.
    expect(r.moves.some((m) => m.from === 'city-zhanjiang/x86' && m.to.startsWith('city-shanwei'))).toBe(false);
    expect(r.moves.filter((m) => m.to === 'city-shanwei/kunpeng').every((m) => m.from === 'provincial/kunpeng')).toBe(true);
  });

  it('places requests only where their data may go and leaves the impossible ones unplaced', async () => {
    const problem = fixtureProblem({
      requests: [
        // Must stay in 汕头, which has no Kunpeng pool: cannot be placed.
        { id: 'r1', code: 'R1', regionCode: '440500', arch: 'kunpeng', vcpu: 50, dataResidency: true },
        // Must stay in 汕尾: its x86 pool has room.
        { id: 'r2', code: 'R2', regionCode: '441500', arch: 'x86', vcpu: 100, dataResidency: true },
        // Free to go anywhere with Kunpeng room.
        { id: 'r3', code: 'R3', regionCode: '440500', arch: 'kunpeng', vcpu: 64, dataResidency: false },
      ],
    });
    const r = await solvePlan(problem);
    expectRulesHold(problem, r.moves);
    expect(r.moves.find((m) => m.requestId === 'r1')).toBeUndefined();
    expect(r.moves.find((m) => m.requestId === 'r2')?.to).toBe('city-shanwei/x86');
    expect(r.moves.find((m) => m.requestId === 'r3')?.arch).toBe('kunpeng');
    expect(r.evaluation.unplacedVcpu).toBe(50);
    expect(r.evaluation.objective).toBeLessThanOrEqual(r.greedy.evaluation.objective);
    // Scores are evaluatePlan's, whatever produced the moves.
    expect(evaluatePlan(problem, r.moves).objective).toBeCloseTo(r.evaluation.objective, 9);
  });

  it('migrates a whole system only when transfers cannot relieve the overload, never a city-bound one', async () => {
    // 汕头 at 95% and 汕尾 with no room to give… only the provincial node (core) can take it.
    const pools: PlanningPool[] = [
      { key: 'a/x86', nodeId: 'a', regionCode: '440500', networkRegion: 'east', arch: 'x86', total: 1000, allocated: 950, eligible: true },
      { key: 'b/x86', nodeId: 'b', regionCode: '440000', networkRegion: policy.coreNetworkRegion, arch: 'x86', total: 1000, allocated: 700, eligible: true },
    ];
    const problem: PlanningProblem = {
      pools, requests: [], policy,
      workloads: [
        { id: 'big-local', code: 'S1', nodeId: 'a', arch: 'x86', vcpu: 120, dataResidency: true, regionCode: '440500' },
        { id: 'big', code: 'S2', nodeId: 'a', arch: 'x86', vcpu: 100, dataResidency: false, regionCode: '440500' },
      ],
    };
    const r = await solvePlan(problem);
    expectRulesHold(problem, r.moves);
    // Excess 100 vCPU; b takes at most 800 − 700 = 100. A transfer (0.05/vCPU) beats migration (0.2/vCPU + 20).
    expect(r.moves).toEqual([{ kind: 'quota-transfer', from: 'a/x86', to: 'b/x86', arch: 'x86', vcpu: 100 }]);
    expect(r.evaluation.objective).toBeCloseTo(5, 6);
    expect(greedyPlan(problem)).toEqual(r.moves);
  });

  it('finds nothing to do in a balanced province', async () => {
    const pools: PlanningPool[] = [
      { key: 'a/x86', nodeId: 'a', regionCode: '440500', networkRegion: 'east', arch: 'x86', total: 1000, allocated: 700, eligible: true },
      { key: 'b/x86', nodeId: 'b', regionCode: '441500', networkRegion: 'east', arch: 'x86', total: 1000, allocated: 650, eligible: true },
    ];
    const r = await solvePlan({ pools, requests: [], workloads: [], policy });
    expect(r.moves).toEqual([]);
    expect(r.evaluation.objective).toBe(0);
  });
});
