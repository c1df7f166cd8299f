import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { collectedCredibility } from './credibility-service.ts';
import { isLiveAt, isStale } from '../capacity/capacity-service.ts';

export const credibilityTypeDefs = /* GraphQL */ `
  enum DataOrigin {
    "Pulled from the nodes' CMPs by the collectors into VictoriaMetrics."
    COLLECTED
    "Counted from the registry (business systems, node dates) in the database."
    REGISTRY
  }

  type DataSource {
    nodeId: ID!
    nameZh: String!
    nameEn: String!
    cmpKind: CmpKind!
    "The collector's last good pull of this node (gcc_collector_last_success_timestamp_seconds)."
    lastGoodPull: DateTime
    "No sample newer than the stale threshold (STALE_AFTER_SECONDS)."
    stale: Boolean!
  }

  "Where a number comes from and how fresh it is."
  type Credibility {
    origin: DataOrigin!
    sources: [DataSource!]!
    "The oldest last good pull among the sources (null if one was never pulled): the number is at least this fresh."
    lastGoodPull: DateTime
    stale: Boolean!
    staleNodes: [ID!]!
  }

  extend type Node {
    "The node's own data: stale when it is live and its newest vCPU sample is older than the threshold."
    credibility: Credibility
  }
`;

export const credibilityResolvers: IResolvers = {
  Node: {
    credibility: async (node: { id: string; goLiveDate: Date | null }, _a: unknown, ctx: RequestContext) => {
      const readings = await ctx.loaders.capacity('vcpu');
      const stale = isLiveAt(node, ctx.nowMs) && isStale(readings.get(node.id), ctx.nowMs);
      return collectedCredibility(ctx, [node.id], stale ? [node.id] : [], ctx.nowMs);
    },
  },
};
