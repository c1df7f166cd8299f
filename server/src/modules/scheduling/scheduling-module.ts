/**
 * The scheduling module as the app mounts it: resolvers, and a timer that checks executing orders
 * against the latest collection (so an order becomes DONE without anyone asking).
 */
import type { FastifyInstance } from 'fastify';
import { createRequestContext } from '../../context.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';
import { VERIFIER_ACTOR, verifyOrders } from './orders-service.ts';
import { schedulingResolvers, type SchedulingModuleOptions } from './scheduling.graphql.ts';

export { schedulingTypeDefs, type SchedulingModuleOptions } from './scheduling.graphql.ts';

export const DEFAULT_VERIFY_INTERVAL_MS = 15_000;

export function createSchedulingModule(db: Database, vm: VmClient, options: SchedulingModuleOptions = {}) {
  return {
    resolvers: schedulingResolvers(options),
    register(app: FastifyInstance): void {
      const interval = options.verifyIntervalMs ?? DEFAULT_VERIFY_INTERVAL_MS;
      if (!(interval > 0) || !options.executor) return;
      const verifier = createChainedLoop({
        intervalMs: interval,
        run: async () => {
          const done = await verifyOrders(createRequestContext(db, vm, Date.now()), options.executor!);
          for (const o of done) app.log.info({ order: o.code, status: o.status, actor: VERIFIER_ACTOR }, 'scheduling order verified');
        },
        onError: (err) => app.log.warn({ err }, 'verifying scheduling orders failed; next try in one interval'),
      });
      verifier.start();
      app.addHook('onClose', verifier.stop);
    },
  };
}
