/**
 * The console's query documents, one per panel so that one failing panel does not blank the others.
 */
import { defineQuery } from './client.ts';
import type { Capacity, Meta, Node, Province } from './schema.ts';

export const META_QUERY = defineQuery<{ meta: Meta }>(
  'Meta',
  /* GraphQL */ `
  query Meta {
    meta { simulated simulationSeed dataAsOf staleAfterSeconds }
  }
`,
);

/** The capacity fields the original panels read. */
export type CapacityCore = Pick<Capacity, 'total' | 'allocated' | 'used' | 'asOf' | 'stale' | 'staleNodes'>;

export type ProvinceVcpuData = {
  province: Pick<Province, 'nodeCount'> & { vcpu: CapacityCore };
  /** The provincial node alone: the plan's 90,000 vCPU target is the provincial node's, not the province's. */
  provincialNodes: (Pick<Node, 'id' | 'nameZh' | 'nameEn'> & { vcpu: Pick<Capacity, 'total' | 'asOf' | 'stale'> })[];
};

export const PROVINCE_VCPU_QUERY = defineQuery<ProvinceVcpuData>(
  'ProvinceVcpu',
  /* GraphQL */ `
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
`,
);

export type NodeVcpu = Pick<Node, 'id' | 'kind' | 'nameZh' | 'nameEn' | 'regionCode'> & { vcpu: CapacityCore };

export const NODES_VCPU_QUERY = defineQuery<{ nodes: NodeVcpu[] }>(
  'NodesVcpu',
  /* GraphQL */ `
  query NodesVcpu {
    nodes {
      id kind nameZh nameEn regionCode
      vcpu { total allocated used asOf stale staleNodes }
    }
  }
`,
);

export type ApiRole = 'PROVINCIAL_ADMIN' | 'PROVINCIAL_VIEWER' | 'CITY_ADMIN' | 'CITY_VIEWER' | 'OPERATOR' | 'PROVIDER' | 'KIOSK';

export type ViewerData = { viewer: { username: string; role: ApiRole | null; readOnly: boolean; anonymous: boolean; city: { code: string } | null } };

/** Who the bearer token stands for: which actions a page offers (the server enforces them regardless). */
export const VIEWER_QUERY = defineQuery<ViewerData>(
  'Viewer',
  /* GraphQL */ `
  query Viewer {
    viewer { username role readOnly anonymous city { code } }
  }
`,
);
