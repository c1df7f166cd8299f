/**
 * Per-request context: the shared infrastructure plus request-scoped loaders, so one GraphQL
 * request reads each thing at most once however many fields ask for it (no N+1).
 */
import { STALE_AFTER_SECONDS, type Resource } from '@gcc/domain';
import type { Database } from './infra/db/open-database.ts';
import type { VmClient } from './infra/vm/vm-client.ts';
import { readNodeCapacities, type NodeReadings } from './modules/capacity/capacity-service.ts';
import type { Node } from './generated/prisma/client.ts';
import type { TokenResolver } from './modules/access/access-service.ts';
import { ANONYMOUS_VIEWER, type Viewer } from './modules/access/viewer.ts';

export interface RequestContext {
  db: Database;
  vm: VmClient;
  /** One clock reading per request so every number in an answer refers to the same instant. */
  nowMs: number;
  /** Seconds without a sample after which a live node counts as stale (config, default STALE_AFTER_SECONDS). */
  staleAfterSeconds: number;
  /** Who is asking (modules/access/viewer.ts): policies and shared caches read its scope. */
  viewer: Viewer;
  /**
   * The viewer's user as other modules read it (security/access-scope.ts): null when anonymous;
   * regionCode is the viewer's city scope.
   */
  user: { username: string; role: string; regionCode: string | null } | null;
  /** The app's token resolver, to forget cached tokens after a revocation. */
  tokens?: TokenResolver;
  /**
   * Request-scoped memo: the first caller with a key runs fn, everyone else in the same request
   * shares its promise. Modules build their loaders on it (one DB/VM read per key per request).
   */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T>;
  loaders: {
    allNodes(): Promise<Node[]>;
    /** Nodes whose service is live at nowMs: these are expected to report. */
    liveNodes(): Promise<Node[]>;
    /** Latest readings per node and data centre at atMs (default: the request's now). */
    capacity(resource: Resource, atMs?: number): Promise<NodeReadings>;
  };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export interface RequestContextOptions {
  /** The stale threshold (config's staleAfterSeconds); default STALE_AFTER_SECONDS. */
  staleAfterSeconds?: number;
}

export function createRequestContext(
  db: Database,
  vm: VmClient,
  nowMs = Date.now(),
  viewer: Viewer = ANONYMOUS_VIEWER,
  options: RequestContextOptions = {},
): RequestContext {
  const allNodes = once(() => db.prisma.node.findMany({ orderBy: [{ kind: 'asc' }, { regionCode: 'asc' }] }));
  const memos = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    let p = memos.get(key) as Promise<T> | undefined;
    if (!p) memos.set(key, (p = fn()));
    return p;
  };
  return {
    db,
    vm,
    nowMs,
    staleAfterSeconds: options.staleAfterSeconds ?? STALE_AFTER_SECONDS,
    viewer,
    user: viewer.userId && viewer.role ? { username: viewer.username, role: viewer.role, regionCode: viewer.cityScope } : null,
    memo,
    loaders: {
      allNodes,
      liveNodes: once(async () => (await allNodes()).filter((n) => n.goLiveDate !== null && n.goLiveDate.getTime() <= nowMs)),
      capacity: (resource, atMs = nowMs) => memo(`capacity:${resource}:${atMs}`, () => readNodeCapacities(vm, resource, atMs, options.staleAfterSeconds)),
    },
  };
}

declare module 'mercurius' {
  // Resolvers receive our request context merged into mercurius' own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends RequestContext {}
}
