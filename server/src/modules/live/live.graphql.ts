/**
 * Live updates for the big screen: `overviewUpdated` fires after each collection cycle with the
 * province's headline figures. The overview is computed once per cycle and sent to every
 * subscriber, so fifty screens cost one computation; readers refetch anything else they show.
 */
import { RESOURCES, type Resource } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { IResolvers, MercuriusContext } from 'mercurius';
import { createRequestContext, type RequestContextOptions } from '../../context.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { nodesCapacity, RESOURCE_ENUM } from '../capacity/capacity.graphql.ts';
import { createCollectionWatcher } from './collection-watcher.ts';

export const OVERVIEW_TOPIC = 'OVERVIEW_UPDATED';
/** Collectors pull every 30 s by default: polling every 5 s shows a cycle within seconds, for one tiny query. */
export const DEFAULT_POLL_INTERVAL_MS = 5000;

export const liveTypeDefs = /* GraphQL */ `
  type CapacityTotals {
    resource: Resource!
    total: Float
    allocated: Float
    used: Float
  }

  "The province's headline figures after a collection cycle."
  type OverviewUpdate {
    "The newest good pull of the cycle that triggered this update."
    collectedAt: DateTime!
    "When the server computed the figures."
    computedAt: DateTime!
    nodeCount: Int!
    vcpu: CapacityTotals!
    memory: CapacityTotals!
    storage: CapacityTotals!
    staleNodes: [ID!]!
  }

  type Subscription {
    overviewUpdated: OverviewUpdate!
  }
`;

export const liveResolvers: IResolvers = {
  Subscription: {
    overviewUpdated: {
      subscribe: (_root: unknown, _args: unknown, ctx: MercuriusContext) => ctx.pubsub.subscribe(OVERVIEW_TOPIC),
    },
  },
};

export async function computeOverview(db: Database, vm: VmClient, collectedAtMs: number, options: RequestContextOptions = {}) {
  const ctx = createRequestContext(db, vm, Date.now(), undefined, options);
  const live = (await ctx.loaders.liveNodes()).map((n) => n.id);
  const figures = await Promise.all(RESOURCES.map((r) => nodesCapacity(ctx, r, live, { kind: 'province' })));
  const totals = (r: Resource, i: number) => ({ resource: RESOURCE_ENUM[r], total: figures[i]!.total, allocated: figures[i]!.allocated, used: figures[i]!.used });
  return {
    collectedAt: new Date(collectedAtMs),
    computedAt: new Date(ctx.nowMs),
    nodeCount: live.length,
    vcpu: totals('vcpu', 0),
    memory: totals('memory', 1),
    storage: totals('storage', 2),
    staleNodes: [...new Set(figures.flatMap((f) => f.staleNodes))].sort(),
  };
}

export interface LiveUpdatesOptions {
  /** Milliseconds between polls of the collectors' last-success time; 0 turns live updates off. */
  pollIntervalMs: number;
  /** Called after each new collection cycle (e.g. to forget cached answers). */
  onCycle?: () => void;
  /** The stale threshold the overview's staleNodes use (config's staleAfterSeconds). */
  staleAfterSeconds?: number;
}

/** Starts the watcher when the app is ready and stops it when the app closes. */
export function registerLiveUpdates(app: FastifyInstance, db: Database, vm: VmClient, options: LiveUpdatesOptions): void {
  if (options.pollIntervalMs <= 0) return;
  const watcher = createCollectionWatcher({
    vm,
    intervalMs: options.pollIntervalMs,
    log: app.log,
    onAdvance: async (collectedAtMs) => {
      options.onCycle?.();
      try {
        const overview = await computeOverview(db, vm, collectedAtMs, { staleAfterSeconds: options.staleAfterSeconds });
        await app.graphql.pubsub.publish({ topic: OVERVIEW_TOPIC, payload: { overviewUpdated: overview } });
      } catch (err) {
        app.log.warn({ err }, 'live updates: could not compute the overview');
      }
    },
  });
  app.addHook('onReady', async () => watcher.start());
  app.addHook('onClose', async () => watcher.stop());
}
