/**
 * alertsChanged for subscribers: every replica follows AlertHistory's id (every transition writes
 * one row, whichever replica made it) and publishes the alerts that changed, one message per city
 * (province-level alerts under regionCode null), so each subscriber's filter is one comparison.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { Alert } from '../../generated/prisma/client.ts';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';

export const ALERTS_TOPIC = 'ALERTS_CHANGED';

export interface AlertsChange {
  regionCode: string | null;
  alerts: Alert[];
}

export function createAlertWatcher(o: { db: Database; intervalMs: number; log: FastifyBaseLogger; publish(changes: AlertsChange[]): Promise<void> }) {
  let lastId: bigint | null = null;

  async function pollOnce(): Promise<void> {
    try {
      const [row] = await o.db.sql.query<{ max: string | null }>('SELECT max(id)::text AS max FROM "AlertHistory"');
      const max = BigInt(row?.max ?? 0);
      if (lastId === null || max <= lastId) {
        lastId ??= max;
        return;
      }
      const from = lastId;
      lastId = max;
      const changed = await o.db.prisma.alertHistory.findMany({ where: { id: { gt: from, lte: max } }, select: { alertId: true }, distinct: ['alertId'] });
      const alerts = await o.db.prisma.alert.findMany({ where: { id: { in: changed.map((c) => c.alertId) } }, orderBy: { firedAt: 'desc' } });
      const byRegion = new Map<string | null, Alert[]>();
      for (const a of alerts) byRegion.set(a.regionCode, [...(byRegion.get(a.regionCode) ?? []), a]);
      await o.publish([...byRegion].map(([regionCode, list]) => ({ regionCode, alerts: list })));
    } catch (err) {
      o.log.warn({ err }, 'alert watcher: poll failed');
    }
  }

  const loop = createChainedLoop({ intervalMs: o.intervalMs, runOnStart: true, run: pollOnce });

  return {
    start: loop.start,
    stop: loop.stop,
    poll: async () => void (await loop.runNow()),
  };
}
