/**
 * A plan as the console and orders see it: the solver's moves, each with a stable key, words (zh,
 * en) and the numbers behind them; pools before and after; what could not be done and why.
 */
import {
  DEFAULT_SCHEDULING_POLICY, poolCap, type PlanEvaluation, type PlannedMove, type PlanningPool, type PlanningProblem, type PoolFigures,
} from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { InputNode, PlanningInput } from './planning-input.ts';
import { toProblem } from './planning-input.ts';
import { solvePlan } from './solver.ts';

const ARCH_ZH: Record<string, string> = { x86: 'x86', kunpeng: '鲲鹏', hygon: '海光', phytium: '飞腾' };
const ARCH_EN: Record<string, string> = { x86: 'x86', kunpeng: 'Kunpeng', hygon: 'Hygon', phytium: 'Phytium' };
const KIND_ZH = { 'quota-transfer': '配额调拨', placement: '申请放置', migration: '业务系统迁移' } as const;


export interface PlanMove extends PlannedMove {
  /** Stable within one input: kind, ends, subject. */
  key: string;
  fromNodeId: string | null;
  toNodeId: string;
  memoryBytes: number;
  requestCode: string | null;
  systemCode: string | null;
  explanationZh: string;
  explanationEn: string;
  fromPool: PoolFigures | null;
  toPool: PoolFigures;
}

