/**
 * The evaluation section of a report: each city's construction and docking status, migration and
 * usage rates against their targets at the deadline and now, rankings, gaps, the trend over the
 * period and plan vs actual. Every figure comes from the services behind the GraphQL API
 * (indicators, rankings, milestones) at the report's instant, so the report and the console agree.
 */
import {
  allocationByNode, MIGRATION_RATE_TARGET, migrationRate, RESOURCES, systemCountsAt, usageRate, USAGE_RATE_TARGET,
  type CityReportRow, type EvaluationSection, type MilestoneReportRow, type ReportNote, type ReportPeriod,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';
import { isLiveAt, type NodeReadings } from '../capacity/capacity-service.ts';
import { allCities, type CityView } from '../federation/federation-service.ts';
import { DAY_MS, systemsByRegion, type Figures } from '../indicators/indicator-loaders.ts';
import { citySubject, evaluationOf, migrationAt, scopeOf, usageAt, type Subject } from '../indicators/indicators-service.ts';
import { rankCities } from '../indicators/rankings.ts';
import { milestoneProgress, milestones } from '../milestones/milestones-service.ts';

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** Trend points: each China day's end in the period (each week's end for a quarter or longer), up to asOf. */
export function trendInstants(period: ReportPeriod, asOfMs: number): number[] {
  const step = period.endMs - period.startMs > 40 * DAY_MS ? 7 * DAY_MS : DAY_MS;
  const out: number[] = [];
  for (let t = period.startMs + step; t <= Math.min(period.endMs, asOfMs); t += step) out.push(t);
  if (out.at(-1) !== asOfMs && asOfMs > period.startMs && asOfMs <= period.endMs) out.push(asOfMs);
  return out;
}

/** Daily allocation figures per node at the trend's instants: one range query per resource for every node. */
async function figuresAt(ctx: RequestContext, instants: number[]): Promise<Map<string, Map<number, Figures>>> {
  const out = new Map<string, Map<number, Figures>>();
  if (!instants.length) return out;
  // Instants on a regular grid, except perhaps the last (asOf): read that one separately.
  const grid = instants.length > 1 ? instants.slice(0, -1) : [];
  const stepMs = grid.length > 1 ? grid[1]! - grid[0]! : DAY_MS;
  await Promise.all(
    RESOURCES.map(async (resource) => {
      const add = (node: string, t: number, measure: string, v: number) => {
        if (measure !== 'total' && measure !== 'allocated') return;
        const byT = out.get(node) ?? new Map<number, Figures>();
        ((byT.get(t) ?? byT.set(t, {}).get(t)!)[resource] ??= { total: 0, allocated: 0 })[measure] = v;
        out.set(node, byT);
      };
      if (grid.length) {
        const series = await ctx.vm.range(allocationByNode(resource, '7d'), grid[0]!, grid.at(-1)!, stepMs, { exactGrid: true });
        for (const s of series) for (const [t, v] of s.points) add(s.metric.node ?? '', t, s.metric.measure ?? '', v);
      }
      const last = instants.at(-1)!;
      for (const s of await ctx.vm.instant(allocationByNode(resource, '7d'), last)) add(s.metric.node ?? '', last, s.metric.measure ?? '', s.value);
    }),
  );
  return out;
}

/** vCPU total / allocated / used over some nodes, from the same readings the capacity API answers with. */
function vcpuOf(nodeIds: readonly string[], readings: NodeReadings): { total: number | null; allocated: number | null; used: number | null } {
  const sum = (m: 'total' | 'allocated' | 'used') => {
    const vals = nodeIds.map((id) => readings.get(id)?.values[m]).filter((v): v is number => v !== undefined);
    return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
  };
  return { total: sum('total'), allocated: sum('allocated'), used: sum('used') };
}

function sumFigures(list: (Figures | undefined)[]): Figures {
  const f: Figures = {};
  for (const x of list) {
    if (!x) continue;
    for (const r of RESOURCES) {
      const v = x[r];
      if (!v) continue;
      const into = (f[r] ??= { total: 0, allocated: 0 });
      into.total += v.total;
      into.allocated += v.allocated;
    }
  }
  return f;
}

export interface EvaluationInput {
  ctx: RequestContext;
  period: ReportPeriod;
  asOfMs: number;
  /** null = the whole province; else one city. */
  cityCode: string | null;
  /** The period has not ended: figures are live, and a node that stopped reporting is worth a note. */
  inProgress: boolean;
  notes: ReportNote[];
}

