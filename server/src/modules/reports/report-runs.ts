/**
 * Claiming and executing report runs, safe with any number of server instances on one database.
 *
 * A claim is one short transaction: lock the definition's row (FOR UPDATE SKIP LOCKED: an instance
 * that finds it locked is told "busy" at once rather than queueing), look at the period's run, and
 * insert or take it over. The unique key (definitionId, periodKey) is the backstop: even without
 * the lock a second INSERT of the period does nothing (ON CONFLICT DO NOTHING). A claim holder
 * stamps heartbeatAt while it works; a run whose heartbeat stopped for RUN_STALE_MS (its instance
 * died) is taken over by the next claimant, and the first holder's late writes are fenced off by
 * `WHERE "claimedBy" = me`. PGlite has one connection in one process: there the transaction
 * serializes claims by itself.
 */
import { randomUUID } from 'node:crypto';
import { parsePeriodKey, type ReportNote, type ReportPeriod } from '@gcc/domain';
import type { Database } from '../../infra/db/open-database.ts';
import type { SqlRunner } from '../../infra/db/sql-runner.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { fromDbKind } from './report-definitions.ts';
import { buildSnapshot, sealSnapshot } from './report-snapshot.ts';

export const RUN_STALE_MS = 5 * 60_000;
export const HEARTBEAT_MS = 30_000;
/** A scheduled period that failed is retried this many times in all, RETRY_AFTER_MS apart. */
export const MAX_ATTEMPTS = 3;
export const RETRY_AFTER_MS = 10 * 60_000;

export type Trigger = 'schedule' | 'manual';

interface RunRow {
  id: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  claimedBy: string;
  heartbeatAt: Date | string;
  finishedAt: Date | string | null;
  attempts: number;
  periodKey: string;
}

export type ClaimResult =
  | { claimed: true; runId: string; takenOverFrom: string | null; overlapping: { runId: string; periodKey: string; claimedBy: string }[] }
  | { claimed: false; reason: 'done' | 'running' | 'busy' | 'failed' | 'overlap' | 'disabled' | 'missing'; runId: string | null; detail: string };

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

export interface ClaimInput {
  definitionId: string;
  period: ReportPeriod;
  trigger: Trigger;
  instanceId: string;
  nowMs: number;
  requestedBy?: string | null;
}

