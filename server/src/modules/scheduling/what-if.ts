/**
 * What-if: the indicators and the plan under a scenario (capacity added to a city or node, nodes
 * down, systems migrating onto a city's node next month), computed from a copy of the inputs:
 * nothing is written. Indicators reuse the indicator service's figures (usageAt, migrationAt) and
 * @gcc/domain's formulas (usageRate, migrationRate) on the changed figures.
 */
import { cityByCode, migrationRate, PROVINCE_CODE, usageRate, type Resource, type AllocationFigures } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { isLiveAt } from '../capacity/capacity-service.ts';
import { citySubject, migrationAt, usageAt, type Subject } from '../indicators/indicators-service.ts';
import { computePlan, type Plan } from './plan-service.ts';
import { applyScenario, loadPlanningInput, type PlanningInput, type Scenario } from './planning-input.ts';

export interface IndicatorChange {
  /** A city's administrative code, or 440000 for the province as a whole. */
  code: string;
  nameZh: string;
  nameEn: string;
  vcpuTotal: [number, number];
  vcpuAllocated: [number, number];
  usageRate: [number | null, number | null];
  migrationRate: [number | null, number | null];
  onCloud: [number, number];
}

export interface WhatIf {
  baseline: Plan;
  scenario: Plan;
  indicators: IndicatorChange[];
  notesZh: string[];
  notesEn: string[];
}