export async function buildEvaluationSection({ ctx, period, asOfMs, cityCode, inProgress, notes }: EvaluationInput): Promise<EvaluationSection> {
  const nodes = await ctx.loaders.allNodes();
  const cities = allCities();
  const shown = cityCode ? cities.filter((c) => c.code === cityCode) : cities;
  const startMs = period.startMs;
  const instants = trendInstants(period, asOfMs);

  const [rankMigration, rankUsage, figures, systems] = await Promise.all([
    rankCities(ctx, cities, 'MIGRATION_RATE', asOfMs),
    rankCities(ctx, cities, 'USAGE_RATE', asOfMs),
    figuresAt(ctx, [...new Set([startMs, ...instants])].sort((a, b) => a - b)),
    systemsByRegion(ctx),
  ]);
  const rankOf = (list: typeof rankMigration, code: string) => list.find((r) => r.city.code === code)?.rank ?? null;

  const usageAtInstant = (nodeIds: string[], t: number) => usageRate(sumFigures(nodeIds.map((id) => figures.get(id)?.get(t))));
  const migrationAtInstant = (codes: string[] | null, t: number) => {
    const list = codes === null ? [...systems.values()].flat() : codes.flatMap((c) => systems.get(c) ?? []);
    return migrationRate(systemCountsAt(list, new Date(t)));
  };

  const rows: CityReportRow[] = [];
  const cityTrends: EvaluationSection['trend']['cities'] = {};
  for (const city of shown) {
    const cityNodes = nodes.filter((n) => n.regionCode === city.code);
    rows.push(await cityRow(ctx, city, cityNodes, { period, asOfMs, inProgress, rankOf: (c) => [rankOf(rankMigration, c), rankOf(rankUsage, c)], usageAtInstant, migrationAtInstant, notes }));
    cityTrends[city.code] = {
      migration: instants.map((t) => migrationAtInstant([city.code], t)),
      usage: instants.map((t) => (cityNodes.some((n) => isLiveAt(n, t)) ? usageAtInstant(cityNodes.map((n) => n.id), t) : null)),
    };
  }

  // The province as a whole (all nodes, all systems), or for a city report the city again.
  const provinceSubject: Subject = cityCode
    ? await citySubject(ctx, cityCode, asOfMs)
    : { regionCodes: null, nodeIds: nodes.map((n) => n.id), node: null, atMs: asOfMs };
  const [pm, pu, vcpuReadings] = await Promise.all([migrationAt(ctx, provinceSubject), usageAt(ctx, provinceSubject), ctx.loaders.capacity('vcpu', asOfMs)]);
  const evaluated = rows.filter((r) => r.scope === 'evaluated');
  const allNodeIds = provinceSubject.nodeIds as string[];

  let milestoneRows: MilestoneReportRow[] = [];
  if (!cityCode) {
    milestoneRows = await Promise.all(
      (await milestones(ctx)).map(async (m) => {
        const p = await milestoneProgress(ctx, m, asOfMs);
        return {
          code: m.code, titleZh: m.titleZh, titleEn: m.titleEn, unit: m.unit, plannedValue: m.targetValue, dueDate: day(m.dueDate),
          actualAtDue: p.actualAtDue, actualNow: p.actualNow, achievedOn: day(p.achievedOn), status: p.status,
        };
      }),
    );
  }

  return {
    targets: { migration: MIGRATION_RATE_TARGET, usage: USAGE_RATE_TARGET },
    province: {
      migration: pm.value,
      usage: pu.value,
      utilization: pu.utilization,
      registered: pm.registered,
      onCloud: pm.onCloud,
      inScope: pm.inScope,
      vcpu: vcpuOf(allNodeIds, vcpuReadings),
      citiesEvaluated: evaluated.length,
      citiesPassing: evaluated.filter((r) => r.status === 'met' || r.status === 'on-track').length,
      citiesFailing: evaluated.filter((r) => r.status === 'missed' || r.status === 'at-risk').length,
    },
    cities: rows,
    milestones: milestoneRows,
    trend: {
      t: instants.map((t) => new Date(t).toISOString()),
      migration: instants.map((t) => migrationAtInstant(cityCode ? [cityCode] : null, t)),
      usage: instants.map((t) => usageAtInstant(allNodeIds, t)),
      cities: cityTrends,
    },
  };
}

interface RowHelpers {
  period: ReportPeriod;
  asOfMs: number;
  inProgress: boolean;
  rankOf(code: string): [number | null, number | null];
  usageAtInstant(nodeIds: string[], t: number): number | null;
  migrationAtInstant(codes: string[], t: number): number | null;
  notes: ReportNote[];
}

