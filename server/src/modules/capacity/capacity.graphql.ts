import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { sumCapacity } from './capacity-service.ts';

export const capacityTypeDefs = /* GraphQL */ `
  "Capacity of one resource in the catalogue's base units: vCPU count, or bytes for memory and storage."
  type Capacity {
    "Capacity after overcommit; null when no contributing node has data."
    total: Float
    allocated: Float
    "Actually busy."
    used: Float
    "Time of the newest sample used."
    asOf: DateTime
    "True when some contributing node has no recent sample (see staleNodes)."
    stale: Boolean!
    staleNodes: [ID!]!
  }

  type Province {
    vcpu: Capacity!
    memory: Capacity!
    storage: Capacity!
    "Nodes live today."
    nodeCount: Int!
  }

  extend type Node {
    vcpu: Capacity!
    memory: Capacity!
    storage: Capacity!
  }

  extend type Query {
    province: Province!
  }
`;

interface NodeParent {
  id: string;
}

const nodeField = (resource: 'vcpu' | 'memory' | 'storage') =>
  async (node: NodeParent, _args: unknown, ctx: RequestContext) =>
    sumCapacity(await ctx.loaders.capacity(resource), [node.id], ctx.nowMs);

const provinceField = (resource: 'vcpu' | 'memory' | 'storage') =>
  async (_parent: unknown, _args: unknown, ctx: RequestContext) =>
    sumCapacity(await ctx.loaders.capacity(resource), (await ctx.loaders.liveNodes()).map((n) => n.id), ctx.nowMs);

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
};