export async function claimRun(sql: SqlRunner, input: ClaimInput): Promise<ClaimResult> {
  const { definitionId, period, trigger, instanceId, nowMs } = input;
  const now = new Date(nowMs).toISOString();
  const staleBefore = new Date(nowMs - RUN_STALE_MS).toISOString();
  return sql.transaction(async (tx) => {
    const [def] = await tx.query<{ id: string; enabled: boolean }>(
      'SELECT id, enabled FROM "ReportDefinition" WHERE id = $1 FOR UPDATE SKIP LOCKED',
      [definitionId],
    );
    if (!def) {
      const [exists] = await tx.query<{ id: string }>('SELECT id FROM "ReportDefinition" WHERE id = $1', [definitionId]);
      return exists
        ? { claimed: false, reason: 'busy', runId: null, detail: 'another instance is claiming a run of this definition right now' }
        : { claimed: false, reason: 'missing', runId: null, detail: `no report definition ${definitionId}` };
    }
    if (!def.enabled && trigger === 'schedule') return { claimed: false, reason: 'disabled', runId: null, detail: 'the definition is disabled' };

    const [existing] = await tx.query<RunRow>(
      'SELECT id, status, "claimedBy", "heartbeatAt", "finishedAt", attempts, "periodKey" FROM "ReportRun" WHERE "definitionId" = $1 AND "periodKey" = $2',
      [definitionId, period.key],
    );
    if (existing) {
      if (existing.status === 'SUCCEEDED') return { claimed: false, reason: 'done', runId: existing.id, detail: `period ${period.key} already ran` };
      const heartbeat = ms(existing.heartbeatAt)!;
      if (existing.status === 'RUNNING' && heartbeat > nowMs - RUN_STALE_MS) {
        return { claimed: false, reason: 'running', runId: existing.id, detail: `period ${period.key} is being run by ${existing.claimedBy}` };
      }
      if (existing.status === 'FAILED' && trigger === 'schedule' && (existing.attempts >= MAX_ATTEMPTS || (ms(existing.finishedAt) ?? 0) > nowMs - RETRY_AFTER_MS)) {
        return { claimed: false, reason: 'failed', runId: existing.id, detail: `period ${period.key} failed ${existing.attempts} time(s)` };
      }
      // A stale RUNNING claim (its instance stopped) or a failed run to retry: take it over.
      await tx.query(
        `UPDATE "ReportRun" SET status = 'RUNNING', "claimedBy" = $2, "claimedAt" = $3, "heartbeatAt" = $3, attempts = attempts + 1,
           error = NULL, "finishedAt" = NULL WHERE id = $1`,
        [existing.id, instanceId, now],
      );
      return { claimed: true, runId: existing.id, takenOverFrom: existing.status === 'RUNNING' ? existing.claimedBy : null, overlapping: [] };
    }

    const running = await tx.query<{ id: string; periodKey: string; claimedBy: string }>(
      `SELECT id, "periodKey", "claimedBy" FROM "ReportRun" WHERE "definitionId" = $1 AND status = 'RUNNING' AND "heartbeatAt" > $2`,
      [definitionId, staleBefore],
    );
    // A schedule firing while another run of the same definition still runs waits for the next
    // tick (the report then says how late it is and why); a person asking now is served now.
    if (running.length && trigger === 'schedule') {
      return { claimed: false, reason: 'overlap', runId: running[0]!.id, detail: `run ${running[0]!.id} (${running[0]!.periodKey}) of this definition is still running` };
    }
    const id = randomUUID();
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO "ReportRun" (id, "definitionId", "periodKey", "periodStart", "periodEnd", trigger, status, "claimedBy", "claimedAt", "heartbeatAt", "requestedBy", recipients)
       SELECT $1, d.id, $3, $4, $5, $6, 'RUNNING', $7, $8, $8, $9, d.recipients FROM "ReportDefinition" d WHERE d.id = $2
       ON CONFLICT ("definitionId", "periodKey") DO NOTHING RETURNING id`,
      [id, definitionId, period.key, new Date(period.startMs).toISOString(), new Date(period.endMs).toISOString(), trigger, instanceId, now, input.requestedBy ?? null],
    );
    if (!inserted.length) return { claimed: false, reason: 'running', runId: null, detail: `period ${period.key} was claimed concurrently` };
    return { claimed: true, runId: id, takenOverFrom: null, overlapping: running.map((r) => ({ runId: r.id, periodKey: r.periodKey, claimedBy: r.claimedBy })) };
  });
}

export interface ExecuteOptions {
  db: Database;
  vm: VmClient;
  instanceId: string;
  clock: () => number;
  claim: Extract<ClaimResult, { claimed: true }>;
  /** When the period became due (scheduled runs): a late start is explained in the report. */
  dueMs?: number;
}

/** Notes about how the run itself went, which the data alone cannot tell. */
async function runNotes(o: ExecuteOptions, run: { definitionId: string; claimedAt: Date }): Promise<ReportNote[]> {
  const notes: ReportNote[] = [];
  for (const r of o.claim.overlapping) {
    notes.push({
      code: 'overlap',
      zh: `本次运行开始时，同一报告定义的另一运行（${r.periodKey}，实例 ${r.claimedBy}）仍在进行；两者各自读取截至其报告期末的数据，互不影响`,
      en: `When this run started another run of the same definition (${r.periodKey}, instance ${r.claimedBy}) was still in progress; each reads the data as of its own period's end`,
    });
  }
  if (o.claim.takenOverFrom) {
    notes.push({
      code: 'delayed',
      zh: `本期报告原由实例 ${o.claim.takenOverFrom} 生成，该实例停止响应超过 ${RUN_STALE_MS / 60_000} 分钟，已由实例 ${o.instanceId} 接替重新生成`,
      en: `Instance ${o.claim.takenOverFrom} started this period's report and stopped answering for over ${RUN_STALE_MS / 60_000} minutes; instance ${o.instanceId} took over and generated it again`,
    });
  }
  if (o.dueMs !== undefined && run.claimedAt.getTime() - o.dueMs > 10 * 60_000) {
    const due = new Date(o.dueMs).toISOString();
    const lateMin = Math.round((run.claimedAt.getTime() - o.dueMs) / 60_000);
    const [definition, blocker] = await Promise.all([
      o.db.prisma.reportDefinition.findUniqueOrThrow({ where: { id: run.definitionId } }),
      o.db.prisma.reportRun.findFirst({
        where: { definitionId: run.definitionId, finishedAt: { gt: new Date(o.dueMs) }, NOT: { claimedAt: run.claimedAt } },
        orderBy: { finishedAt: 'desc' },
      }),
    ]);
    if (definition.createdAt.getTime() > o.dueMs) {
      notes.push({
        code: 'delayed',
        zh: `本报告定义创建于本期结束之后（自 ${definition.activeFrom.toISOString()} 起生效），本期为首次补生成；数据仍截至报告期末`,
        en: `This report's definition was created after the period ended (active from ${definition.activeFrom.toISOString()}): the period was generated on its first run; figures are still as of the period's end`,
      });
    } else if (blocker && blocker.claimedAt.getTime() < o.dueMs + 60_000) {
      notes.push({
        code: 'delayed',
        zh: `本报告应于 ${due} 生成，因同一定义的运行 ${blocker.periodKey} 仍在进行而推迟 ${lateMin} 分钟`,
        en: `Due at ${due}, this report waited ${lateMin} minutes for run ${blocker.periodKey} of the same definition to finish`,
      });
    } else {
      notes.push({
        code: 'delayed',
        zh: `本报告应于 ${due} 生成，晚了 ${lateMin} 分钟（服务当时未运行，重启后补生成）；数据仍截至报告期末`,
        en: `Due at ${due}, this report was generated ${lateMin} minutes late (no server was running; caught up after a restart); figures are still as of the period's end`,
      });
    }
  }
  return notes;
}

