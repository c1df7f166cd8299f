import { RESOURCE_METRICS, type Measure, type Resource, type SeriesScope } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { collectedCredibility } from '../credibility/credibility-service.ts';
import { readHistory } from './capacity-history.ts';
import { dataCentreCapacity, isLiveAt, sumCapacity, type CapacityFigure } from './capacity-service.ts';

export const capacityTypeDefs = /* GraphQL */ `
  enum Resource { VCPU MEMORY STORAGE }
  "total: capacity after overcommit; allocated: handed to tenants; used: actually busy."
  enum Measure { TOTAL ALLOCATED USED }

  type Point { t: DateTime! v: Float! }

  type Series {
    resource: Resource!
    measure: Measure!
    from: DateTime!
    to: DateTime!
    stepSeconds: Int!
    "Base unit of v: vcpu or bytes."
    unit: String!
    "Steps with no data (no node reporting) are left out."
    points: [Point!]!
  }

  "Capacity of one resource in the catalogue's base units: vCPU count, or bytes for memory and storage."
  type Capacity {
    resource: Resource!
    "Capacity after overcommit; null when no contributing node has data."
    total: Float
    allocated: Float
    "Actually busy."
    used: Float
    "total − allocated; negative when more is allocated than exists."
    free: Float
    "allocated ÷ total."
    allocationRatio: Float
    "Actual utilization: used ÷ total."
    utilization: Float
    "Physical capacity before overcommit; null unless every contributing node's CMP reports it."
    physical: Float
    "total ÷ physical (formula: overcommitRatio); null when physical capacity is not reported."
    overcommitRatio: Float
    "Base unit (vcpu or bytes), the display unit (vCPU, GiB, TiB) and the divisor between them."
    unit: String!
    displayUnit: String!
    displayDivisor: Float!
    "Time of the newest sample used."
    asOf: DateTime
    "True when some contributing node has no recent sample (see staleNodes)."
    stale: Boolean!
    staleNodes: [ID!]!
    credibility: Credibility!
    "History of one measure over the same scope. Defaults: the last 7 days, about 240 points."
    history(measure: Measure!, from: DateTime, to: DateTime, stepSeconds: Int): Series
  }

  # Fields backed by VictoriaMetrics are nullable: when it is down or overloaded they fail with
  # GCC_ERR_VM_UNAVAILABLE while the database-backed fields of the same answer still arrive.
  type Province {
    vcpu: Capacity
    memory: Capacity
    storage: Capacity
    "Nodes live today."
    nodeCount: Int!
  }

  extend type Node {
    vcpu: Capacity
    memory: Capacity
    storage: Capacity
  }

  extend type Query {
    province: Province!
  }
`;

/** A Capacity as resolvers pass it on: the figure plus what it covers, for credibility and history. */
export interface CapacityParent extends CapacityFigure {
  resource: Resource;
  scope: SeriesScope;
  nodeIds: readonly string[];
  atMs: number;
}

export const RESOURCE_ENUM: Record<Resource, string> = { vcpu: 'VCPU', memory: 'MEMORY', storage: 'STORAGE' };
const ratio = (a: number | null, b: number | null) => (a === null || b === null || !(b > 0) ? null : a / b);

/** Capacity of a set of nodes (a node, a city, the province) at atMs. */
export async function nodesCapacity(ctx: RequestContext, resource: Resource, nodeIds: readonly string[], scope: SeriesScope, atMs = ctx.nowMs): Promise<CapacityParent> {
  const [readings, nodes] = await Promise.all([ctx.loaders.capacity(resource, atMs), ctx.loaders.allNodes()]);
  const figure = sumCapacity(readings, nodeIds, atMs);
  // A node that is not live yet is not expected to report: no data from it is not staleness.
  const live = new Set(nodes.filter((n) => isLiveAt(n, atMs)).map((n) => n.id));
  const staleNodes = figure.staleNodes.filter((id) => live.has(id));
  return { ...figure, staleNodes, stale: staleNodes.length > 0, resource, scope, nodeIds, atMs };
}

export async function dcCapacity(ctx: RequestContext, resource: Resource, nodeId: string, dc: string): Promise<CapacityParent> {
  const figure = dataCentreCapacity(await ctx.loaders.capacity(resource), nodeId, dc, ctx.nowMs);
  return { ...figure, resource, scope: { kind: 'dc', nodeId, dc }, nodeIds: [nodeId], atMs: ctx.nowMs };
}

interface NodeParent {
  id: string;
}

const nodeField = (resource: Resource) => (node: NodeParent, _args: unknown, ctx: RequestContext) =>
  nodesCapacity(ctx, resource, [node.id], { kind: 'nodes', nodeIds: [node.id] });

const provinceField = (resource: Resource) => async (_parent: unknown, _args: unknown, ctx: RequestContext) =>
  nodesCapacity(ctx, resource, (await ctx.loaders.liveNodes()).map((n) => n.id), { kind: 'province' });

interface HistoryGqlArgs {
  measure: string;
  from?: Date | null;
  to?: Date | null;
  stepSeconds?: number | null;
}

export const capacityResolvers: IResolvers = {
  Query: {
    province: () => ({}),
  },
  Province: {
    vcpu: provinceField('vcpu'),
    memory: provinceField('memory'),
    storage: provinceField('storage'),
    nodeCount: async (_p: unknown, _a: unknown, ctx: RequestContext) => (await ctx.loaders.liveNodes()).length,
  },
  Node: {
    vcpu: nodeField('vcpu'),
    memory: nodeField('memory'),
    storage: nodeField('storage'),
  },
  Capacity: {
    resource: (c: CapacityParent) => RESOURCE_ENUM[c.resource],
    free: (c: CapacityParent) => (c.total === null || c.allocated === null ? null : c.total - c.allocated),
    allocationRatio: (c: CapacityParent) => ratio(c.allocated, c.total),
    utilization: (c: CapacityParent) => ratio(c.used, c.total),
    // FORMULAS.overcommitRatio; only when physical capacity is reported, otherwise not derivable.
    overcommitRatio: (c: CapacityParent) => ratio(c.total, c.physical),
    unit: (c: CapacityParent) => RESOURCE_METRICS[c.resource].unit,
    displayUnit: (c: CapacityParent) => RESOURCE_METRICS[c.resource].displayUnit,
    displayDivisor: (c: CapacityParent) => RESOURCE_METRICS[c.resource].displayDivisor,
    credibility: (c: CapacityParent, _a: unknown, ctx: RequestContext) => collectedCredibility(ctx, c.nodeIds, c.staleNodes, c.atMs),
    history: async (c: CapacityParent, args: HistoryGqlArgs, ctx: RequestContext) => {
      const series = await readHistory(ctx.vm, c.resource, c.scope, { ...args, measure: args.measure.toLowerCase() as Measure }, ctx.nowMs);
      return { ...series, resource: RESOURCE_ENUM[series.resource], measure: series.measure.toUpperCase() };
    },
  },
};
