/**
 * Provider assessment for a period (seed 003 art. 20, seed 001 §4.2): availability from collected
 * data and outage incidents, responsiveness from incident records, satisfaction from the
 * departments' scores, then the weighted score and the settlement coefficient with the weights and
 * bands in force (stored in ProviderAssessmentConfig, defaults in @gcc/domain).
 */
import {
  assessmentConfigProblems, assessmentScore, chinaDay, DEFAULT_ASSESSMENT_WEIGHTS, DEFAULT_SETTLEMENT_BANDS, INCIDENT_RESPONSE_MINUTES,
  settlementCoefficient, type AssessmentWeights, type ProviderAssessmentRow, type ProviderSection, type ReportNote, type ReportPeriod,
  type SettlementBand,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { nodesAvailability, type Interval } from './availability.ts';

export interface AssessmentConfig {
  weights: AssessmentWeights;
  bands: SettlementBand[];
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function loadAssessmentConfig(prisma: PrismaClient): Promise<AssessmentConfig> {
  const row = await prisma.providerAssessmentConfig.findUnique({ where: { id: 1 } });
  if (!row) return { weights: DEFAULT_ASSESSMENT_WEIGHTS, bands: [...DEFAULT_SETTLEMENT_BANDS], updatedBy: null, updatedAt: null };
  return { weights: row.weights as unknown as AssessmentWeights, bands: row.bands as unknown as SettlementBand[], updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

export async function saveAssessmentConfig(prisma: PrismaClient, weights: Record<string, unknown>, bands: SettlementBand[], actor: string): Promise<AssessmentConfig> {
  const problems = assessmentConfigProblems(weights, bands);
  if (problems.length) throw new GccError('GCC_ERR_PROVIDER_INPUT', `the assessment configuration is not valid: ${problems.join('; ')}`);
  const sorted = [...bands].sort((a, b) => b.minScore - a.minScore);
  const data = { weights: weights as never, bands: sorted as never, updatedBy: actor };
  await prisma.providerAssessmentConfig.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
  return loadAssessmentConfig(prisma);
}

/** The months (YYYY-MM, China time) a period touches: satisfaction is scored per month. */
export function monthsOf(period: Pick<ReportPeriod, 'startMs' | 'endMs'>): string[] {
  const months: string[] = [];
  for (let t = period.startMs; t < period.endMs; ) {
    const m = chinaDay(t).slice(0, 7);
    if (months.at(-1) !== m) months.push(m);
    t += 86_400_000;
  }
  return months;
}

export async function assessProviders(ctx: RequestContext, period: ReportPeriod, asOfMs: number, notes: ReportNote[]): Promise<ProviderSection> {
  const prisma = ctx.db.prisma;
  const endMs = Math.min(period.endMs, asOfMs);
  const [config, providers, nodes] = await Promise.all([
    loadAssessmentConfig(prisma),
    prisma.provider.findMany({
      orderBy: { id: 'asc' },
      include: {
        nodes: true,
        incidents: { where: { startedAt: { lt: new Date(endMs) }, OR: [{ resolvedAt: null }, { resolvedAt: { gt: new Date(period.startMs) } }] } },
        satisfaction: { where: { month: { in: monthsOf(period) } } },
      },
    }),
    ctx.loaders.allNodes(),
  ]);
  if (!providers.length) {
    notes.push({ code: 'no-data', zh: '登记库中没有云服务商：本期无考核结果', en: 'The registry has no cloud providers: nothing to assess this period' });
  }
  const outages = new Map<string, Interval[]>();
  for (const p of providers) {
    for (const i of p.incidents) {
      if (!i.outage) continue;
      const list = outages.get(i.nodeId) ?? [];
      list.push({ from: i.startedAt.getTime(), to: (i.resolvedAt ?? new Date(endMs)).getTime() });
      outages.set(i.nodeId, list);
    }
  }
  const assessedNodes = nodes.filter((n) => providers.some((p) => p.nodes.some((x) => x.nodeId === n.id)));
  const availability = await nodesAvailability(ctx, assessedNodes, period.startMs, endMs, outages);

  const rows: ProviderAssessmentRow[] = providers.map((p) => {
    const nodeIds = p.nodes.map((n) => n.nodeId).sort();
    const av = nodeIds.map((id) => availability.get(id)).filter((a) => a !== undefined);
    const collected = av.filter((a) => a.collected);
    const assessedMs = collected.reduce((s, a) => s + a.assessedMs, 0);
    const downtimeMs = collected.reduce((s, a) => s + a.downtimeMs, 0);
    const availabilityValue = assessedMs > 0 ? 1 - downtimeMs / assessedMs : null;
    if (!nodeIds.length) notes.push({ code: 'no-nodes', subject: p.id, zh: `${p.nameZh}未登记负责的节点：不计可用率`, en: `${p.nameEn ?? p.id} operates no registered node: no availability` });
    else if (availabilityValue === null) {
      notes.push({ code: 'no-capacity-data', subject: p.id, zh: `${p.nameZh}负责的节点本期无采集数据（或尚未上线）：不计可用率，权重按比例分配给其他项`, en: `No data was collected this period from ${p.nameEn ?? p.id}'s nodes (or none was live): availability is left out and its weight shared by the others` });
    }
    const inPeriod = p.incidents.filter((i) => i.startedAt.getTime() >= period.startMs && i.startedAt.getTime() < endMs);
    const onTime = inPeriod.filter(
      (i) => i.respondedAt !== null && i.respondedAt.getTime() - i.startedAt.getTime() <= INCIDENT_RESPONSE_MINUTES * 60_000
        && i.reportedAt !== null && chinaDay(i.reportedAt.getTime()) === chinaDay(i.startedAt.getTime()),
    ).length;
    const responded = inPeriod.filter((i) => i.respondedAt !== null);
    if (!inPeriod.length) notes.push({ code: 'no-incidents', subject: p.id, zh: `${p.nameZh}本期无故障记录：响应及时率计 100%`, en: `${p.nameEn ?? p.id} had no incidents this period: responsiveness counts as 100%` });
    const responsiveness = inPeriod.length ? onTime / inPeriod.length : 1;
    const scores = p.satisfaction.map((s) => s.score);
    const satisfaction = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length / 100 : null;
    if (satisfaction === null) {
      notes.push({ code: 'no-satisfaction', subject: p.id, zh: `${p.nameZh}本期无部门满意度评分：满意度不计，权重按比例分配给其他项`, en: `No department scored ${p.nameEn ?? p.id} this period: satisfaction is left out and its weight shared by the others` });
    }
    const score = assessmentScore({ availability: availabilityValue, responsiveness, satisfaction }, config.weights);
    return {
      providerId: p.id,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      nodeIds,
      availability: availabilityValue,
      downtimeMinutes: availabilityValue === null ? null : Math.round(downtimeMs / 60_000),
      assessedMinutes: Math.round(assessedMs / 60_000),
      responsiveness,
      incidents: inPeriod.length,
      incidentsOnTime: onTime,
      meanResponseMinutes: responded.length ? responded.reduce((s, i) => s + (i.respondedAt!.getTime() - i.startedAt.getTime()), 0) / responded.length / 60_000 : null,
      satisfaction,
      satisfactionScores: scores.length,
      score,
      coefficient: settlementCoefficient(score, config.bands),
    };
  });
  return { weights: config.weights, bands: config.bands, providers: rows };
}
