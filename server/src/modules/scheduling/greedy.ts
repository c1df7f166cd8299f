/**
 * The greedy baseline the solver is measured against (and started from): what an operator with a
 * spreadsheet would do, in three passes, obeying the same rules as the solver.
 *   1. place pending requests, largest first: the own city's pool if it has room, else the pool
 *      with the most room;
 *   2. relieve overloaded pools, worst first, by transfers to connected pools with the most room;
 *   3. fill idle pools, furthest from the target first, from connected pools with the most surplus.
 * No migrations: a whole-system move is the solver's tool when transfers alone cannot do.
 */
import {
  moveProblem, networksConnected, poolHeadroom, poolSurplus, type PlannedMove, type PlanningPool, type PlanningProblem,
} from '@gcc/domain';

export function greedyPlan(problem: PlanningProblem): PlannedMove[] {
  const { policy } = problem;
  const pools = problem.pools.filter((p) => p.eligible && p.total > 0);
  const inFlow = new Map<string, number>();
  const outFlow = new Map<string, number>();
  const room = (p: PlanningPool) => poolHeadroom(p, policy) - (inFlow.get(p.key) ?? 0);
  const spare = (p: PlanningPool) => poolSurplus(p, policy) - (outFlow.get(p.key) ?? 0);
  const moves: PlannedMove[] = [];
  const add = (m: PlannedMove) => {
    moves.push(m);
    inFlow.set(m.to, (inFlow.get(m.to) ?? 0) + m.vcpu);
    if (m.from) outFlow.set(m.from, (outFlow.get(m.from) ?? 0) + m.vcpu);
  };

  for (const r of [...problem.requests].sort((a, b) => b.vcpu - a.vcpu || a.code.localeCompare(b.code))) {
    const fits = pools.filter(
      (p) => !moveProblem(problem, { kind: 'placement', vcpu: r.vcpu, arch: r.arch }, null, p, { residencyRegion: r.dataResidency ? r.regionCode : null, booked: { in: inFlow.get(p.key) ?? 0, out: 0 } }),
    );
    const own = fits.find((p) => p.regionCode === r.regionCode);
    const best = own ?? fits.sort((a, b) => room(b) - room(a))[0];
    if (best) add({ kind: 'placement', from: null, to: best.key, arch: r.arch, vcpu: r.vcpu, requestId: r.id });
  }

  const excess = (p: PlanningPool) => Math.ceil(p.allocated - (outFlow.get(p.key) ?? 0) - policy.overloadCeiling * p.total);
  for (const donor of pools.filter((p) => excess(p) > 0).sort((a, b) => excess(b) / b.total - excess(a) / a.total)) {
    const targets = pools
      .filter((p) => p.key !== donor.key && p.arch === donor.arch && networksConnected(donor.networkRegion, p.networkRegion, policy))
      .sort((a, b) => room(b) - room(a));
    for (const to of targets) {
      const vcpu = Math.min(excess(donor), room(to), spare(donor));
      if (vcpu < 1) continue;
      add({ kind: 'quota-transfer', from: donor.key, to: to.key, arch: donor.arch, vcpu });
      if (excess(donor) <= 0) break;
    }
  }

  const gap = (p: PlanningPool) => Math.ceil(policy.usageTarget * p.total - p.allocated - (inFlow.get(p.key) ?? 0));
  for (const idle of pools.filter((p) => gap(p) > 0).sort((a, b) => gap(b) - gap(a))) {
    const sources = pools
      .filter((p) => p.key !== idle.key && p.arch === idle.arch && networksConnected(p.networkRegion, idle.networkRegion, policy))
      .sort((a, b) => spare(b) - spare(a));
    for (const from of sources) {
      const vcpu = Math.min(gap(idle), room(idle), spare(from));
      if (vcpu < 1) continue;
      add({ kind: 'quota-transfer', from: from.key, to: idle.key, arch: idle.arch, vcpu });
      if (gap(idle) <= 0) break;
    }
  }
  return merge(moves);
}

/** One transfer per pair of pools. */
function merge(moves: PlannedMove[]): PlannedMove[] {
  const out: PlannedMove[] = [];
  const transfers = new Map<string, PlannedMove>();
  for (const m of moves) {
    if (m.kind !== 'quota-transfer') {
      out.push(m);
      continue;
    }
    const key = `${m.from}→${m.to}`;
    const t = transfers.get(key);
    if (t) t.vcpu += m.vcpu;
    else {
      const copy = { ...m };
      transfers.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}
