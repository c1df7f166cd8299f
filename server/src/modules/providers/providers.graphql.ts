import { assessmentFormulas, parsePeriodKey, type ProviderAssessmentRow, type SettlementBand } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { ProviderIncident } from '../../generated/prisma/client.ts';
import { requireProvinceWriter } from '../reports/report-access.ts';
import { openSnapshot } from '../reports/report-snapshot.ts';
import { assessProviders, loadAssessmentConfig, saveAssessmentConfig } from './assessment-service.ts';
import { requireAssessmentOf, requireSatisfactionWriter, servedDepartments } from './provider-access.ts';
import { enterSatisfaction, recordIncident, type IncidentInput } from './provider-records.ts';

export const providersTypeDefs = /* GraphQL */ `
  enum IncidentSeverity { MINOR MAJOR CRITICAL }

  "A cloud service provider (云服务商), the nodes it operates and the departments it serves (they score it)."
  type Provider {
    id: ID!
    nameZh: String!
    nameEn: String
    nodeIds: [String!]!
    "Codes of the departments it serves (they score it), in code order."
    departmentCodes: [String!]!
    "The same departments with their names, in code order."
    departments: [Department!]!
  }

  type ProviderIncident {
    id: ID!
    providerId: String!
    nodeId: String!
    severity: IncidentSeverity!
    startedAt: DateTime!
    respondedAt: DateTime
    reportedAt: DateTime
    resolvedAt: DateTime
    outage: Boolean!
    description: String!
    recordedBy: String!
    "Minutes from start to response; null until responded."
    responseMinutes: Float
  }

  type ProviderSatisfaction { providerId: String! month: String! departmentCode: String! score: Float! comment: String enteredBy: String! }

  type AssessmentWeights { availability: Float! responsiveness: Float! satisfaction: Float! }
  type SettlementBand { minScore: Float! coefficient: Float! }
  "The assessment's weights and settlement bands in force, with the formulas they give."
  type AssessmentConfig { weights: AssessmentWeights! bands: [SettlementBand!]! formulas: [Formula!]! updatedBy: String updatedAt: DateTime }

  type ProviderAssessment {
    providerId: ID!
    nameZh: String!
    nameEn: String
    nodeIds: [String!]!
    availability: Float
    downtimeMinutes: Int
    assessedMinutes: Int!
    responsiveness: Float
    incidents: Int!
    incidentsOnTime: Int!
    meanResponseMinutes: Float
    satisfaction: Float
    satisfactionScores: Int!
    "0–100, weighted over the components that have a value."
    score: Float
    settlementCoefficient: Float
  }

  "A provider's assessment as a finished provider-assessment report froze it: the basis of its settlement."
  type ProviderSettlement {
    runId: ID!
    periodKey: String!
    periodLabelZh: String!
    periodLabelEn: String!
    asOf: DateTime!
    "sha256 of the report's snapshot."
    contentHash: String!
    weights: AssessmentWeights!
    bands: [SettlementBand!]!
    assessment: ProviderAssessment!
    "A published bulletin (通报) of this report, if any."
    publishedBulletinId: ID
  }

  input AssessmentWeightsInput { availability: Float! responsiveness: Float! satisfaction: Float! }
  input SettlementBandInput { minScore: Float! coefficient: Float! }
  input IncidentInput {
    providerId: ID!
    nodeId: ID!
    severity: IncidentSeverity!
    startedAt: DateTime!
    respondedAt: DateTime
    reportedAt: DateTime
    resolvedAt: DateTime
    outage: Boolean
    description: String!
  }

  extend type Query {
    providers: [Provider!]!
    "Incidents that started in a period (e.g. 2026-10). A provider account sees its own only."
    providerIncidents(period: String!, providerId: ID): [ProviderIncident!]!
    assessmentConfig: AssessmentConfig!
    "The assessment computed now for a period (e.g. 2026-10); a report run freezes it. A provider account sees its own row only."
    providerAssessment(period: String!, providerId: ID): [ProviderAssessment!]!
    "Frozen assessments and settlement coefficients from finished provider-assessment reports, latest period first. A provider account sees its own only."
    providerSettlements(providerId: ID, limit: Int = 12): [ProviderSettlement!]!
  }

  extend type Mutation {
    setAssessmentConfig(weights: AssessmentWeightsInput!, bands: [SettlementBandInput!]!): AssessmentConfig!
    recordIncident(input: IncidentInput!): ProviderIncident!
    "A department's satisfaction score (0–100) for a provider and month (YYYY-MM); entering it again replaces it."
    enterSatisfaction(providerId: ID!, month: String!, departmentCode: String!, score: Float!, comment: String): ProviderSatisfaction!
  }
`;

function periodArg(key: string) {
  try {
    return parsePeriodKey(key);
  } catch (err) {
    throw new GccError('GCC_ERR_PROVIDER_INPUT', (err as Error).message);
  }
}

const assessmentOut = (r: ProviderAssessmentRow) => ({ ...r, settlementCoefficient: r.coefficient });

