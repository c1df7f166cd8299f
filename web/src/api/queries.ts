/**
 * The console's query documents, one per panel so that one failing panel does not blank the others.
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type { NodesVcpuQuery } from './generated/graphql.ts';

export const META_QUERY = defineQuery(
  graphql(`
    query Meta {
      meta { simulated simulationSeed dataAsOf staleAfterSeconds }
    }
  `),
);

/** The provincial node alone carries the plan's 90,000 vCPU target (the province's total is not it). */
export const PROVINCE_VCPU_QUERY = defineQuery(
  graphql(`
    query ProvinceVcpu {
      province {
        nodeCount
        vcpu { total allocated used asOf stale staleNodes }
      }
      provincialNodes: nodes(kind: PROVINCIAL) {
        id nameZh nameEn
        vcpu { total asOf stale }
      }
    }
  `),
);

export const NODES_VCPU_QUERY = defineQuery(
  graphql(`
    query NodesVcpu {
      nodes {
        id kind nameZh nameEn regionCode
        vcpu { total allocated used asOf stale staleNodes }
      }
    }
  `),
);

export type NodeVcpu = NodesVcpuQuery['nodes'][number];

/** Who the bearer token stands for: which actions a page offers (the server enforces them regardless). */
export const VIEWER_QUERY = defineQuery(
  graphql(`
    query Viewer {
      viewer { username role readOnly anonymous city { code } }
    }
  `),
);
