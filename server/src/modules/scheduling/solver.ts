/**
 * The scheduling plan as a mixed-integer programme, solved by HiGHS (WebAssembly).
 *
 * Variables (all in vCPU):
 *   x[i→j]  quota transfer between pools of one architecture (continuous; see below)
 *   z[r→j]  binary: pending request r placed on pool j
 *   m[s→j]  binary: business system s migrated to pool j
 *   over[i] ≥ 0 for pools above the overload ceiling, under[j] ≥ 0 for eligible pools below the target
 * Rows:
 *   in[j]  ≤ headroom(j)      receivers stay below min(ceiling, 1 − emergency reserve)
 *   out[i] ≤ surplus(i)       donors never fall below the usage target
 *   over[i] + out[i] ≥ allocated(i) − ceiling·total(i)
 *   under[j] + in[j] ≥ target·total(j) − allocated(j)
 *   Σ_j z[r→j] ≤ 1, Σ_j m[s→j] ≤ 1
 * Objective: @gcc/domain's SCHEDULING_FORMULAS.objective (an unplaced request's penalty is the
 * constant offset minus its placement variables), so HiGHS' optimum is evaluatePlan()'s score.
 *
 * Only pairs that can lower the objective become variables: a transfer helps only out of an
 * overloaded pool or into an idle one (a transfer between two pools that are neither only costs;
 * removing it keeps every row satisfied). The greedy plan is computed first and scored alongside;
 * the greedy plan satisfies every row, so HiGHS' optimum is never worse. Should HiGHS stop early
 * (time limit) with something worse, the greedy plan is returned and the status says so. (Handing
 * the greedy plan over as a partial MIP start was tried: completing it cost HiGHS more than the
 * whole solve.)
 */
import highsLoader, { type Highs } from 'highs';
import {
  evaluatePlan, moveProblem, networksConnected, poolHeadroom, poolSurplus, type PlanEvaluation, type PlannedMove,
  type PlanningPool, type PlanningProblem,
} from '@gcc/domain';
import { greedyPlan } from './greedy.ts';

/** Candidate destinations per migratable system. */
const MIGRATION_TARGETS = 6;

let runtime: Promise<Highs> | undefined;
/** The WebAssembly runtime, loaded once per process (≈ 50 ms). */
export function loadHighs(): Promise<Highs> {
  return (runtime ??= highsLoader());
}

export interface SolveResult {
  moves: PlannedMove[];
  evaluation: PlanEvaluation;
  /** HiGHS' model status in words (Optimal, Time limit reached…). */
  status: string;
  solveMs: number;
  variables: number;
  constraints: number;
  greedy: { moves: PlannedMove[]; evaluation: PlanEvaluation; ms: number };
}

interface Column {
  cost: number;
  lower: number;
  upper: number;
  type: 0 | 1 | 3;
  rows: Map<number, number>;
  move?: PlannedMove;
}

const STATUS_NAMES: Record<number, string> = {
  7: 'Optimal', 8: 'Infeasible', 9: 'Unbounded or infeasible', 10: 'Unbounded', 13: 'Time limit reached', 14: 'Iteration limit reached', 15: 'Unknown', 17: 'Interrupted',
};

