/**
 * The report scheduler: every minute (croner, `protect` so ticks never stack) each instance looks
 * for scheduled periods that are due — ended, plus a grace for late data, and after the
 * definition's activeFrom — and for runs whose instance stopped; it claims each (report-runs.ts)
 * and runs what it won, then delivers finished runs (report-delivery.ts). Schedules are data in the
 * database, so they survive restarts, and a period missed while no server ran is caught up (the
 * latest few) on the next tick.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { completedPeriods, parsePeriodKey, type ReportPeriod } from '@gcc/domain';
import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { fromDbFrequency } from './report-definitions.ts';
import { createReportDelivery, type DeliveryOptions } from './report-delivery.ts';
import { claimRun, executeRun, RUN_STALE_MS, type ClaimResult, type Trigger } from './report-runs.ts';

/** Wait this long after a period ends before reporting it: collectors' last samples arrive. */
export const DUE_GRACE_MS = 5 * 60_000;
/** At most this many missed periods per definition are caught up after an outage. */
export const MAX_CATCH_UP = 3;

export interface ReportRunnerOptions {
  db: Database;
  vm: VmClient;
  log?: FastifyBaseLogger;
  /** Names this instance in claims; default host:pid:random. */
  instanceId?: string;
  clock?: () => number;
  /** Delivery of finished runs (report-delivery.ts): mail transport, PDF renderer, console address. */
  delivery?: Pick<DeliveryOptions, 'mailer' | 'pdf' | 'publicUrl'>;
}

export interface TickResult {
  ran: string[];
  skipped: { definitionId: string; periodKey: string; reason: string }[];
}

export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Claims and runs report periods; shared by the scheduler and by people asking for a run. */
export function createReportRunner(o: ReportRunnerOptions) {
  const instanceId = o.instanceId ?? defaultInstanceId();
  const clock = o.clock ?? Date.now;
  const inFlight = new Set<Promise<unknown>>();
  const delivery = createReportDelivery({ db: o.db, instanceId, clock, log: o.log, ...o.delivery });

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  async function execute(claim: Extract<ClaimResult, { claimed: true }>, dueMs?: number) {
    let outcome: Awaited<ReturnType<typeof executeRun>>;
    try {
      outcome = await executeRun({ db: o.db, vm: o.vm, instanceId, clock, claim, ...(dueMs !== undefined ? { dueMs } : {}) });
    } catch (err) {
      o.log?.error({ err, run: claim.runId }, 'report run failed');
      return 'failed' as const;
    }
    if (outcome === 'succeeded') {
      // Deliver at once; what fails here is retried by the next tick (the run is already safe).
      try {
        await delivery.queue(claim.runId);
        await delivery.sendDue();
      } catch (err) {
        o.log?.error({ err, run: claim.runId }, 'report delivery failed; the next tick retries it');
      }
    }
    return outcome;
  }

  /** Claims a period; when won, runs it in the background and returns at once (`done` settles when it ends). */
  async function request(definitionId: string, period: ReportPeriod, trigger: Trigger, requestedBy: string | null, dueMs?: number): Promise<ClaimResult & { done?: Promise<unknown> }> {
    const claim = await claimRun(o.db.sql, { definitionId, period, trigger, instanceId, nowMs: clock(), requestedBy });
    if (!claim.claimed) return claim;
    return { ...claim, done: track(execute(claim, dueMs)) };
  }

  return {
    instanceId,
    clock,
    delivery,
    request,
    /** Sends the mail that is due in the background (a bulletin was just published); `settled()` waits for it, failures wait for the next tick. */
    sendSoon(): void {
      void track(delivery.sendDue().catch((err: unknown) => o.log?.error({ err }, 'report mail failed; the next tick retries it')));
    },
    /** One scheduling pass: due periods of every enabled scheduled definition, then abandoned runs. */
    async tick(): Promise<TickResult> {
      const now = clock();
      const result: TickResult = { ran: [], skipped: [] };
      const definitions = await o.db.prisma.reportDefinition.findMany({ where: { enabled: true, frequency: { not: 'AD_HOC' } }, orderBy: { createdAt: 'asc' } });
      for (const d of definitions) {
        const frequency = fromDbFrequency(d.frequency) as Exclude<ReturnType<typeof fromDbFrequency>, 'ad-hoc'>;
        const due = completedPeriods(frequency, d.activeFrom.getTime(), now, DUE_GRACE_MS, MAX_CATCH_UP);
        if (!due.length) continue;
        const done = new Set(
          (await o.db.prisma.reportRun.findMany({ where: { definitionId: d.id, periodKey: { in: due.map((p) => p.key) }, status: 'SUCCEEDED' }, select: { periodKey: true } })).map((r) => r.periodKey),
        );
        for (const p of due.filter((x) => !done.has(x.key))) {
          const claim = await request(d.id, p, 'schedule', null, p.endMs + DUE_GRACE_MS);
          if (claim.claimed) {
            await claim.done;
            result.ran.push(`${d.id}/${p.key}`);
          } else {
            result.skipped.push({ definitionId: d.id, periodKey: p.key, reason: claim.reason });
            // Periods of one definition run in order: a later one waits behind a running one.
            if (claim.reason === 'overlap' || claim.reason === 'busy') break;
          }
        }
      }
      // Manual runs whose instance stopped mid-way: finish them here.
      const abandoned = await o.db.prisma.reportRun.findMany({
        where: { status: 'RUNNING', trigger: 'manual', heartbeatAt: { lt: new Date(now - RUN_STALE_MS) } },
        select: { definitionId: true, periodKey: true },
      });
      for (const r of abandoned) {
        const claim = await request(r.definitionId, parsePeriodKey(r.periodKey), 'manual', null);
        if (claim.claimed) {
          await claim.done;
          result.ran.push(`${r.definitionId}/${r.periodKey}`);
        }
      }
      // Deliveries: runs finished but not queued (an instance stopped), mail due for a retry.
      try {
        await track(delivery.process());
      } catch (err) {
        o.log?.error({ err }, 'report deliveries failed; the next tick retries them');
      }
      return result;
    },
    /** Resolves when every run this instance started has finished. */
    async settled(): Promise<void> {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

export type ReportRunner = ReturnType<typeof createReportRunner>;

/**
 * Ticks the runner every minute until stopped. The first tick waits half a minute, so a starting
 * server (and its collectors) settle before catching up missed periods.
 */
export function startReportScheduler(runner: ReportRunner, log?: FastifyBaseLogger): { stop(): Promise<void> } {
  const tick = async () => {
    try {
      const r = await runner.tick();
      if (r.ran.length) log?.info({ ran: r.ran }, 'scheduled reports generated');
    } catch (err) {
      log?.error({ err }, 'report scheduler tick failed');
    }
  };
  const job = new Cron('0 * * * * *', { protect: true, startAt: new Date(Date.now() + 30_000) }, tick);
  return {
    async stop() {
      job.stop();
      await runner.settled();
    },
  };
}
