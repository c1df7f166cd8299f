/**
 * The scheduling module as the app mounts it: resolvers, and a timer that checks executing orders
 * against the latest collection (so an order becomes DONE without anyone asking).
 */
import type { FastifyInstance } from 'fastify';
import { createRequestContext } from '../../context.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
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
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        const ctx = createRequestContext(db, vm, Date.now());
        verifyOrders(ctx, options.executor!)
          .then((done) => {
            for (const o of done) app.log.info({ order: o.code, status: o.status, actor: VERIFIER_ACTOR }, 'scheduling order verified');
          })
          .catch((err: unknown) => app.log.warn({ err }, 'verifying scheduling orders failed; next try in one interval'))
          .finally(() => {
            running = false;
          });
      }, interval);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    },
  };
}
