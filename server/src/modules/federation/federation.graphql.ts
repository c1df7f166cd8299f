import { PROVINCE_CODE, type Resource } from '@gcc/domain';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import type { DataCentre, Node } from '../../generated/prisma/client.ts';
import { dcCapacity, nodesCapacity } from '../capacity/capacity.graphql.ts';
import { isLiveAt } from '../capacity/capacity-service.ts';
import { allCities, allDataCentres, dataCentresOf, nodeById, nodesOfRegion, requireCity, type CityView } from './federation-service.ts';

export const federationTypeDefs = /* GraphQL */ `
  enum CityGroup {
    "One of the 14 city nodes the province builds (one pool with the provincial node)."
    PROVINCE_BUILT
    "A Pearl River Delta city with its own cloud, docked to the provincial CMP."
    PRD
  }

  "One of Guangdong's 21 prefecture-level cities."
  type City {
    "Administrative code, e.g. 440200."
    code: ID!
    slug: String!
    nameZh: String!
    nameEn: String!
    group: CityGroup!
    nodes: [Node!]!
    "Sums over the city's nodes."
    vcpu: Capacity
    memory: Capacity
    storage: Capacity
  }

  "A data centre of a node (the provincial node runs two: 名美 and 东涌)."
  type DataCentre {
    id: ID!
    nameZh: String!
    nameEn: String!
    node: Node!
    vcpu: Capacity
    memory: Capacity
    storage: Capacity
  }

  extend type Province {
    code: ID!
    nameZh: String!
    nameEn: String!
    provincialNode: Node
    "The province-built city nodes."
    cityNodes: [Node!]!
    "The Pearl River Delta city clouds."
    prdClouds: [Node!]!
    "Data centres of every live node: their figures add up to the province's exactly."
    dataCentres: [DataCentre!]!
    cities(group: CityGroup): [City!]!
  }

  extend type Node {
    "The city the node serves; null for the provincial node."
    city: City
    "Live at the time of the request (go-live date reached)."
    live: Boolean!
    plannedGoLiveDate: Date
    plannedDockingDate: Date
    interconnectDate: Date
    securityPlatformDate: Date
    dataCentres: [DataCentre!]!
  }

  extend type Query {
    cities(group: CityGroup): [City!]!
    "A city by administrative code; unknown codes are an error (GCC_ERR_INPUT_UNKNOWN_CITY)."
    city(code: ID!): City
  }
`;

const byKind = (kind: Node['kind']) => async (_p: unknown, _a: unknown, ctx: RequestContext) =>
  (await ctx.loaders.allNodes()).filter((n) => n.kind === kind);

const cities = (_p: unknown, args: { group?: string | null }) => allCities().filter((c) => !args.group || c.group === args.group);

const cityField = (resource: Resource) => async (city: CityView, _a: unknown, ctx: RequestContext) => {
  const ids = (await nodesOfRegion(ctx, city.code)).map((n) => n.id);
  return nodesCapacity(ctx, resource, ids, { kind: 'nodes', nodeIds: ids });
};

const dcField = (resource: Resource) => (dc: DataCentre, _a: unknown, ctx: RequestContext) => dcCapacity(ctx, resource, dc.nodeId, dc.id);

export const federationResolvers: IResolvers = {
  Query: {
    cities,
    city: (_p: unknown, args: { code: string }) => requireCity(args.code),
  },
  Province: {
    code: () => PROVINCE_CODE,
    nameZh: () => '广东省',
    nameEn: () => 'Guangdong',
    provincialNode: async (_p: unknown, _a: unknown, ctx: RequestContext) => (await ctx.loaders.allNodes()).find((n) => n.kind === 'PROVINCIAL') ?? null,
    cityNodes: byKind('CITY'),
    prdClouds: byKind('PRD'),
    dataCentres: async (_p: unknown, _a: unknown, ctx: RequestContext) => {
      const live = new Set((await ctx.loaders.liveNodes()).map((n) => n.id));
      return (await allDataCentres(ctx)).filter((d) => live.has(d.nodeId));
    },
    cities,
  },
  City: {
    nodes: (city: CityView, _a: unknown, ctx: RequestContext) => nodesOfRegion(ctx, city.code),
    vcpu: cityField('vcpu'),
    memory: cityField('memory'),
    storage: cityField('storage'),
  },
  DataCentre: {
    node: (dc: DataCentre, _a: unknown, ctx: RequestContext) => nodeById(ctx, dc.nodeId),
    vcpu: dcField('vcpu'),
    memory: dcField('memory'),
    storage: dcField('storage'),
  },
  Node: {
    city: (node: Node) => (node.regionCode === PROVINCE_CODE ? null : requireCity(node.regionCode)),
    live: (node: Node, _a: unknown, ctx: RequestContext) => isLiveAt(node, ctx.nowMs),
    dataCentres: (node: Node, _a: unknown, ctx: RequestContext) => dataCentresOf(ctx, node.id),
  },
};
