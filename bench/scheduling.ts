/**
 * Scheduling benchmark: plans for the simulated 22-node province (as the server sees it now) and
 * for a generated 300-node province, printing the solver's time and objective against the greedy
 * baseline computed in the same run. Targets (issue 7): 22 nodes < 200 ms, 300 nodes < 3 s.
 *
 *   pnpm bench:scheduling [--runs 5] [--seed 2019]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SCHEDULING_POLICY, NODE_DEFINITIONS, type CpuArch, type PlanningProblem } from '@gcc/domain';
import { mulberry32, referenceDateOf, simulateProvince } from '@gcc/collectors/sim';
import { buildPools, loadHighs, simulatedDemand, solvePlan, type PoolNode, type PoolReading } from '@gcc/server/scheduling';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, seed: { type: 'string', default: '2019' } } });
const runs = Math.max(1, Number(values.runs));
const seed = Number(values.seed);
const now = Date.now();

function province22(): PlanningProblem {
  const p = simulateProvince(seed, { referenceDate: referenceDateOf(now) });
  const defs = new Map(NODE_DEFINITIONS.map((d) => [d.id, d]));
  const nodes: PoolNode[] = p.nodes.map((n) => {
    const def = defs.get(n.id)!;
    return {
      id: n.id, kind: def.kind === 'provincial' ? 'PROVINCIAL' : def.kind === 'prd' ? 'PRD' : 'CITY', regionCode: def.regionCode, networkRegion: n.networkRegion,
      goLiveDate: new Date(n.goLiveDate), interconnectEnabled: n.interconnectDate !== null && Date.parse(n.interconnectDate) <= now, cpuPools: n.cpuPools,
    };
  });
  const readings = new Map<string, PoolReading>();
  for (const n of p.nodes) {
    let total = 0;
    let allocated = 0;
    for (const dc of n.dataCentres) {
      const c = p.capacityAt(n.id, dc, now);
      total += c.vcpu.total;
      allocated += c.vcpu.allocated;
    }
    readings.set(n.id, { total, allocated, lastSampleMs: now });
  }
  const demand = simulatedDemand(p, now);
  return {
    pools: buildPools(nodes, readings, now),
    requests: demand.requests.map((r) => ({ id: r.code, ...r })),
    workloads: demand.workloads.map((w) => ({ id: w.systemCode, code: w.systemCode, ...w })),
    policy: DEFAULT_SCHEDULING_POLICY,
  };
}

/** A province of n nodes: 6 regional networks and a core, 信创 pools, allocation from 35% to 97%. */
function generated(n: number, genSeed: number): PlanningProblem {
  const rand = mulberry32(genSeed);
  const regions = ['east', 'west', 'north', 'prd', 'south', 'hills'];
  const nodes: PoolNode[] = [];
  const readings = new Map<string, PoolReading>();
  for (let i = 0; i < n; i++) {
    const core = i % 30 === 0;
    const prd = !core && rand() < 0.25;
    const x86 = 0.5 + rand() * 0.4;
    const kunpeng = (1 - x86) * (0.4 + rand() * 0.3);
    const pools: { arch: CpuArch; share: number }[] = [{ arch: 'x86', share: x86 }, { arch: 'kunpeng', share: kunpeng }, { arch: 'hygon', share: 1 - x86 - kunpeng }];
    const id = `n${String(i).padStart(3, '0')}`;
    nodes.push({
      id, kind: core ? 'PROVINCIAL' : prd ? 'PRD' : 'CITY', regionCode: `R${Math.floor(i / 3)}`,
      networkRegion: core ? DEFAULT_SCHEDULING_POLICY.coreNetworkRegion : regions[Math.floor(rand() * regions.length)]!,
      goLiveDate: new Date(now - 86_400_000 * (30 + Math.floor(rand() * 2000))), interconnectEnabled: !prd || rand() < 0.6, cpuPools: pools,
    });
    const total = Math.round(2000 + rand() * (core ? 120_000 : 40_000));
    readings.set(id, { total, allocated: Math.round(total * (0.35 + rand() * 0.62)), lastSampleMs: now });
  }
  const requests = Array.from({ length: Math.round(n / 5) }, (_, k) => {
    const node = nodes[Math.floor(rand() * n)]!;
    return { id: `q${k}`, code: `REQ-${k}`, regionCode: node.regionCode, arch: (['x86', 'x86', 'kunpeng', 'hygon'] as const)[Math.floor(rand() * 4)]!, vcpu: 16 * (1 + Math.floor(rand() * 16)), dataResidency: rand() < 0.3 };
  });
  const workloads = nodes.flatMap((node) =>
    Array.from({ length: 3 }, (_, k) => ({
      id: `${node.id}-s${k}`, code: `${node.id}-s${k}`, nodeId: node.id, arch: 'x86' as const, vcpu: 16 + Math.floor(rand() * 240), dataResidency: rand() < 0.3, regionCode: node.regionCode,
    })),
  );
  return { pools: buildPools(nodes, readings, now), requests, workloads, policy: DEFAULT_SCHEDULING_POLICY };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const t0 = performance.now();
await loadHighs();
console.log(`HiGHS WebAssembly loaded in ${(performance.now() - t0).toFixed(0)} ms (once per process, not counted below)`);
console.log(`runs per case: ${runs}; policy: ceiling ${DEFAULT_SCHEDULING_POLICY.overloadCeiling}, target ${DEFAULT_SCHEDULING_POLICY.usageTarget}, reserve ${DEFAULT_SCHEDULING_POLICY.emergencyReserveShare}\n`);

const cases: [string, PlanningProblem, number][] = [
  ['22-node simulated province', province22(), 200],
  ['300-node generated province', generated(300, seed), 3000],
];
const rows: string[] = [];
let failed = false;
for (const [name, problem, targetMs] of cases) {
  const times: number[] = [];
  const greedyTimes: number[] = [];
  let last: Awaited<ReturnType<typeof solvePlan>> | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await solvePlan(problem);
    times.push(performance.now() - start);
    greedyTimes.push(last.greedy.ms);
  }
  const r = last!;
  const ms = median(times);
  const ok = ms < targetMs;
  failed ||= !ok;
  const g = r.greedy.evaluation;
  const e = r.evaluation;
  const gain = g.objective > 0 ? (1 - e.objective / g.objective) * 100 : 0;
  rows.push(
    `${name}: ${problem.pools.length} pools (${problem.pools.filter((p) => p.eligible).length} eligible), ${problem.requests.length} requests, ${problem.workloads.length} workloads → ${r.variables} variables, ${r.constraints} rows`,
    `  plan time (median of ${runs}, greedy baseline included): ${ms.toFixed(1)} ms  [target < ${targetMs} ms: ${ok ? 'met' : 'MISSED'}]   greedy alone: ${median(greedyTimes).toFixed(1)} ms   HiGHS status: ${r.status}`,
    `  objective: solver ${e.objective.toFixed(1)} vs greedy ${g.objective.toFixed(1)}  (solver ${gain.toFixed(1)}% lower; solver/greedy = ${(g.objective > 0 ? e.objective / g.objective : 1).toFixed(3)})`,
    `  after the plan: overload ${e.overloadVcpu.toFixed(0)} vCPU (greedy ${g.overloadVcpu.toFixed(0)}), idle gap ${e.idleVcpu.toFixed(0)} (greedy ${g.idleVcpu.toFixed(0)}), moved ${e.transferredVcpu + e.migratedVcpu} vCPU in ${r.moves.length} moves (greedy ${g.transferredVcpu} in ${r.greedy.moves.length}), unplaced ${e.unplacedVcpu} (greedy ${g.unplacedVcpu})`,
    '',
  );
}
console.log(rows.join('\n'));
if (failed) process.exitCode = 1;
