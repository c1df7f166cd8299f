import { FORMULAS, MIGRATION_RATE_TARGET, USAGE_RATE_TARGET } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';
import { RESOURCE_ENUM } from '../capacity/capacity.graphql.ts';
import { collectedCredibility, REGISTRY_CREDIBILITY } from '../credibility/credibility-service.ts';
import { allCities, type CityView } from '../federation/federation-service.ts';
import { resolveAt } from '../inputs.ts';
import { citySubject, enumValue, evaluationOf, migrationAt, scopeOf, usageAt, type Evaluation, type Gap, type IndicatorEvaluation, type Subject } from './indicators-service.ts';
import { rankCities, type RankingEntry, type RankingKey } from './rankings.ts';

export const indicatorsTypeDefs = /* GraphQL */ `
  "A formula as data, to print beside the number it produced."
  type Formula { code: String! zh: String! en: String! }

  enum EvaluationScope {
    "Subject to the one-year uptake rule."
    EVALUATED
    "A PRD city cloud docked for unified display, not interconnected: shown, not evaluated."
    DISPLAY_ONLY
    "No go-live (or interconnection) yet."
    NOT_LIVE
    "The provincial node and the province answer to the plan's milestones instead."
    PROVINCIAL
  }
  enum EvaluationBasis { GO_LIVE INTERCONNECT }
  "Before the deadline ON_TRACK / AT_RISK (from the projection); after it MET / MISSED (from the value at the deadline)."
  enum IndicatorStatus { ON_TRACK AT_RISK MET MISSED }

  type MigrationRate {
    "onCloud ÷ inScope; null when nothing is in scope."
    value: Float
    registered: Int!
    onCloud: Int!
    classified: Int!
    exempt: Int!
    "registered − classified − exempt."
    inScope: Int!
    target: Float!
    formula: Formula!
    credibility: Credibility!
  }

  type UsageRate {
    "Equal-weight mean of the allocation ratios of vCPU, memory and storage."
    value: Float
    "Allocation ratios (allocated ÷ total) per resource."
    vcpu: Float
    memory: Float
    storage: Float
    "Actual utilization, shown beside the usage rate: the same mean over used ÷ total."
    utilization: Float
    utilizationFormula: Formula!
    target: Float!
    formula: Formula!
    credibility: Credibility!
  }

  type Trend {
    windowDays: Int!
    "Daily values the line was fitted to."
    points: Int!
    slopePerDay: Float!
    formula: Formula!
  }

  type ResourceGap {
    resource: Resource!
    "Base units (vCPU or bytes) to allocate with the other resources unchanged; null when this resource alone cannot close the gap."
    amount: Float
    displayAmount: Float
    displayUnit: String!
  }

  "What it takes to pass now, computed from the current values."
  type Gap {
    met: Boolean!
    "Systems that must still migrate, or vCPU that must still be allocated."
    amount: Float
    unit: String!
    zh: String!
    en: String!
    byResource: [ResourceGap!]!
  }

  type IndicatorEvaluation {
    status: IndicatorStatus!
    target: Float!
    current: Float
    "The value at the end of the deadline day (China time), once it has passed."
    atDeadline: Float
    "Before the deadline: the recent trend extended to it."
    projected: Float
    trend: Trend
    gap: Gap!
  }

  type Evaluation {
    basis: EvaluationBasis!
    start: Date!
    deadline: Date!
    deadlineInstant: DateTime!
    daysLeft: Int!
    "The worst of the two indicators: a city passes only if both pass."
    status: IndicatorStatus!
    migration: IndicatorEvaluation!
    usage: IndicatorEvaluation!
    formula: Formula!
  }

  type Indicators {
    at: DateTime!
    scope: EvaluationScope!
    migrationRate: MigrationRate!
    "From VictoriaMetrics: null (with an error) when it is unavailable; the migration rate still answers."
    usageRate: UsageRate
    "Null unless scope is EVALUATED."
    evaluation: Evaluation
  }

  enum RankingKey { MIGRATION_RATE USAGE_RATE UTILIZATION }

  type RankingEntry {
    "1 = best; equal values share a rank; null values are last, unranked."
    rank: Int
    value: Float
    city: City!
    status: IndicatorStatus
    scope: EvaluationScope!
  }

  extend type Node { indicators(at: DateTime): Indicators! }
  extend type City { indicators(at: DateTime): Indicators! }
  extend type Province { indicators(at: DateTime): Indicators! }

  extend type Query {
    "Every formula the server uses."
    formulas: [Formula!]!
    "The 21 cities ranked (at defaults to now)."
    rankings(by: RankingKey!, at: DateTime, group: CityGroup): [RankingEntry!]
  }
`;

