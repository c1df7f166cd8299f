/**
 * Live security events for subscribers: every replica follows the table's id (a cheap
 * `max(id)` poll) and publishes what is new to its own subscribers, one message per node with its
 * counts by severity and its latest events. Whichever replica stored an event, every replica's
 * screens see it within one poll, with nothing to coordinate. Polls are chained, never
 * overlapping; the first poll is only a baseline.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { SecurityEvent } from '../../generated/prisma/client.ts';
import { zeroCounts, type SeverityCounts } from './posture-service.ts';
import type { SecuritySeverity } from '@gcc/domain';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';

export const SECURITY_EVENTS_TOPIC = 'SECURITY_EVENT_INGESTED';
/** Events sent with each per-node message (the most severe first, then the newest). */
const LATEST_PER_NODE = 10;

export interface SecurityEventBatch {
  nodeId: string;
  regionCode: string;
  count: number;
  bySeverity: SeverityCounts;
  latest: SecurityEvent[];
}

export interface EventWatcher {
  start(): void;
  stop(): Promise<void>;
  poll(): Promise<void>;
}

const RANK: Record<string, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function createEventWatcher(o: {
  db: Database;
  intervalMs: number;
  log: FastifyBaseLogger;
  publish(batches: SecurityEventBatch[]): Promise<void>;
}): EventWatcher {
  let lastId: bigint | null = null;
  let regions: Map<string, string> | null = null;

  async function pollOnce(): Promise<void> {
    try {
      const [row] = await o.db.sql.query<{ max: string | null }>('SELECT max(id)::text AS max FROM "SecurityEvent"');
      const max = BigInt(row?.max ?? 0);
      if (lastId === null) {
        lastId = max;
        return;
      }
      if (max <= lastId) return;
      const from = lastId;
      lastId = max;
      regions ??= new Map((await o.db.prisma.node.findMany({ select: { id: true, regionCode: true } })).map((n) => [n.id, n.regionCode]));
      const counts = await o.db.sql.query<{ nodeId: string; severity: string; n: string | number }>(
        `SELECT "nodeId", "severity"::text AS severity, count(*) AS n FROM "SecurityEvent" WHERE id > $1 AND id <= $2 GROUP BY 1, 2`,
        [from.toString(), max.toString()],
      );
      const byNode = new Map<string, SeverityCounts>();
      for (const c of counts) {
        const s = byNode.get(c.nodeId) ?? zeroCounts();
        s[c.severity.toLowerCase() as SecuritySeverity] += Number(c.n);
        s.total += Number(c.n);
        byNode.set(c.nodeId, s);
      }
      // One query for every node's latest: the most severe first, at most LATEST_PER_NODE each.
      const severe = await o.db.prisma.securityEvent.findMany({
        where: { id: { gt: from, lte: max } },
        orderBy: [{ severity: 'desc' }, { id: 'desc' }],
        take: LATEST_PER_NODE * byNode.size,
      });
      const latestOf = new Map<string, SecurityEvent[]>();
      for (const e of severe) {
        const list = latestOf.get(e.nodeId) ?? [];
        if (list.length < LATEST_PER_NODE) list.push(e);
        latestOf.set(e.nodeId, list);
      }
      const batches: SecurityEventBatch[] = [];
      for (const [nodeId, bySeverity] of byNode) {
        const latest = (latestOf.get(nodeId) ?? []).sort((a, b) => RANK[b.severity]! - RANK[a.severity]! || Number(b.id - a.id));
        batches.push({ nodeId, regionCode: regions.get(nodeId) ?? '', count: bySeverity.total, bySeverity, latest });
      }
      await o.publish(batches);
    } catch (err) {
      o.log.warn({ err }, 'security event watcher: poll failed');
    }
  }

  const loop = createChainedLoop({ intervalMs: o.intervalMs, runOnStart: true, run: pollOnce });

  return {
    start: loop.start,
    stop: loop.stop,
    poll: async () => void (await loop.runNow()),
  };
}