export async function solvePlan(problem: PlanningProblem, options: { timeLimitSeconds?: number } = {}): Promise<SolveResult> {
  const highs = await loadHighs();
  const g0 = performance.now();
  const greedyMoves = greedyPlan(problem);
  const greedy = { moves: greedyMoves, evaluation: evaluatePlan(problem, greedyMoves), ms: performance.now() - g0 };
  const t0 = performance.now();
  const { policy } = problem;
  const w = policy.weights;
  const pools = problem.pools.filter((p) => p.eligible && p.total > 0);
  const byKey = new Map(pools.map((p) => [p.key, p]));

  // Rows: lower/upper bounds, created lazily.
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lower: number, upper: number) => (rowLower.push(lower), rowUpper.push(upper), rowLower.length - 1);
  const inRow = new Map<string, number>();
  const outRow = new Map<string, number>();
  const overRow = new Map<string, number>();
  const underRow = new Map<string, number>();
  const cols: Column[] = [];
  let offset = 0;

  // Whole vCPU on the right-hand sides: with integral bounds the transfer part is a network flow,
  // whose LP vertices are integral, so transfers need no integrality of their own (which would
  // make a 300-node plan a slow branch and bound). Rounding down below only guards against noise.
  const ceilingExcess = (p: PlanningPool) => Math.ceil(p.allocated - policy.overloadCeiling * p.total - 1e-9);
  const targetGap = (p: PlanningPool) => Math.ceil(policy.usageTarget * p.total - p.allocated - 1e-9);
  for (const p of pools) {
    const headroom = poolHeadroom(p, policy);
    const surplus = poolSurplus(p, policy);
    if (headroom > 0) inRow.set(p.key, addRow(-Infinity, headroom));
    if (surplus > 0) outRow.set(p.key, addRow(-Infinity, surplus));
    if (ceilingExcess(p) > 0) {
      const r = addRow(ceilingExcess(p), Infinity);
      overRow.set(p.key, r);
      cols.push({ cost: w.overload, lower: 0, upper: Infinity, type: 0, rows: new Map([[r, 1]]) });
    }
    if (targetGap(p) > 0) {
      const r = addRow(targetGap(p), Infinity);
      underRow.set(p.key, r);
      cols.push({ cost: w.idle, lower: 0, upper: Infinity, type: 0, rows: new Map([[r, 1]]) });
    }
  }
  /** Coefficients of a flow of `amount` per unit of the variable from `from` to `to`. */
  const flowRows = (from: string | null, to: string, amount: number) => {
    const rows = new Map<number, number>();
    rows.set(inRow.get(to)!, amount);
    if (underRow.has(to)) rows.set(underRow.get(to)!, amount);
    if (from) {
      rows.set(outRow.get(from)!, amount);
      if (overRow.has(from)) rows.set(overRow.get(from)!, amount);
    }
    return rows;
  };

  // Quota transfers.
  const donors = pools.filter((p) => outRow.has(p.key));
  const receivers = pools.filter((p) => inRow.has(p.key));
  for (const i of donors) {
    for (const j of receivers) {
      if (i.key === j.key || i.arch !== j.arch || !networksConnected(i.networkRegion, j.networkRegion, policy)) continue;
      if (!overRow.has(i.key) && !underRow.has(j.key)) continue;
      const upper = Math.min(poolSurplus(i, policy), poolHeadroom(j, policy));
      if (upper < 1) continue;
      cols.push({
        cost: w.transfer, lower: 0, upper, type: 0, rows: flowRows(i.key, j.key, 1),
        move: { kind: 'quota-transfer', from: i.key, to: j.key, arch: i.arch, vcpu: 0 },
      });
    }
  }
  // Placements of pending requests.
  for (const r of problem.requests) {
    const choice = addRow(-Infinity, 1);
    offset += w.unplaced * r.vcpu;
    for (const j of receivers) {
      const to = byKey.get(j.key)!;
      if (moveProblem(problem, { kind: 'placement', vcpu: r.vcpu, arch: r.arch }, null, to, { residencyRegion: r.dataResidency ? r.regionCode : null })) continue;
      const rows = flowRows(null, j.key, r.vcpu);
      rows.set(choice, 1);
      const outside = j.regionCode !== r.regionCode ? w.placementOutsideCity * r.vcpu : 0;
      cols.push({ cost: outside - w.unplaced * r.vcpu, lower: 0, upper: 1, type: 1, rows, move: { kind: 'placement', from: null, to: j.key, arch: r.arch, vcpu: r.vcpu, requestId: r.id } });
    }
  }
  // Migrations of whole systems off overloaded pools (never those whose data must stay in their city).
  for (const s of problem.workloads) {
    const from = byKey.get(`${s.nodeId}/${s.arch}`);
    if (!from || !overRow.has(from.key) || s.dataResidency || !(s.vcpu > 0)) continue;
    if (s.vcpu > poolSurplus(from, policy)) continue;
    // The few roomiest pools that may take it: a migration is the fallback when transfers cannot do,
    // and more candidates only add binaries HiGHS must branch on.
    const targets = receivers
      .filter((j) => !moveProblem(problem, { kind: 'migration', vcpu: s.vcpu, arch: s.arch }, from, j))
      .sort((a, b) => poolHeadroom(b, policy) - poolHeadroom(a, policy) || a.key.localeCompare(b.key))
      .slice(0, MIGRATION_TARGETS);
    if (!targets.length) continue;
    const choice = addRow(-Infinity, 1);
    for (const j of targets) {
      const rows = flowRows(from.key, j.key, s.vcpu);
      rows.set(choice, 1);
      cols.push({ cost: w.migration * s.vcpu + w.migrationPerSystem, lower: 0, upper: 1, type: 1, rows, move: { kind: 'migration', from: from.key, to: j.key, arch: s.arch, vcpu: s.vcpu, workloadId: s.id } });
    }
  }

  let moves: PlannedMove[] = [];
  let status = 'Optimal';
  if (cols.some((c) => c.move)) {
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const c of cols) {
      for (const [r, v] of [...c.rows].sort((a, b) => a[0] - b[0])) {
        indices.push(r);
        values.push(v);
      }
      starts.push(indices.length);
    }
    const inf = highs.infinity;
    const clamp = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const model = highs.createModel({
      numCols: cols.length,
      numRows: rowLower.length,
      offset,
      colCost: cols.map((c) => c.cost),
      colLower: cols.map((c) => c.lower),
      colUpper: cols.map((c) => clamp(c.upper)),
      rowLower: rowLower.map(clamp),
      rowUpper: rowUpper.map(clamp),
      matrix: { format: 'csc', numRows: rowLower.length, numCols: cols.length, starts, indices, values },
      integrality: cols.map((c) => c.type),
    });
    try {
      model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds ?? 20, mip_rel_gap: 1e-4 });
      const run = model.run();
      status = STATUS_NAMES[run.modelStatus] ?? `status ${run.modelStatus}`;
      const x = model.getSolution().colValue;
      cols.forEach((c, k) => {
        if (!c.move) return;
        const v = x[k]!;
        if (c.type === 1) {
          if (v > 0.5) moves.push(c.move);
        } else if (Math.floor(v + 1e-6) >= 1) moves.push({ ...c.move, vcpu: Math.floor(v + 1e-6) });
      });
    } finally {
      model.dispose();
    }
  }
  let evaluation = evaluatePlan(problem, moves);
  // A solver answer can only be worse than the baseline if HiGHS stopped without an incumbent.
  if (evaluation.objective > greedy.evaluation.objective + 1e-6) {
    moves = greedyMoves;
    evaluation = greedy.evaluation;
    status = `${status}; greedy start kept`;
  }
  return { moves, evaluation, status, solveMs: performance.now() - t0, variables: cols.length, constraints: rowLower.length, greedy };
}