/** Frozen rows of finished provider-assessment runs, latest period first. */
async function settlements(ctx: RequestContext, providerId: string | null, limit: number) {
  const runs = await ctx.db.prisma.reportRun.findMany({
    where: { status: 'SUCCEEDED', definition: { kind: 'PROVIDER_ASSESSMENT' } },
    orderBy: [{ periodStart: 'desc' }, { finishedAt: 'desc' }],
    take: Math.min(60, Math.max(1, limit)),
    include: { bulletins: { where: { status: 'PUBLISHED' }, orderBy: { version: 'desc' }, take: 1, select: { id: true } } },
  });
  return runs.flatMap((run) => {
    const s = openSnapshot(run.snapshot!, run.contentHash!);
    return (s.providers?.providers ?? [])
      .filter((row) => providerId === null || row.providerId === providerId)
      .map((row) => ({
        runId: run.id, periodKey: s.period.key, periodLabelZh: s.period.label.zh, periodLabelEn: s.period.label.en, asOf: new Date(s.asOf),
        contentHash: run.contentHash, weights: s.providers!.weights, bands: s.providers!.bands, assessment: assessmentOut(row),
        publishedBulletinId: run.bulletins[0]?.id ?? null,
      }));
  });
}

const configOut = async (ctx: RequestContext) => {
  const c = await loadAssessmentConfig(ctx.db.prisma);
  return { ...c, formulas: assessmentFormulas(c.weights, c.bands) };
};

export const providersResolvers: IResolvers = {
  Query: {
    providers: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
      const [rows, served] = await Promise.all([
        ctx.db.prisma.provider.findMany({ orderBy: { id: 'asc' }, include: { nodes: true } }),
        servedDepartments(ctx.db.prisma),
      ]);
      const codes = [...new Set([...served.values()].flatMap((s) => [...s]))];
      const departments = new Map(
        (await ctx.db.prisma.department.findMany({ where: { code: { in: codes } }, select: { code: true, nameZh: true, nameEn: true } })).map((d) => [d.code, d]),
      );
      return rows.map((p) => {
        const departmentCodes = [...(served.get(p.id) ?? [])].sort();
        return {
          id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, nodeIds: p.nodes.map((n) => n.nodeId).sort(), departmentCodes,
          departments: departmentCodes.flatMap((c) => departments.get(c) ?? []),
        };
      });
    },
    providerIncidents: async (_p: unknown, a: { period: string; providerId?: string | null }, ctx: RequestContext) => {
      const providerId = requireAssessmentOf(ctx.viewer, a.providerId, 'provider incidents');
      const p = periodArg(a.period);
      return ctx.db.prisma.providerIncident.findMany({
        where: { startedAt: { gte: new Date(p.startMs), lt: new Date(p.endMs) }, ...(providerId ? { providerId } : {}) },
        orderBy: { startedAt: 'asc' },
      });
    },
    assessmentConfig: (_p: unknown, _a: unknown, ctx: RequestContext) => configOut(ctx),
    providerAssessment: async (_p: unknown, a: { period: string; providerId?: string | null }, ctx: RequestContext) => {
      const providerId = requireAssessmentOf(ctx.viewer, a.providerId);
      const p = periodArg(a.period);
      if (p.startMs > ctx.nowMs) throw new GccError('GCC_ERR_PROVIDER_INPUT', `the period ${p.key} starts in the future`);
      const section = await assessProviders(ctx, p, Math.min(p.endMs, ctx.nowMs), []);
      return section.providers.filter((r) => providerId === null || r.providerId === providerId).map(assessmentOut);
    },
    providerSettlements: (_p: unknown, a: { providerId?: string | null; limit?: number }, ctx: RequestContext) =>
      settlements(ctx, requireAssessmentOf(ctx.viewer, a.providerId, 'provider settlements'), a.limit ?? 12),
  },
  Mutation: {
    setAssessmentConfig: async (_p: unknown, a: { weights: Record<string, number>; bands: SettlementBand[] }, ctx: RequestContext) => {
      const actor = requireProvinceWriter(ctx.viewer, 'change the assessment weights');
      await saveAssessmentConfig(ctx.db.prisma, { ...a.weights }, a.bands.map((b) => ({ ...b })), actor);
      return configOut(ctx);
    },
    recordIncident: (_p: unknown, a: { input: IncidentInput }, ctx: RequestContext) =>
      recordIncident(ctx.db.prisma, a.input, requireProvinceWriter(ctx.viewer, 'record provider incidents')),
    enterSatisfaction: async (_p: unknown, a: { providerId: string; month: string; departmentCode: string; score: number; comment?: string | null }, ctx: RequestContext) => {
      requireSatisfactionWriter(ctx.viewer);
      return enterSatisfaction(ctx.db.prisma, a, ctx.viewer);
    },
  },
  ProviderIncident: {
    responseMinutes: (i: ProviderIncident) => (i.respondedAt ? (i.respondedAt.getTime() - i.startedAt.getTime()) / 60_000 : null),
  },
  AssessmentConfig: {},
};
