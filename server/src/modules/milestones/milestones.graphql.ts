import { PROVINCIAL_NODE_ID } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { collectedCredibility, REGISTRY_CREDIBILITY } from '../credibility/credibility-service.ts';
import { isStale } from '../capacity/capacity-service.ts';
import { enumValue } from '../indicators/indicators-service.ts';
import { resolveAt } from '../inputs.ts';
import { milestoneProgress, milestones, type MilestoneProgress, type NodeProgress } from './milestones-service.ts';

export const milestonesTypeDefs = /* GraphQL */ `
  type NodeMilestone {
    node: Node!
    plannedDate: Date
    "This node's own due date (e.g. go-live + 6 months for its security platform, or its evaluation deadline)."
    dueDate: Date
    actualDate: Date
    "For per-city rate targets: the value at the deadline, or the current value before it."
    actualValue: Float
    status: IndicatorStatus
  }

  "A milestone of the plan (粤办函〔2019〕288号) with its actual progress."
  type MilestoneProgress {
    code: ID!
    kind: String!
    titleZh: String!
    titleEn: String!
    source: String!
    "VCPU, NODES, SYSTEMS or RATIO."
    unit: String!
    plannedValue: Float!
    "Null for targets relative to each node's go-live (see nodes)."
    dueDate: Date
    relativeMonths: Int
    "The actual value at the end of the due date (China time); null before it."
    actualAtDue: Float
    "The actual value at the request's instant (for per-city targets: the number of cities that met it)."
    actualNow: Float
    "The day the target was first reached (daily resolution), whether before or after the due date."
    achievedOn: Date
    "MET / MISSED after the due date; ON_TRACK / AT_RISK before it."
    status: IndicatorStatus
    nodes: [NodeMilestone!]!
    credibility: Credibility!
  }

  extend type Query {
    "Plan vs actual for every milestone, at an instant (default now)."
    milestones(at: DateTime): [MilestoneProgress!]
  }
`;

type Progress = MilestoneProgress & { atMs: number };

export const milestonesResolvers: IResolvers = {
  Query: {
    milestones: async (_p: unknown, args: { at?: Date | null }, ctx: RequestContext) => {
      const atMs = resolveAt(args.at, ctx.nowMs);
      const all = await milestones(ctx);
      if (!all.length) throw new GccError('GCC_ERR_DB_UNREACHABLE', 'the registry holds no plan milestones: reference data was not written');
      return Promise.all(all.map(async (m) => ({ ...(await milestoneProgress(ctx, m, atMs)), atMs })));
    },
  },
  MilestoneProgress: {
    code: (p: Progress) => p.milestone.code,
    kind: (p: Progress) => p.milestone.kind,
    titleZh: (p: Progress) => p.milestone.titleZh,
    titleEn: (p: Progress) => p.milestone.titleEn,
    source: (p: Progress) => p.milestone.source,
    unit: (p: Progress) => p.milestone.unit,
    plannedValue: (p: Progress) => p.milestone.targetValue,
    dueDate: (p: Progress) => p.milestone.dueDate,
    relativeMonths: (p: Progress) => p.milestone.relativeMonths,
    status: (p: Progress) => (p.status ? enumValue(p.status) : null),
    credibility: async (p: Progress, _a: unknown, ctx: RequestContext) => {
      if (!p.milestone.kind.startsWith('provincial-vcpu')) return REGISTRY_CREDIBILITY;
      const stale = isStale((await ctx.loaders.capacity('vcpu', p.atMs)).get(PROVINCIAL_NODE_ID), p.atMs);
      return collectedCredibility(ctx, [PROVINCIAL_NODE_ID], stale ? [PROVINCIAL_NODE_ID] : [], p.atMs);
    },
  },
  NodeMilestone: {
    status: (n: NodeProgress) => (n.status ? enumValue(n.status) : null),
  },
};
