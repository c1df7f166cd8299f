/** The one interface every CMP kind implements, and what it returns: a node's capacity per data centre. */
import type { CmpKind, NodeKind, Resource } from '@gcc/domain';
import type { Logger } from '../log.ts';

/** A node as the collector sees it (the registry writes this list; see config.ts). */
export interface CollectorNode {
  id: string;
  /** Administrative code of the node's city, 440000 for the provincial node. */
  regionCode: string;
  kind: NodeKind;
  cmpKind: CmpKind;
  /** Where the CMP's API starts (OpenStack: the Keystone v3 URL). */
  endpoint: string;
  /** Name of the environment variable holding the CMP password; the value is never logged. */
  credentialRef: string;
  simulated: boolean;
  /** Data centres the registry knows for the node; figures for others are still written. */
  dataCentres?: readonly string[];
  /** vSphere: vCPU per physical core, the province's rule for the node (vsphere/normalize.ts). */
  vcpuOvercommit?: number;
}

export interface CmpCredentials {
  username: string;
  password: string;
  projectName: string;
  domainName: string;
}

export interface CollectContext {
  credentials: CmpCredentials;
  logger: Logger;
  /** Collector clock (ms). */
  now(): number;
  /** Per-request timeout. */
  timeoutMs: number;
  fetch?: typeof fetch;
  /**
   * Aborted when the pull's deadline passes (core/pull-policy.ts). Optional to honour: a pull that
   * ignores it is still abandoned at the deadline, but its requests run on until their own timeout.
   */
  signal?: AbortSignal;
}

/** One resource of one data centre in base units (vCPU, bytes). */
export interface ResourceFigures {
  /** Capacity after overcommit. */
  total: number;
  allocated: number;
  /** Busy; null when the CMP cannot tell. */
  used: number | null;
  /** Before overcommit, when the CMP reports it. */
  physical?: number;
}

export type DataCentreFigures = Record<Resource, ResourceFigures>;

export interface NodeSnapshot {
  nodeId: string;
  takenAtMs: number;
  dataCentres: Record<string, DataCentreFigures>;
}

export interface CmpAdapter {
  readonly kind: CmpKind;
  collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot>;
}
