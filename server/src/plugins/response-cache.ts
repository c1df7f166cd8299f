/**
 * A short-lived shared cache of whole GraphQL answers, keyed by (viewer scope, operation name,
 * query, variables). Fifty big screens asking the same overview within a few seconds cost one
 * execution: the first request of a key runs, identical requests arriving meanwhile wait for its
 * answer, later ones are served from memory until the TTL ends. When it ends, the next request
 * refreshes the answer while the others still get the previous one (at most 2 × TTL old).
 *
 * Only queries whose every root field is listed in CACHEABLE_ROOT_FIELDS are cached (so answers
 * about the viewer itself, e.g. `viewer`, never are), and only answers without errors (an outage
 * is not remembered). Any mutation through this replica and every new collection cycle clear it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { scopeKey } from '../modules/access/viewer.ts';

/** Root query fields whose answers depend only on the viewer's scope and the arguments. */
export const CACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'meta', 'province', 'cities', 'city', 'nodes', 'node', 'rankings', 'milestones', 'formulas', '__typename',
]);

type Kind_ = 'cacheable' | 'mutation' | 'other';

export interface ResponseCache {
  preHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
  /** onResponse / onRequestAbort: lets waiting requests go when the first one ended without onSend. */
  release(request: FastifyRequest): Promise<void>;
  clear(): void;
  readonly stats: { hits: number; misses: number; coalesced: number };
}

interface Body {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

const kKey = Symbol('gcc.responseCacheKey');
const kMutation = Symbol('gcc.mutation');
type Marked = FastifyRequest & { [kKey]?: string; [kMutation]?: boolean };

export function createResponseCache(options: { ttlMs: number; maxEntries?: number; maxWaitMs: number }): ResponseCache {
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, { payload: string; until: number }>();
  const inflight = new Map<string, Promise<string | null>>();
  const settle = new Map<string, (payload: string | null) => void>();
  const kinds = new Map<string, Kind_>();
  const stats = { hits: 0, misses: 0, coalesced: 0 };

  /** What a query is, parsed once per distinct text (mercurius validates it later, as usual). */
  function kindOf(query: string, operationName: string | undefined): Kind_ {
    const k = `${operationName ?? ''}\n${query}`;
    let kind = kinds.get(k);
    if (kind) return kind;
    kind = 'other';
    try {
      const ops = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
      if (op?.operation === 'mutation' || ops.some((o) => o.operation === 'mutation')) kind = 'mutation';
      else if (op?.operation === 'query' && op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && CACHEABLE_ROOT_FIELDS.has(s.name.value))) kind = 'cacheable';
    } catch {
      // Not parseable: mercurius answers with the syntax error.
    }
    if (kinds.size > 1000) kinds.clear();
    kinds.set(k, kind);
    return kind;
  }

  function finish(key: string, payload: string | null): void {
    settle.get(key)?.(payload);
    settle.delete(key);
    inflight.delete(key);
  }

  function clear(): void {
    entries.clear();
  }

  return {
    stats,
    clear,
    async preHandler(request, reply) {
      const body = request.body as Body | undefined;
      if (request.method !== 'POST' || !body || Array.isArray(body) || typeof body.query !== 'string') return undefined;
      const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
      const kind = kindOf(body.query, operationName);
      if (kind === 'mutation') (request as Marked)[kMutation] = true;
      if (kind !== 'cacheable' || options.ttlMs <= 0) return undefined;
      const viewer = request.viewer;
      const key = `${viewer ? scopeKey(viewer) : 'province'}\n${operationName ?? ''}\n${body.query}\n${JSON.stringify(body.variables ?? {})}`;
      const hit = entries.get(key);
      if (hit && Date.now() < hit.until) {
        stats.hits++;
        return reply.header('x-gcc-cache', 'hit').type('application/json; charset=utf-8').send(hit.payload);
      }
      const pending = inflight.get(key);
      // While one request refreshes an answer that just expired, the others get the previous one
      // (at most twice the TTL old) instead of all waiting for the refresh.
      if (pending && hit && Date.now() < hit.until + options.ttlMs) {
        stats.hits++;
        return reply.header('x-gcc-cache', 'stale').type('application/json; charset=utf-8').send(hit.payload);
      }
      if (pending) {
        stats.coalesced++;
        const payload = await Promise.race([pending, new Promise<null>((r) => setTimeout(r, options.maxWaitMs, null).unref())]);
        if (payload !== null) return reply.header('x-gcc-cache', 'shared').type('application/json; charset=utf-8').send(payload);
        return undefined; // the first one failed: run this one on its own
      }
      stats.misses++;
      (request as Marked)[kKey] = key;
      inflight.set(key, new Promise((resolve) => settle.set(key, resolve)));
      return undefined;
    },
    async onSend(request, reply, payload) {
      const marked = request as Marked;
      if (marked[kMutation] && reply.statusCode < 400) clear();
      const key = marked[kKey];
      if (key === undefined) return payload;
      marked[kKey] = undefined;
      const ok = reply.statusCode === 200 && typeof payload === 'string' && !payload.includes('"errors":[');
      if (ok) {
        if (entries.size >= maxEntries) for (const [k, v] of entries) if (Date.now() >= v.until || entries.size >= maxEntries) entries.delete(k);
        entries.set(key, { payload, until: Date.now() + options.ttlMs });
      }
      finish(key, ok ? (payload as string) : null);
      return payload;
    },
    async release(request) {
      const marked = request as Marked;
      const key = marked[kKey];
      if (key === undefined) return;
      marked[kKey] = undefined;
      finish(key, null);
    },
  };
}
