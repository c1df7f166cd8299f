/**
 * The access rules as a mercurius-auth external policy. Secure by default: every field of Node,
 * City and DataCentre is detail (scoped to the viewer's city) unless listed public here, so a
 * field added later is protected until someone decides otherwise. Aggregates (Province, rankings,
 * milestones, formulas, the live overview) carry no city detail and are open to every viewer.
 */
import { buildSchema, isObjectType } from 'graphql';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { seesRegion } from './viewer.ts';

type Policy = 'write' | 'city-arg' | 'node-arg' | 'city-detail' | 'node-detail' | 'data-centre-detail';

/** Fields anyone may read on any instance: names and the plan's public dates, no figures. */
const PUBLIC_FIELDS: Record<string, readonly string[]> = {
  City: ['code', 'slug', 'nameZh', 'nameEn', 'group'],
  Node: [
    'id', 'kind', 'nameZh', 'nameEn', 'regionCode', 'city', 'live', 'simulated', 'goLiveDate', 'dockingDate', 'interconnectEnabled',
    'plannedGoLiveDate', 'plannedDockingDate', 'interconnectDate', 'securityPlatformDate',
  ],
  DataCentre: ['id', 'nameZh', 'nameEn', 'node'],
};

const DETAIL_POLICY: Record<string, Policy> = { City: 'city-detail', Node: 'node-detail', DataCentre: 'data-centre-detail' };

export function accessPolicy(typeDefs: string): Record<string, Record<string, Policy>> {
  const schema = buildSchema(typeDefs, { assumeValidSDL: true });
  const policy: Record<string, Record<string, Policy>> = {
    Query: { city: 'city-arg', node: 'node-arg' },
  };
  if (schema.getMutationType()) policy.Mutation = { __typePolicy: 'write' };
  for (const [typeName, detail] of Object.entries(DETAIL_POLICY)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const fields: Record<string, Policy> = {};
    for (const field of Object.keys(type.getFields())) if (!PUBLIC_FIELDS[typeName]!.includes(field)) fields[field] = detail;
    policy[typeName] = fields;
  }
  return policy;
}

const forbidden = (what: string, ctx: RequestContext) =>
  new GccError('GCC_ERR_AUTH_FORBIDDEN', `${ctx.viewer.username} sees the detail of city ${ctx.viewer.cityScope} only, not ${what}; other cities appear in the province's aggregates and rankings`);

async function regionOfNode(ctx: RequestContext, nodeId: string): Promise<string | undefined> {
  return (await ctx.loaders.allNodes()).find((n) => n.id === nodeId)?.regionCode;
}

export async function applyAccessPolicy(policy: Policy, parent: Record<string, unknown>, args: Record<string, unknown>, ctx: RequestContext): Promise<boolean | Error> {
  const viewer = ctx.viewer;
  if (policy === 'write') {
    return viewer.readOnly ? new GccError('GCC_ERR_AUTH_READ_ONLY', `${viewer.username}'s token is read-only: mutations are refused`) : true;
  }
  if (viewer.cityScope === null) return true;
  switch (policy) {
    case 'city-arg':
      return seesRegion(viewer, String(args.code)) || forbidden(`city ${String(args.code)}`, ctx);
    case 'city-detail':
      return seesRegion(viewer, String(parent.code)) || forbidden(`city ${String(parent.code)}`, ctx);
    case 'node-arg': {
      // An unknown node is the resolver's error to give (GCC_ERR_INPUT_UNKNOWN_NODE).
      const region = await regionOfNode(ctx, String(args.id));
      return region === undefined || seesRegion(viewer, region) || forbidden(`node ${String(args.id)}`, ctx);
    }
    case 'node-detail':
      return seesRegion(viewer, String(parent.regionCode)) || forbidden(`node ${String(parent.id)}`, ctx);
    case 'data-centre-detail': {
      const region = await regionOfNode(ctx, String(parent.nodeId));
      return (region !== undefined && seesRegion(viewer, region)) || forbidden(`data centre ${String(parent.id)}`, ctx);
    }
  }
}