export interface Plan {
  atMs: number;
  moves: PlanMove[];
  evaluation: PlanEvaluation;
  greedy: PlanEvaluation;
  greedyMoves: number;
  status: string;
  solveMs: number;
  pools: (PoolFigures & { eligible: boolean; ineligibleZh: string | null; ineligibleEn: string | null; overloaded: boolean; idle: boolean })[];
  /** Requests left unplaced, with the reason in words. */
  unplaced: { code: string; vcpu: number; arch: string; synthetic: boolean; reasonZh: string; reasonEn: string }[];
  summaryZh: string;
  summaryEn: string;
  problem: PlanningProblem;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const ratio = (a: number, t: number) => (t > 0 ? a / t : null);

export function moveKey(m: PlannedMove): string {
  return `${m.kind}:${m.from ?? '-'}>${m.to}:${m.requestId ?? m.workloadId ?? ''}`;
}

export async function computePlan(input: PlanningInput): Promise<Plan> {
  const problem = toProblem(input);
  let result;
  try {
    result = await solvePlan(problem);
  } catch (cause) {
    throw new GccError('GCC_ERR_SCHED_INPUT', `the solver could not plan: ${(cause as Error).message}`, { cause });
  }
  const policy = DEFAULT_SCHEDULING_POLICY;
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const pools = new Map(problem.pools.map((p) => [p.key, p]));
  const figures = (p: PlanningPool): PoolFigures => {
    const o = result.evaluation.pools.get(p.key)!;
    return {
      nodeId: p.nodeId, arch: p.arch, total: p.total, allocatedBefore: o.allocatedBefore, allocatedAfter: o.allocatedAfter,
      ratioBefore: ratio(o.allocatedBefore, p.total), ratioAfter: ratio(o.allocatedAfter, p.total), cap: poolCap(p, policy),
    };
  };
  const requests = new Map(problem.requests.map((r) => [r.id, r]));
  const workloads = new Map(problem.workloads.map((w) => [w.id, w]));
  const name = (id: string) => nodes.get(id) ?? ({ nameZh: id, nameEn: id } as InputNode);

  const moves: PlanMove[] = result.moves.map((m) => {
    const to = pools.get(m.to)!;
    const from = m.from ? pools.get(m.from)! : null;
    const toF = figures(to);
    const fromF = from ? figures(from) : null;
    const request = m.requestId ? requests.get(m.requestId) : undefined;
    const workload = m.workloadId ? workloads.get(m.workloadId) : undefined;
    const memPerVcpu = input.memoryPerVcpu.get(from?.nodeId ?? to.nodeId) ?? 4 * 1024 ** 3;
    const memoryBytes = Math.round((m.vcpu * memPerVcpu) / 1024 ** 3) * 1024 ** 3;
    const tn = name(to.nodeId);
    const fn = from ? name(from.nodeId) : null;
    const az = ARCH_ZH[m.arch];
    const ae = ARCH_EN[m.arch];
    const toZh = `${tn.nameZh}${az}资源池 ${pct(toF.ratioBefore)} → ${pct(toF.ratioAfter)}（接收上限 ${pct(ratio(toF.cap, toF.total))}）`;
    const toEn = `${tn.nameEn} ${ae} pool ${pct(toF.ratioBefore)} → ${pct(toF.ratioAfter)} (receiving cap ${pct(ratio(toF.cap, toF.total))})`;
    let zh: string;
    let en: string;
    if (m.kind === 'placement') {
      const outside = request && to.regionCode !== request.regionCode;
      zh = `将资源申请 ${request?.code}（${m.vcpu} vCPU，${az}）放置到${tn.nameZh}：${toZh}。${request?.dataResidency ? '数据须留在本市，只能放在本市节点。' : outside ? '本市节点没有足够的同架构余量，放到网络可达、余量最多的节点。' : '放在本市节点。'}`;
      en = `Place request ${request?.code} (${m.vcpu} vCPU, ${ae}) on ${tn.nameEn}: ${toEn}. ${request?.dataResidency ? 'Its data must stay in its city, so only that city\'s node qualifies.' : outside ? 'Its own city has no room in that architecture; placed where there is.' : 'Placed in its own city.'}`;
    } else {
      const fromZh = `${fn!.nameZh}${az}资源池 ${pct(fromF!.ratioBefore)} → ${pct(fromF!.ratioAfter)}`;
      const fromEn = `${fn!.nameEn} ${ae} pool ${pct(fromF!.ratioBefore)} → ${pct(fromF!.ratioAfter)}`;
      const fromOver = (fromF!.ratioBefore ?? 0) > policy.overloadCeiling;
      const toIdle = (toF.ratioBefore ?? 1) < policy.usageTarget;
      const whyZh = [fromOver ? `${fn!.nameZh}超过过载上限 ${pct(policy.overloadCeiling)}` : '', toIdle ? `${tn.nameZh}低于 ${pct(policy.usageTarget)} 使用率目标` : ''].filter(Boolean).join('；');
      const whyEn = [fromOver ? `${fn!.nameEn} is above the ${pct(policy.overloadCeiling)} overload ceiling` : '', toIdle ? `${tn.nameEn} is below the ${pct(policy.usageTarget)} usage target` : ''].filter(Boolean).join('; ');
      if (m.kind === 'migration') {
        zh = `迁移业务系统 ${workload?.code}（${m.vcpu} vCPU，${az}）：${fromZh}，${toZh}。原因：${whyZh}；仅靠配额调拨不足以降到上限以下，且该系统数据无须留在本市。`;
        en = `Migrate business system ${workload?.code} (${m.vcpu} vCPU, ${ae}): ${fromEn}; ${toEn}. Why: ${whyEn}; quota transfers alone do not bring it under the ceiling, and the system's data need not stay in its city.`;
      } else {
        zh = `配额调拨 ${m.vcpu} vCPU（${az}，约 ${(memoryBytes / 1024 ** 3).toFixed(0)} GiB 内存）：${fromZh}，${toZh}。原因：${whyZh}。同架构资源池，网络可达（${from!.networkRegion} ↔ ${to.networkRegion}）。`;
        en = `Transfer ${m.vcpu} vCPU of quota (${ae}, about ${(memoryBytes / 1024 ** 3).toFixed(0)} GiB memory): ${fromEn}; ${toEn}. Why: ${whyEn}. Same architecture, networks reach each other (${from!.networkRegion} ↔ ${to.networkRegion}).`;
      }
    }
    return {
      ...m, key: moveKey(m), fromNodeId: from?.nodeId ?? null, toNodeId: to.nodeId, memoryBytes: request ? 0 : memoryBytes,
      requestCode: request?.code ?? null, systemCode: workload?.code ?? null, explanationZh: zh, explanationEn: en, fromPool: fromF, toPool: toF,
    };
  });

  const placed = new Set(result.moves.flatMap((m) => (m.requestId ? [m.requestId] : [])));
  const unplaced = problem.requests
    .filter((r) => !placed.has(r.id))
    .map((r) => {
      const sameArch = problem.pools.filter((p) => p.eligible && p.arch === r.arch && (!r.dataResidency || p.regionCode === r.regionCode));
      const reasonZh = !sameArch.length
        ? r.dataResidency ? `数据须留在本市，本市没有可用的${ARCH_ZH[r.arch]}资源池` : `没有可用的${ARCH_ZH[r.arch]}资源池`
        : `${ARCH_ZH[r.arch]}资源池在应急预留之外的余量不足 ${r.vcpu} vCPU${r.dataResidency ? '（数据须留在本市）' : ''}`;
      const reasonEn = !sameArch.length
        ? r.dataResidency ? `its data must stay in its city, which has no ${ARCH_EN[r.arch]} pool in the elastic pool` : `no ${ARCH_EN[r.arch]} pool in the elastic pool`
        : `no ${ARCH_EN[r.arch]} pool has ${r.vcpu} vCPU free outside the emergency reserve${r.dataResidency ? ' (data must stay in its city)' : ''}`;
      return { code: r.code, vcpu: r.vcpu, arch: r.arch, synthetic: input.syntheticRequests.has(r.id), reasonZh, reasonEn };
    });

  const e = result.evaluation;
  const g = result.greedy.evaluation;
  const overloadedBefore = problem.pools.filter((p) => p.eligible && p.allocated > policy.overloadCeiling * p.total).length;
  const summaryZh = `${moves.length} 项调度建议：调拨 ${e.transferredVcpu} vCPU、迁移 ${e.migratedSystems} 个系统（${e.migratedVcpu} vCPU）、放置 ${placed.size} 项申请；过载资源池 ${overloadedBefore} 个，计划后超出上限共 ${e.overloadVcpu.toFixed(0)} vCPU；空闲资源池距目标共 ${e.idleVcpu.toFixed(0)} vCPU；未放置 ${e.unplacedVcpu} vCPU。目标值 ${e.objective.toFixed(1)}（贪心基线 ${g.objective.toFixed(1)}）。`;
  const summaryEn = `${moves.length} recommendations: ${e.transferredVcpu} vCPU transferred, ${e.migratedSystems} systems migrated (${e.migratedVcpu} vCPU), ${placed.size} requests placed; ${overloadedBefore} pools overloaded now, ${e.overloadVcpu.toFixed(0)} vCPU above a ceiling after the plan; idle pools ${e.idleVcpu.toFixed(0)} vCPU short of the target; ${e.unplacedVcpu} vCPU unplaced. Objective ${e.objective.toFixed(1)} (greedy baseline ${g.objective.toFixed(1)}).`;

  return {
    atMs: input.atMs,
    moves,
    evaluation: e,
    greedy: g,
    greedyMoves: result.greedy.moves.length,
    status: result.status,
    solveMs: result.solveMs,
    pools: problem.pools.map((p) => ({
      ...figures(p), eligible: p.eligible, ineligibleZh: p.ineligibleZh ?? null, ineligibleEn: p.ineligibleEn ?? null,
      overloaded: p.allocated > policy.overloadCeiling * p.total, idle: p.eligible && p.allocated < policy.usageTarget * p.total,
    })),
    unplaced,
    summaryZh,
    summaryEn,
    problem,
  };
}

export const KIND_NAMES_ZH = KIND_ZH;
export const ARCH_NAMES = { zh: ARCH_ZH, en: ARCH_EN } as const;
