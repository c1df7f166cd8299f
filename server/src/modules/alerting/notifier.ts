/**
 * Webhook notification through an outbox: a transition writes one AlertDelivery per matching
 * webhook (same moment as the alert change), and a worker POSTs due deliveries as JSON, retrying
 * with exponential backoff (1 s, 2 s, 4 s … capped at 5 min, ±20% jitter) up to MAX_ATTEMPTS.
 * A 2xx delivers; a 4xx other than 408/429 will not get better and fails at once; anything else
 * (5xx, timeout, refused) is retried. Each result lands in the alert's history.
 *
 * Every replica runs the worker: a due delivery is claimed by pushing its nextAttemptAt past the
 * lease inside `FOR UPDATE SKIP LOCKED`, so two replicas never send the same one at once; a worker
 * that dies mid-send leaves a lease that simply expires and the delivery is tried again. Receivers
 * get at-least-once delivery and deduplicate on the `x-gcc-delivery` header.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { Alert } from '../../generated/prisma/client.ts';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
const BATCH = 20;
const TIMEOUT_MS = 5000;

export type Transition = 'fired' | 'acknowledged' | 'resolved';

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The JSON a webhook receives (version 1: fields are only ever added). */
export function webhookPayload(alert: Alert, transition: Transition, actor: string | null) {
  return {
    version: 1,
    transition,
    actor,
    alert: {
      id: alert.id,
      ruleId: alert.ruleId,
      state: alert.state.toLowerCase(),
      severity: alert.severity.toLowerCase(),
      nodeId: alert.nodeId,
      regionCode: alert.regionCode,
      subject: alert.subject,
      summaryZh: alert.summaryZh,
      summaryEn: alert.summaryEn,
      value: alert.value,
      startsAt: alert.startsAt.toISOString(),
      firedAt: alert.firedAt.toISOString(),
      acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: alert.acknowledgedBy,
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
  };
}

/** Queues a transition for every enabled webhook whose minimum severity it reaches. */
export async function enqueueNotifications(db: Database, alert: Alert, transition: Transition, actor: string | null): Promise<number> {
  const hooks = await db.prisma.alertWebhook.findMany({ where: { enabled: true } });
  const matching = hooks.filter((h) => h.minSeverity === 'WARNING' || alert.severity === 'CRITICAL');
  if (!matching.length) return 0;
  const payload = webhookPayload(alert, transition, actor);
  const now = new Date();
  await db.prisma.alertDelivery.createMany({
    data: matching.map((h) => ({ webhookId: h.id, alertId: alert.id, transition, payload: payload as never, nextAttemptAt: now })),
  });
  return matching.length;
}

export interface Notifier {
  start(): void;
  stop(): Promise<void>;
  /** Sends every due delivery once (tests, and each tick). */
  tick(): Promise<number>;
}

export function createNotifier(o: { db: Database; intervalMs: number; log: FastifyBaseLogger; fetch?: typeof fetch }): Notifier {
  const doFetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function claim(): Promise<string[]> {
    const rows = await o.db.sql.query<{ id: string }>(
      `UPDATE "AlertDelivery" SET "nextAttemptAt" = now() + interval '${LEASE_SECONDS} seconds'
       WHERE id IN (SELECT id FROM "AlertDelivery" WHERE status = 'PENDING' AND "nextAttemptAt" <= now()
                    ORDER BY "nextAttemptAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
    );
    return rows.map((r) => r.id);
  }

  async function deliver(id: string): Promise<void> {
    const d = await o.db.prisma.alertDelivery.findUnique({ where: { id }, include: { webhook: true } });
    if (!d || d.status !== 'PENDING') return;
    const attempt = d.attempts + 1;
    let error: string | null = null;
    let permanent = false;
    try {
      const res = await doFetch(d.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gcc-delivery': d.id, 'x-gcc-attempt': String(attempt), 'user-agent': 'gcc-alerting/1' },
        body: JSON.stringify(d.payload),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) {
        error = `HTTP ${res.status}`;
        permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      }
    } catch (err) {
      error = (err as Error).message;
    }
    const now = new Date();
    if (!error) {
      await o.db.prisma.alertDelivery.update({ where: { id }, data: { status: 'DELIVERED', attempts: attempt, deliveredAt: now, lastError: null } });
      await o.db.prisma.alertHistory.create({ data: { alertId: d.alertId, action: 'notified', actor: 'webhook', note: `${d.transition} → ${d.webhook.url} (attempt ${attempt})` } });
      return;
    }
    const giveUp = permanent || attempt >= MAX_ATTEMPTS;
    await o.db.prisma.alertDelivery.update({
      where: { id },
      data: { attempts: attempt, lastError: error, ...(giveUp ? { status: 'FAILED' } : { nextAttemptAt: new Date(now.getTime() + backoffMs(attempt)) }) },
    });
    if (giveUp) {
      o.log.warn({ webhook: d.webhook.url, alert: d.alertId, attempts: attempt, error }, 'alert webhook: giving up');
      await o.db.prisma.alertHistory.create({ data: { alertId: d.alertId, action: 'notify-failed', actor: 'webhook', note: `${d.transition} → ${d.webhook.url}: ${error} after ${attempt} attempt(s)` } });
    }
  }

  async function tickOnce(): Promise<number> {
    let sent = 0;
    try {
      for (;;) {
        const ids = await claim();
        if (!ids.length) break;
        await Promise.all(ids.map((id) => deliver(id).catch((err) => o.log.error({ err, delivery: id }, 'alert webhook: delivery failed'))));
        sent += ids.length;
        if (ids.length < BATCH) break;
      }
    } catch (err) {
      o.log.warn({ err }, 'alert webhook: could not claim deliveries');
    }
    return sent;
  }

  const loop = createChainedLoop({ intervalMs: o.intervalMs, run: tickOnce });

  return {
    start: loop.start,
    stop: loop.stop,
    tick: async () => (await loop.runNow()) ?? 0,
  };
}
