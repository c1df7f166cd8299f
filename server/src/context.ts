/**
 * Per-request context: the shared infrastructure plus request-scoped loaders, so one GraphQL
 * request reads each thing at most once however many fields ask for it (no N+1).
 */
import type { Resource } from '@gcc/domain';
import type { Database } from './infra/db/open-database.ts';
import type { VmClient } from './infra/vm/vm-client.ts';
import { readNodeCapacities, type NodeReadings } from './modules/capacity/capacity-service.ts';
import type { Node } from './generated/prisma/client.ts';

export interface RequestContext {
  db: Database;
  vm: VmClient;
  /** One clock reading per request so every number in an answer refers to the same instant. */
  nowMs: number;
  loaders: {
    allNodes(): Promise<Node[]>;
    /** Nodes whose service is live at nowMs: these are expected to report. */
    liveNodes(): Promise<Node[]>;
    capacity(resource: Resource): Promise<NodeReadings>;
  };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export function createRequestContext(db: Database, vm: VmClient, nowMs = Date.now()): RequestContext {
  const allNodes = once(() => db.prisma.node.findMany({ orderBy: [{ kind: 'asc' }, { regionCode: 'asc' }] }));
  const capacityByResource = new Map<Resource, Promise<NodeReadings>>();
  return {
    db,
    vm,
    nowMs,
    loaders: {
      allNodes,
      liveNodes: once(async () => (await allNodes()).filter((n) => n.goLiveDate !== null && n.goLiveDate.getTime() <= nowMs)),
      capacity: (resource) => {
        let p = capacityByResource.get(resource);
        if (!p) capacityByResource.set(resource, (p = readNodeCapacities(vm, resource, nowMs)));
        return p;
      },
    },
  };
}

declare module 'mercurius' {
  // Resolvers receive our request context merged into mercurius' own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends RequestContext {}
}
