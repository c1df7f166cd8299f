/**
 * Bulletins (通报): a report run's snapshot goes draft → reviewed → published. The snapshot and its
 * sha256 are fixed when the draft is made; publication freezes the row. A correction is a new
 * version (same number, version + 1, previousId = the corrected one) with a snapshot recomputed
 * now for the same report and period, and a note saying why. The old version stays published and
 * unchanged; "superseded" is read from the newer version that points at it.
 *
 * Four eyes: the reviewer is not the author (of the draft or of the correction); publication needs
 * the reviewed state.
 *
 * Publication notifies: the caller hands in what to do in the publishing transaction (the
 * deliveries to the report definition's recipients, report-delivery.ts), so a version is published
 * with its deliveries or not at all, and a second publication is refused before anything is written.
 *
 * The database enforces the same rules (migration 20261125102759_reports: a trigger refuses any
 * UPDATE or DELETE of a published row, checks tie the hash to the snapshot; 20261125123804: the
 * reviewer differs from the author): the service checks first for a clear error, the database
 * makes sure nobody goes around it.
 */
import { PROVINCE_CODE, type ReportSnapshot } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import type { Bulletin, Prisma, PrismaClient, ReportDefinition } from '../../generated/prisma/client.ts';
import { buildSnapshot, openSnapshot, sealSnapshot } from './report-snapshot.ts';
import { parsePeriodKey } from '@gcc/domain';

export function bulletinNumber(regionCode: string, periodKey: string, kind: ReportSnapshot['kind']): string {
  return `${kind === 'provider-assessment' ? 'KH' : 'TB'}-${regionCode}-${periodKey}`;
}

