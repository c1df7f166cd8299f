/**
 * Wires early warning into the app: default rules written once, the evaluator every
 * intervalSeconds under the cluster's leader lock (plus the hourly retention prune of security
 * events), the webhook worker and the alertsChanged watcher on every replica.
 */
import { ALERT_EVALUATION_INTERVAL_SECONDS } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { pruneSecurityEvents } from '../security/retention.ts';
import { ALERTS_TOPIC, createAlertWatcher } from './alert-watcher.ts';
import { alertingResolvers, alertingTypeDefs } from './alerting.graphql.ts';
import { writeDefaultRules } from './alerts-service.ts';
import { runCycle, type CycleResult } from './evaluator.ts';
import { createLeader } from './leader.ts';
import { createNotifier } from './notifier.ts';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';

const PRUNE_EVERY_MS = 3_600_000;

export interface AlertingOptions {
  /** Seconds between evaluations; 0 = the evaluator does not run here (tests call cycle()). */
  intervalSeconds?: number;
  /** Milliseconds between webhook worker ticks; 0 = off. Default 1000. */
  notifyIntervalMs?: number;
  /** Milliseconds between alertsChanged polls; 0 = off. Default 2000. */
  watchIntervalMs?: number;
  retentionDays: number;
}

export function createAlertingModule(db: Database, vm: VmClient, options: AlertingOptions) {
  const intervalSeconds = options.intervalSeconds ?? ALERT_EVALUATION_INTERVAL_SECONDS;
  const leader = createLeader(db);
  let lastPruneMs = 0;
  let appRef: FastifyInstance | null = null;

  /** One cycle as the leader would run it; null when another replica ran one moments ago. */
  async function cycle(nowMs = Date.now(), minGapMs = Math.max(0, intervalSeconds * 1000 * 0.8)): Promise<CycleResult | null> {
    const log = appRef!.log;
    const r = await leader.run(minGapMs, async () => {
      const result = await runCycle(db, vm, log, nowMs);
      if (nowMs - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = nowMs;
        const deleted = await pruneSecurityEvents(db.sql, options.retentionDays, nowMs);
        if (deleted) log.info({ deleted, retentionDays: options.retentionDays }, 'security events past retention deleted');
      }
      return result;
    });
    if (!r.ran) return null;
    if (r.value.fired || r.value.resolved || r.value.failedRules.length) log.info({ ...r.value }, 'alerting: cycle');
    return r.value;
  }

  return {
    typeDefs: alertingTypeDefs,
    resolvers: alertingResolvers({ intervalSeconds }),
    cycle,
    register(app: FastifyInstance) {
      appRef = app;
      const notifier = createNotifier({ db, intervalMs: options.notifyIntervalMs ?? 1000, log: app.log });
      const watcher = createAlertWatcher({
        db, intervalMs: options.watchIntervalMs ?? 2000, log: app.log,
        publish: async (changes) => {
          for (const c of changes) await app.graphql.pubsub.publish({ topic: ALERTS_TOPIC, payload: { alertsChanged: c } });
        },
      });
      const evaluation = createChainedLoop({ intervalMs: intervalSeconds * 1000, run: cycle, onError: (err) => app.log.error({ err }, 'alerting: cycle failed') });
      app.addHook('onReady', async () => {
        await writeDefaultRules(db);
        if (intervalSeconds > 0) evaluation.start();
        if ((options.notifyIntervalMs ?? 1000) > 0) notifier.start();
        if ((options.watchIntervalMs ?? 2000) > 0) watcher.start();
      });
      app.addHook('onClose', async () => {
        await evaluation.stop();
        await notifier.stop();
        await watcher.stop();
      });
      return { notifier, watcher };
    },
  };
}

export type AlertingModule = ReturnType<typeof createAlertingModule>;
