/**
 * Response types for the server's GraphQL schema, written by hand to mirror its SDL
 * (DateTime = ISO string, Date = 'YYYY-MM-DD'). Change them together with the server.
 */
import type { NodeKind } from '@gcc/domain';

export type ApiNodeKind = 'PROVINCIAL' | 'CITY' | 'PRD';

export interface Meta {
  simulated: boolean;
  simulationSeed: number | null;
  dataAsOf: string | null;
}

/** vCPU in counts; memory and storage in bytes (display with RESOURCE_METRICS). null = no data. */
export interface Capacity {
  total: number | null;
  allocated: number | null;
  used: number | null;
  asOf: string | null;
  stale: boolean;
  staleNodes: string[];
}

export interface Province {
  vcpu: Capacity;
  memory: Capacity;
  storage: Capacity;
  nodeCount: number;
}

export interface Node {
  id: string;
  kind: ApiNodeKind;
  nameZh: string;
  nameEn: string;
  regionCode: string;
  goLiveDate: string | null;
  vcpu: Capacity;
}

const KINDS: Readonly<Record<ApiNodeKind, NodeKind>> = Object.freeze({ PROVINCIAL: 'provincial', CITY: 'city', PRD: 'prd' });

export function nodeKindFromApi(kind: ApiNodeKind): NodeKind {
  return KINDS[kind];
}