/** Computes the snapshot of a claimed run and stores it, fenced by the claim. */
export async function executeRun(o: ExecuteOptions): Promise<'succeeded' | 'failed' | 'lost'> {
  const { db, instanceId } = o;
  const runId = o.claim.runId;
  const beat = setInterval(() => {
    db.prisma.reportRun
      .updateMany({ where: { id: runId, claimedBy: instanceId, status: 'RUNNING' }, data: { heartbeatAt: new Date(o.clock()) } })
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  try {
    const run = await db.prisma.reportRun.findUniqueOrThrow({ where: { id: runId }, include: { definition: true } });
    const period = parsePeriodKey(run.periodKey);
    try {
      const snapshot = await buildSnapshot(db, o.vm, {
        kind: fromDbKind(run.definition.kind),
        regionCode: run.definition.regionCode,
        period,
        nowMs: o.clock(),
        notes: await runNotes(o, run),
      });
      const sealed = sealSnapshot(snapshot);
      const done = await db.prisma.reportRun.updateMany({
        where: { id: runId, claimedBy: instanceId, status: 'RUNNING' },
        data: { status: 'SUCCEEDED', snapshot: sealed.text, contentHash: sealed.hash, finishedAt: new Date(o.clock()), heartbeatAt: new Date(o.clock()) },
      });
      return done.count === 1 ? 'succeeded' : 'lost';
    } catch (err) {
      const failed = await db.prisma.reportRun.updateMany({
        where: { id: runId, claimedBy: instanceId, status: 'RUNNING' },
        data: { status: 'FAILED', error: (err as Error).message.slice(0, 2000), finishedAt: new Date(o.clock()) },
      });
      if (failed.count !== 1) return 'lost';
      throw err;
    }
  } finally {
    clearInterval(beat);
  }
}
