import { assessmentFormulas, parsePeriodKey, type SettlementBand } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { ProviderIncident } from '../../generated/prisma/client.ts';
import { requireProvinceWriter } from '../reports/report-access.ts';
import { assessProviders, loadAssessmentConfig, saveAssessmentConfig } from './assessment-service.ts';
import { enterSatisfaction, recordIncident, type IncidentInput } from './provider-records.ts';

export const providersTypeDefs = /* GraphQL */ `
  enum IncidentSeverity { MINOR MAJOR CRITICAL }

  "A cloud service provider (云服务商) and the nodes it operates."
  type Provider { id: ID! nameZh: String! nameEn: String nodeIds: [String!]! }

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
    "Incidents that started in a period (e.g. 2026-10)."
    providerIncidents(period: String!): [ProviderIncident!]!
    assessmentConfig: AssessmentConfig!
    "The assessment computed now for a period (e.g. 2026-10); a report run freezes it."
    providerAssessment(period: String!): [ProviderAssessment!]!
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

/** Provider figures are the province's (settlement): city users do not see them. */
function requireProvinceViewer(ctx: RequestContext): void {
  if (ctx.viewer.cityScope !== null || ctx.viewer.role === 'KIOSK' || ctx.viewer.role === 'PROVIDER') {
    throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `${ctx.viewer.username} may not see provider assessments (province-wide settlement data)`);
  }
}

const configOut = async (ctx: RequestContext) => {
  const c = await loadAssessmentConfig(ctx.db.prisma);
  return { ...c, formulas: assessmentFormulas(c.weights, c.bands) };
};

export const providersResolvers: IResolvers = {
  Query: {
    providers: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
      const rows = await ctx.db.prisma.provider.findMany({ orderBy: { id: 'asc' }, include: { nodes: true } });
      return rows.map((p) => ({ id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, nodeIds: p.nodes.map((n) => n.nodeId).sort() }));
    },
    providerIncidents: async (_p: unknown, a: { period: string }, ctx: RequestContext) => {
      requireProvinceViewer(ctx);
      const p = periodArg(a.period);
      return ctx.db.prisma.providerIncident.findMany({ where: { startedAt: { gte: new Date(p.startMs), lt: new Date(p.endMs) } }, orderBy: { startedAt: 'asc' } });
    },
    assessmentConfig: (_p: unknown, _a: unknown, ctx: RequestContext) => configOut(ctx),
    providerAssessment: async (_p: unknown, a: { period: string }, ctx: RequestContext) => {
      requireProvinceViewer(ctx);
      const p = periodArg(a.period);
      if (p.startMs > ctx.nowMs) throw new GccError('GCC_ERR_PROVIDER_INPUT', `the period ${p.key} starts in the future`);
      const section = await assessProviders(ctx, p, Math.min(p.endMs, ctx.nowMs), []);
      return section.providers.map((r) => ({ ...r, settlementCoefficient: r.coefficient }));
    },
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
      if (ctx.viewer.readOnly || ctx.viewer.role === 'KIOSK' || ctx.viewer.role === 'PROVIDER') {
        throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `${ctx.viewer.username} may not enter satisfaction scores`);
      }
      return enterSatisfaction(ctx.db.prisma, a, ctx.viewer.username, ctx.viewer.cityScope);
    },
  },
  ProviderIncident: {
    responseMinutes: (i: ProviderIncident) => (i.respondedAt ? (i.respondedAt.getTime() - i.startedAt.getTime()) / 60_000 : null),
  },
  AssessmentConfig: {},
};