/** Maps the database's refusals (trigger, unique keys) to the registry's codes. */
export function bulletinDbError(err: unknown): unknown {
  const text = `${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`;
  if (text.includes('GCC_BULLETIN_FROZEN')) {
    const m = /GCC_BULLETIN_FROZEN: ([^"\n]*)/.exec(text);
    return new GccError('GCC_ERR_BULLETIN_FROZEN', m?.[1]?.trim() ?? 'a published bulletin cannot be changed', { cause: err });
  }
  if (text.includes('Bulletin_four_eyes_check')) return new GccError('GCC_ERR_BULLETIN_FOUR_EYES', "a bulletin's reviewer must not be its author", { cause: err });
  return err;
}

export async function requireBulletin(prisma: PrismaClient, id: string): Promise<Bulletin> {
  const b = await prisma.bulletin.findUnique({ where: { id } });
  if (!b) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no bulletin with id "${id}"`);
  return b;
}

/**
 * The report definition a bulletin version came from: its run's, or for a correction (recomputed,
 * without a run of its own) that of the first version it descends from. Null when there is none.
 */
export async function bulletinDefinition(prisma: Prisma.TransactionClient, b: Bulletin): Promise<ReportDefinition | null> {
  let current: Pick<Bulletin, 'runId' | 'previousId'> | null = b;
  for (let hops = 0; current && !current.runId && current.previousId && hops < 1000; hops++) {
    current = await prisma.bulletin.findUnique({ where: { id: current.previousId }, select: { runId: true, previousId: true } });
  }
  if (!current?.runId) return null;
  const run = await prisma.reportRun.findUnique({ where: { id: current.runId }, include: { definition: true } });
  return run?.definition ?? null;
}

/** What publication does in its transaction besides the status: queue the version's deliveries. */
export type OnPublished = (tx: Prisma.TransactionClient, bulletinId: string) => Promise<unknown>;

export async function draftBulletin(prisma: PrismaClient, runId: string, actor: string): Promise<Bulletin> {
  const run = await prisma.reportRun.findUnique({ where: { id: runId }, include: { definition: true } });
  if (!run) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no report run with id "${runId}"`);
  if (run.status !== 'SUCCEEDED' || !run.snapshot || !run.contentHash) {
    throw new GccError('GCC_ERR_REPORT_NOT_READY', `report run ${runId} (${run.periodKey}) is ${run.status.toLowerCase()}: a bulletin is drafted from a finished run`);
  }
  const snapshot = openSnapshot(run.snapshot, run.contentHash);
  const number = bulletinNumber(run.definition.regionCode, run.periodKey, snapshot.kind);
  const existing = await prisma.bulletin.findFirst({ where: { number }, orderBy: { version: 'desc' } });
  if (existing) {
    throw new GccError(
      'GCC_ERR_BULLETIN_TRANSITION',
      `bulletin ${number} already exists (version ${existing.version}, ${existing.status.toLowerCase()}): ${existing.status === 'PUBLISHED' ? 'issue a correction of it' : 'review and publish that draft'}`,
    );
  }
  try {
    return await prisma.bulletin.create({
      data: {
        number, version: 1, runId, regionCode: run.definition.regionCode, titleZh: snapshot.title.zh, titleEn: snapshot.title.en,
        snapshot: run.snapshot, contentHash: run.contentHash, createdBy: actor,
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${number} was drafted concurrently`, { cause: err });
    throw err;
  }
}

async function step(prisma: PrismaClient, id: string, from: Bulletin['status'], data: Partial<Bulletin>, what: string, then?: OnPublished): Promise<Bulletin> {
  const b = await requireBulletin(prisma, id);
  if (b.status === 'PUBLISHED') throw new GccError('GCC_ERR_BULLETIN_FROZEN', `bulletin ${b.number} version ${b.version} is published and cannot be ${what}; issue a correction`);
  if (b.status !== from) throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${b.number} version ${b.version} is ${b.status.toLowerCase()}: only a ${from.toLowerCase()} one can be ${what}`);
  if (data.reviewedBy !== undefined && data.reviewedBy === b.createdBy) {
    throw new GccError('GCC_ERR_BULLETIN_FOUR_EYES', `${b.createdBy} ${b.previousId ? 'issued this correction' : 'drafted'} bulletin ${b.number} version ${b.version} and cannot also review it: another user reviews it (four eyes)`);
  }
  try {
    await prisma.$transaction(async (tx) => {
      // The status in the WHERE makes concurrent steps safe: the loser updates nothing (and writes nothing else).
      const r = await tx.bulletin.updateMany({ where: { id, status: from }, data });
      if (r.count !== 1) throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${b.number} changed while it was being ${what}`);
      await then?.(tx, id);
    });
  } catch (err) {
    throw bulletinDbError(err);
  }
  return requireBulletin(prisma, id);
}

export function reviewBulletin(prisma: PrismaClient, id: string, actor: string, nowMs = Date.now()): Promise<Bulletin> {
  return step(prisma, id, 'DRAFT', { status: 'REVIEWED', reviewedBy: actor, reviewedAt: new Date(nowMs) }, 'reviewed');
}

/** Publishes a reviewed version; `onPublished` runs in the same transaction (the deliveries to its recipients). */
export function publishBulletin(prisma: PrismaClient, id: string, actor: string, nowMs = Date.now(), onPublished?: OnPublished): Promise<Bulletin> {
  return step(prisma, id, 'REVIEWED', { status: 'PUBLISHED', publishedBy: actor, publishedAt: new Date(nowMs) }, 'published', onPublished);
}

/** A new draft version of a published bulletin, recomputed now for the same report and period. */
export async function correctBulletin(db: Database, vm: VmClient, id: string, note: string, actor: string, nowMs = Date.now()): Promise<Bulletin> {
  const prisma = db.prisma;
  const b = await requireBulletin(prisma, id);
  if (!note.trim()) throw new GccError('GCC_ERR_REPORT_INPUT', 'a correction needs a note saying what was wrong');
  if (b.status !== 'PUBLISHED') throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${b.number} version ${b.version} is ${b.status.toLowerCase()}: correct only published versions (a draft is simply replaced by reviewing the right data)`);
  const newer = await prisma.bulletin.findUnique({ where: { previousId: id } });
  if (newer) throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${b.number} version ${b.version} was already corrected by version ${newer.version}: correct that one`);
  const old = openSnapshot(b.snapshot, b.contentHash);
  const snapshot = await buildSnapshot(db, vm, {
    kind: old.kind,
    regionCode: b.regionCode ?? PROVINCE_CODE,
    period: parsePeriodKey(old.period.key),
    nowMs,
    notes: [{ code: 'delayed', zh: `更正（第 ${b.version + 1} 版，更正第 ${b.version} 版）：${note.trim()}`, en: `Correction (version ${b.version + 1}, correcting version ${b.version}): ${note.trim()}` }],
  });
  const sealed = sealSnapshot(snapshot);
  try {
    return await prisma.bulletin.create({
      data: {
        number: b.number, version: b.version + 1, previousId: b.id, regionCode: b.regionCode, titleZh: b.titleZh, titleEn: b.titleEn,
        snapshot: sealed.text, contentHash: sealed.hash, correctionNote: note.trim(), createdBy: actor,
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new GccError('GCC_ERR_BULLETIN_TRANSITION', `bulletin ${b.number} version ${b.version} was corrected concurrently`, { cause: err });
    throw err;
  }
}