async function cityRow(ctx: RequestContext, city: CityView, cityNodes: Node[], h: RowHelpers): Promise<CityReportRow> {
  const node = cityNodes[0] ?? null;
  const s = await citySubject(ctx, city.code, h.asOfMs);
  const [m, u, e] = await Promise.all([migrationAt(ctx, s), usageAt(ctx, s), evaluationOf(ctx, s)]);
  const live = node !== null && isLiveAt(node, h.asOfMs);
  const liveAtStart = node !== null && isLiveAt(node, h.period.startMs);
  const wentLiveInPeriod = live && !liveAtStart;
  const [rankM, rankU] = h.rankOf(city.code);
  if (wentLiveInPeriod) {
    h.notes.push({
      code: 'went-live-mid-period', subject: city.code,
      zh: `${city.nameZh}节点于 ${day(node!.goLiveDate)} 上线（期中上线）：其资源使用率自上线日起计，期初值与期内变化不适用`,
      en: `${city.nameEn}'s node went live on ${day(node!.goLiveDate)}, within the period: its usage counts from then; no start-of-period value or change`,
    });
  }
  if (!live) {
    h.notes.push({
      code: 'not-live', subject: city.code,
      zh: node ? `${city.nameZh}节点尚未上线（计划 ${day(node.plannedGoLiveDate) ?? '未定'}）：不计算资源使用率，不参加使用率排名` : `${city.nameZh}在登记库中没有节点`,
      en: node ? `${city.nameEn}'s node is not live yet (planned ${day(node.plannedGoLiveDate) ?? 'not set'}): no usage rate, not ranked by usage` : `${city.nameEn} has no node in the registry`,
    });
  }
  // Staleness is a live notion: at a past period's end the latest sample then is the figure (history
  // imported at a coarse step is not "stale").
  if (h.inProgress && u.staleNodes.length) {
    h.notes.push({
      code: 'stale', subject: city.code,
      zh: `${city.nameZh}：节点 ${u.staleNodes.join('、')} 截至报告时点超过 15 分钟未上报，使用其最后一次数据`,
      en: `${city.nameEn}: node ${u.staleNodes.join(', ')} had not reported for over 15 minutes at the report's instant; its last figures are used`,
    });
  }
  const nodeIds = cityNodes.map((n) => n.id);
  return {
    code: city.code,
    nameZh: city.nameZh,
    nameEn: city.nameEn,
    group: city.group === 'PRD' ? 'prd' : 'province-built',
    nodeId: node?.id ?? null,
    construction: {
      state: !node ? 'none' : live ? 'live' : 'planned',
      goLiveDate: day(node?.goLiveDate),
      plannedGoLiveDate: day(node?.plannedGoLiveDate),
      dockingDate: day(node?.dockingDate),
      plannedDockingDate: day(node?.plannedDockingDate),
      interconnectDate: day(node?.interconnectDate),
      wentLiveInPeriod,
    },
    scope: scopeOf(s),
    deadline: e ? day(e.deadline) : null,
    daysLeft: e ? e.daysLeft : null,
    status: e?.status ?? null,
    migration: {
      value: m.value,
      atStart: h.migrationAtInstant([city.code], h.period.startMs),
      status: e?.migration.status ?? null,
      atDeadline: e?.migration.atDeadline ?? null,
      projected: e?.migration.projected ?? null,
      gap: e ? { zh: e.migration.gap.zh, en: e.migration.gap.en } : null,
      rank: rankM,
      registered: m.registered,
      onCloud: m.onCloud,
      inScope: m.inScope,
      classified: m.classified,
      exempt: m.exempt,
    },
    usage: {
      value: live ? u.value : null,
      atStart: liveAtStart ? h.usageAtInstant(nodeIds, h.period.startMs) : null,
      status: e?.usage.status ?? null,
      atDeadline: e?.usage.atDeadline ?? null,
      projected: e?.usage.projected ?? null,
      gap: e ? { zh: e.usage.gap.zh, en: e.usage.gap.en } : null,
      rank: live ? rankU : null,
      vcpu: live ? u.ratios.vcpu : null,
      memory: live ? u.ratios.memory : null,
      storage: live ? u.ratios.storage : null,
      utilization: live ? u.utilization : null,
      stale: u.staleNodes.length > 0,
    },
    vcpu: live ? vcpuOf(nodeIds, await ctx.loaders.capacity('vcpu', h.asOfMs)) : { total: null, allocated: null, used: null },
  };
}
