import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { SIMULATION_META_KEY, type SimulationMeta } from './simulation-meta.ts';

export const registryTypeDefs = /* GraphQL */ `
  scalar DateTime
  scalar Date

  enum NodeKind { PROVINCIAL CITY PRD }
  enum CmpKind { OPENSTACK VSPHERE PROMETHEUS DOCKING_API }

  "Facts about the data this installation serves."
  type Meta {
    "True when the data is the simulated province (demo), never real."
    simulated: Boolean!
    simulationSeed: Int
    "Server clock when the answer was computed."
    dataAsOf: DateTime
    "Seconds without a sample after which a live node's figures are flagged stale (GCC_STALE_AFTER_SECONDS)."
    staleAfterSeconds: Int!
  }

  "A cloud in the federation."
  type Node {
    id: ID!
    kind: NodeKind!
    nameZh: String!
    nameEn: String!
    regionCode: String!
    goLiveDate: Date
    dockingDate: Date
    interconnectEnabled: Boolean!
    cmpKind: CmpKind!
    simulated: Boolean!
  }

  type Query {
    meta: Meta!
    nodes(kind: NodeKind): [Node!]!
    node(id: ID!): Node
  }
`;

export const registryResolvers: IResolvers = {
  Query: {
    meta: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
      const row = await ctx.db.prisma.systemMeta.findUnique({ where: { key: SIMULATION_META_KEY } });
      const meta = row?.value as SimulationMeta | undefined;
      return { simulated: meta?.simulated === true, simulationSeed: meta?.seed ?? null, dataAsOf: new Date(ctx.nowMs), staleAfterSeconds: ctx.staleAfterSeconds };
    },
    nodes: async (_p: unknown, args: { kind?: string | null }, ctx: RequestContext) => {
      const nodes = await ctx.loaders.allNodes();
      return args.kind ? nodes.filter((n) => n.kind === args.kind) : nodes;
    },
    node: async (_p: unknown, args: { id: string }, ctx: RequestContext) => {
      const node = (await ctx.loaders.allNodes()).find((n) => n.id === args.id);
      if (!node) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node with id "${args.id}"`);
      return node;
    },
  },
};
