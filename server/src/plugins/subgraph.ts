/**
 * GCC_FEDERATION=subgraph: the same schema served as an Apollo Federation v1 subgraph, so a
 * gateway can compose it with other platforms' subgraphs (e.g. a PRD city's own platform that
 * extends Node with its tickets). Entities: Node (key id) and City (key code).
 */
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../context.ts';
import { nodeById, requireCity } from '../modules/federation/federation-service.ts';

const ENTITY_KEYS: Record<string, string> = { Node: 'id', City: 'code' };

/** The schema with @key on each entity's defining `type` (not its extensions). */
export function subgraphTypeDefs(typeDefs: string): string {
  let out = typeDefs;
  for (const [type, key] of Object.entries(ENTITY_KEYS)) {
    const definition = new RegExp(`(^|\\n)(\\s*)type ${type} \\{`);
    if (!definition.test(out)) throw new Error(`subgraph: no definition of type ${type} to put @key on`);
    out = out.replace(definition, `$1$2type ${type} @key(fields: "${key}") {`);
  }
  return out;
}

export const subgraphResolvers: IResolvers = {
  Node: { __resolveReference: (ref: { id: string }, _a: unknown, ctx: RequestContext) => nodeById(ctx, ref.id) } as never,
  City: { __resolveReference: (ref: { code: string }) => requireCity(ref.code) } as never,
};