export async function whatIf(ctx: RequestContext, scenario: Scenario): Promise<WhatIf> {
  const input = await loadPlanningInput(ctx);
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const unknownCity = [...(scenario.addCapacity ?? []).flatMap((a) => (a.cityCode ? [a.cityCode] : [])), ...(scenario.migrations ?? []).map((m) => m.cityCode)]
    .filter((c) => !input.nodes.some((n) => n.regionCode === c));
  if (unknownCity.length) throw new GccError('GCC_ERR_SCHED_INPUT', `no node in city ${unknownCity.join(', ')} (expects an administrative code such as 440500)`);
  const unknownNode = [...(scenario.nodesDown ?? []), ...(scenario.addCapacity ?? []).flatMap((a) => (a.nodeId ? [a.nodeId] : []))].filter((id) => !nodes.has(id));
  if (unknownNode.length) throw new GccError('GCC_ERR_SCHED_UNKNOWN_NODE', `no node ${unknownNode.join(', ')} in the registry`);
  if (!(scenario.addCapacity?.length || scenario.nodesDown?.length || scenario.migrations?.length)) {
    throw new GccError('GCC_ERR_SCHED_INPUT', 'a scenario needs at least one change: addCapacity, nodesDown or migrations');
  }

  // Systems migrating next month land on their city's node with the size systems there have now.
  const counts = new Map<string, Awaited<ReturnType<typeof migrationAt>>>();
  for (const m of scenario.migrations ?? []) counts.set(m.cityCode, await migrationAt(ctx, await citySubject(ctx, m.cityCode, ctx.nowMs)));
  const avg = (node: { id: string; regionCode: string }) => {
    const onCloud = counts.get(node.regionCode)?.onCloud ?? 0;
    const allocated = input.readings.get(node.id)?.allocated ?? 0;
    return onCloud > 0 ? allocated / onCloud : 8;
  };
  const changed = applyScenario(input, scenario, avg);
  const [baseline, after] = await Promise.all([computePlan(input), computePlan(changed)]);

  const affected = new Set<string>([PROVINCE_CODE]);
  for (const a of scenario.addCapacity ?? []) affected.add(a.cityCode ?? nodes.get(a.nodeId!)!.regionCode);
  for (const id of scenario.nodesDown ?? []) affected.add(nodes.get(id)!.regionCode);
  for (const m of scenario.migrations ?? []) affected.add(m.cityCode);

  const indicators: IndicatorChange[] = [];
  for (const code of [...affected].sort()) {
    const subject: Subject = code === PROVINCE_CODE
      ? { regionCodes: null, nodeIds: input.nodes.filter((n) => isLiveAt(n, ctx.nowMs)).map((n) => n.id), node: null, atMs: ctx.nowMs }
      : await citySubject(ctx, code, ctx.nowMs);
    const [usage, migration] = await Promise.all([usageAt(ctx, subject), migrationAt(ctx, subject)]);
    const sum = (inp: PlanningInput, field: 'total' | 'allocated') =>
      subject.nodeIds.reduce((s, id) => s + (inp.nodes.find((n) => n.id === id)?.down ? 0 : (inp.readings.get(id)?.[field] ?? 0)), 0);
    const before = { total: sum(input, 'total'), allocated: sum(input, 'allocated') };
    const afterVcpu = { total: sum(changed, 'total'), allocated: sum(changed, 'allocated') };
    // Other resources as they are, less those of nodes that went down.
    const downIds = subject.nodeIds.filter((id) => changed.nodes.find((n) => n.id === id)?.down);
    const figures: Partial<Record<Resource, AllocationFigures>> = { ...usage.figures, vcpu: { total: usage.figures.vcpu?.total ?? 0, allocated: usage.figures.vcpu?.allocated ?? 0 } };
    figures.vcpu = { total: figures.vcpu!.total + afterVcpu.total - before.total, allocated: figures.vcpu!.allocated + afterVcpu.allocated - before.allocated };
    if (downIds.length) {
      for (const r of ['memory', 'storage'] as const) {
        const readings = await ctx.loaders.capacity(r);
        const f = figures[r];
        if (!f) continue;
        for (const id of downIds) {
          f.total -= readings.get(id)?.values.total ?? 0;
          f.allocated -= readings.get(id)?.values.allocated ?? 0;
        }
      }
    }
    const moreOnCloud = (scenario.migrations ?? []).filter((m) => code === PROVINCE_CODE || m.cityCode === code).reduce((s, m) => s + m.systems, 0);
    const onCloudAfter = Math.min(migration.inScope, migration.onCloud + moreOnCloud);
    const city = cityByCode(code);
    indicators.push({
      code,
      nameZh: city?.nameZh ?? '全省',
      nameEn: city?.nameEn ?? 'Province',
      vcpuTotal: [usage.figures.vcpu?.total ?? 0, figures.vcpu.total],
      vcpuAllocated: [usage.figures.vcpu?.allocated ?? 0, figures.vcpu.allocated],
      usageRate: [usage.value, usageRate(figures)],
      migrationRate: [migration.value, migrationRate({ ...migration, onCloud: onCloudAfter })],
      onCloud: [migration.onCloud, onCloudAfter],
    });
  }

  const notesZh: string[] = [];
  const notesEn: string[] = [];
  for (const m of scenario.migrations ?? []) {
    const node = input.nodes.find((n) => n.regionCode === m.cityCode)!;
    notesZh.push(`${m.systems} 个系统下月迁入${node.nameZh}，按该节点现有系统平均 ${avg(node).toFixed(1)} vCPU/个，约增加分配 ${Math.round(m.systems * avg(node))} vCPU`);
    notesEn.push(`${m.systems} systems move onto ${node.nameEn} next month at its current average of ${avg(node).toFixed(1)} vCPU each: about ${Math.round(m.systems * avg(node))} vCPU more allocated`);
  }
  for (const id of scenario.nodesDown ?? []) {
    const n = nodes.get(id)!;
    const displaced = changed.requests.filter((r) => r.id.startsWith(`evacuate:${id}:`)).reduce((s, r) => s + r.vcpu, 0);
    notesZh.push(`${n.nameZh}停机：退出资源池，其已分配的 ${displaced} vCPU 需在其他节点安置（按 128 vCPU 分块，数据驻留要求暂不计）`);
    notesEn.push(`${n.nameEn} down: out of the pool; its ${displaced} allocated vCPU must be re-placed elsewhere (in 128-vCPU pieces; residency not modelled for displaced load)`);
  }
  notesZh.push('仅为推演：未修改任何数据。');
  notesEn.push('A what-if only: nothing was changed.');
  return { baseline, scenario: after, indicators, notesZh, notesEn };
}
