import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { requireCity } from '../federation/federation-service.ts';
import { revokeToken } from './access-service.ts';

export const accessTypeDefs = /* GraphQL */ `
  enum Role { PROVINCIAL_ADMIN PROVINCIAL_VIEWER CITY_ADMIN CITY_VIEWER OPERATOR PROVIDER KIOSK }

  "Who the request's bearer token stands for."
  type Viewer {
    username: String!
    "Null for the anonymous viewer (a server running with GCC_AUTH=off, no token)."
    role: Role
    "The city whose detail this viewer sees; null = the whole province."
    city: City
    "Read-only viewers (kiosks, viewer roles) cannot run mutations."
    readOnly: Boolean!
    anonymous: Boolean!
  }

  extend type Query {
    viewer: Viewer!
  }

  type Mutation {
    "Revokes an API token: your own, or any for a provincial admin. Returns when it was revoked."
    revokeToken(id: ID!): DateTime!
  }
`;

export const accessResolvers: IResolvers = {
  Query: {
    viewer: (_p: unknown, _a: unknown, ctx: RequestContext) => ctx.viewer,
  },
  Viewer: {
    city: (v: RequestContext['viewer']) => (v.cityScope ? requireCity(v.cityScope) : null),
    anonymous: (v: RequestContext['viewer']) => v.userId === null,
  },
  Mutation: {
    revokeToken: async (_p: unknown, args: { id: string }, ctx: RequestContext) => {
      if (!ctx.viewer.userId) throw new GccError('GCC_ERR_AUTH_REQUIRED', 'revoking a token needs a bearer token');
      const at = await revokeToken(ctx.db.prisma, ctx.viewer, args.id, ctx.nowMs);
      ctx.tokens?.clear();
      return at;
    },
  },
};