type AtArgs = { at?: Date | null };

const gapOut = (g: Gap) => ({ ...g, byResource: g.byResource.map((r) => ({ ...r, resource: RESOURCE_ENUM[r.resource] })) });
const indicatorOut = (i: IndicatorEvaluation) => ({
  ...i,
  status: enumValue(i.status),
  trend: i.trend && { ...i.trend, formula: FORMULAS.projection },
  gap: gapOut(i.gap),
});

export const indicatorsResolvers: IResolvers = {
  Query: {
    formulas: () => Object.values(FORMULAS),
    rankings: async (_p: unknown, args: AtArgs & { by: RankingKey; group?: string | null }, ctx: RequestContext) => {
      const atMs = resolveAt(args.at, ctx.nowMs);
      const cities = allCities().filter((c) => !args.group || c.group === args.group);
      return rankCities(ctx, cities, args.by, atMs);
    },
  },
  Node: {
    indicators: (node: Node, args: AtArgs, ctx: RequestContext): Subject => ({
      regionCodes: [node.regionCode],
      nodeIds: [node.id],
      node,
      atMs: resolveAt(args.at, ctx.nowMs),
    }),
  },
  City: {
    indicators: (city: CityView, args: AtArgs, ctx: RequestContext) => citySubject(ctx, city.code, resolveAt(args.at, ctx.nowMs)),
  },
  Province: {
    indicators: async (_p: unknown, args: AtArgs, ctx: RequestContext): Promise<Subject> => ({
      regionCodes: null,
      nodeIds: (await ctx.loaders.allNodes()).map((n) => n.id),
      node: null,
      atMs: resolveAt(args.at, ctx.nowMs),
    }),
  },
  RankingEntry: {
    status: async (r: RankingEntry, _a: unknown, ctx: RequestContext) => {
      const e = await evaluationOf(ctx, r.subject);
      return e ? enumValue(e.status) : null;
    },
  },
  Indicators: {
    at: (s: Subject) => new Date(s.atMs),
    scope: (s: Subject) => enumValue(scopeOf(s)),
    migrationRate: async (s: Subject, _a: unknown, ctx: RequestContext) => ({
      ...(await migrationAt(ctx, s)),
      target: MIGRATION_RATE_TARGET,
      formula: FORMULAS.migrationRate,
      credibility: REGISTRY_CREDIBILITY,
    }),
    usageRate: async (s: Subject, _a: unknown, ctx: RequestContext) => {
      const u = await usageAt(ctx, s);
      return {
        value: u.value,
        ...u.ratios,
        utilization: u.utilization,
        utilizationFormula: FORMULAS.utilization,
        target: USAGE_RATE_TARGET,
        formula: FORMULAS.usageRate,
        credibility: await collectedCredibility(ctx, s.nodeIds, u.staleNodes, s.atMs),
      };
    },
    evaluation: async (s: Subject, _a: unknown, ctx: RequestContext) => {
      const e: Evaluation | null = await evaluationOf(ctx, s);
      if (!e) return null;
      return {
        ...e,
        basis: enumValue(e.basis),
        status: enumValue(e.status),
        migration: indicatorOut(e.migration),
        usage: indicatorOut(e.usage),
        formula: FORMULAS.evaluationDeadline,
      };
    },
  },
};
