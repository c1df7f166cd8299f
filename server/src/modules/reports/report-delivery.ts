/**
 * Delivering finished runs and published bulletins to their recipients, as an outbox in the database.
 *
 * Queueing: a finished run's recipients (recorded on the run when it was claimed) are expanded
 * (report-recipients.ts) into one ReportDelivery row per user and per mail address; the unique key
 * (runId, channel, address) lets any number of instances queue the same run without duplicates, and
 * `deliveriesQueuedAt` marks the run done. A run whose instance stopped between finishing and
 * queueing is queued by the next tick of any instance, so no finished run goes undelivered.
 *
 * A bulletin version (first publication or correction) goes to the recipients its report
 * definition has when it is published: its rows (unique (bulletinId, channel, address)) are written
 * in the transaction that publishes it (bulletins-service.ts), so a published version always has
 * its deliveries and a version is published once, whoever asks on whichever instance. Its mail
 * carries the version's frozen snapshot as PDF and XLSX, its number and version, and for a
 * correction the version it corrects and the note.
 *
 * Inbox copies are delivered when queued (the row is the inbox). A mail address without an SMTP
 * server configured is LOGGED: the log says it was not sent and why. Mail is sent by whichever
 * instance claims the row: the claim is an UPDATE … FOR UPDATE SKIP LOCKED that sets a lease
 * (nextAttemptAt = now + LEASE_MS); a claim whose instance stopped is claimed again once the lease
 * ends, so a mail may (rarely) be sent twice but never lost. A failure is recorded and retried with
 * backoff; after MAX_ATTEMPTS the row is FAILED and can be sent again by hand. The report itself is
 * never touched by any of this: it stays in the console and downloadable whatever mail does.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { Prisma, ReportDelivery } from '../../generated/prisma/client.ts';
import { bulletinDefinition } from './bulletins-service.ts';
import { bulletinDocument, runDocument, type DocumentSource } from './report-documents.ts';
import { composeReportMail, type BulletinMailInfo, type MailAttachment, type ReportMailer } from './report-mail.ts';
import type { PdfRenderer } from './report-pdf.ts';
import { expandRecipients, type DeliveryTarget } from './report-recipients.ts';
import { reportWorkbook } from './report-xlsx.ts';

export const DELIVERY_MAX_ATTEMPTS = 5;
/** Wait after the n-th failed attempt (1-based). */
export const DELIVERY_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000];
export const DELIVERY_LEASE_MS = 5 * 60_000;
const BATCH = 20;

export interface DeliveryOptions {
  db: Database;
  instanceId: string;
  clock: () => number;
  log?: FastifyBaseLogger | undefined;
  /** Mail transport; null = no SMTP server configured. */
  mailer?: ReportMailer | null | undefined;
  /** Renders the PDF attachment; without it mail carries the XLSX and the link. */
  pdf?: PdfRenderer | undefined;
  /** The console's public address for links in mail. */
  publicUrl?: string | null | undefined;
}

export type ReportDeliveryService = ReturnType<typeof createReportDelivery>;

const NO_SMTP = 'no SMTP server is configured (GCC_SMTP_URL): recorded in the delivery log only; the report is in the console';

export function createReportDelivery(o: DeliveryOptions) {
  const prisma = o.db.prisma;
  const mailer = o.mailer ?? null;

  /** The outbox rows of one run's or bulletin version's targets, as they start out. */
  function rowsOf(source: { runId: string } | { bulletinId: string }, targets: DeliveryTarget[]): Prisma.ReportDeliveryCreateManyInput[] {
    const now = new Date(o.clock());
    return targets.map((t) => ({
      ...source,
      recipient: t.recipient,
      channel: t.channel,
      address: t.address,
      nextAttemptAt: now,
      ...(t.skipped
        ? { status: 'SKIPPED' as const, detail: t.skipped }
        : t.channel === 'INBOX'
          ? { status: 'DELIVERED' as const, deliveredAt: now, detail: 'in the console inbox' }
          : mailer
            ? { status: 'PENDING' as const }
            : { status: 'LOGGED' as const, detail: NO_SMTP }),
    }));
  }

  /** Writes a finished run's deliveries (once, whoever calls); returns how many rows it added. */
  async function queue(runId: string): Promise<number> {
    const run = await prisma.reportRun.findUnique({ where: { id: runId }, include: { definition: { select: { regionCode: true } } } });
    if (!run || run.status !== 'SUCCEEDED' || run.deliveriesQueuedAt) return 0;
    const now = new Date(o.clock());
    const targets = await expandRecipients(prisma, run.recipients, run.definition.regionCode);
    const { count } = await prisma.reportDelivery.createMany({ skipDuplicates: true, data: rowsOf({ runId }, targets) });
    await prisma.reportRun.updateMany({ where: { id: runId, deliveriesQueuedAt: null }, data: { deliveriesQueuedAt: now } });
    return count;
  }

  /**
   * Writes a published bulletin version's deliveries to its definition's recipients, checked
   * against the bulletin's region as they are now. Called inside the publishing transaction
   * (`tx`); the unique key keeps a second call from adding anything.
   */
  async function queueBulletin(tx: Prisma.TransactionClient, bulletinId: string): Promise<number> {
    const b = await tx.bulletin.findUnique({ where: { id: bulletinId } });
    if (!b || b.status !== 'PUBLISHED') return 0;
    const definition = await bulletinDefinition(tx, b);
    if (!definition) {
      o.log?.warn({ bulletin: bulletinId }, 'published bulletin without a report definition: nobody to notify');
      return 0;
    }
    const targets = await expandRecipients(tx, definition.recipients, b.regionCode);
    const { count } = await tx.reportDelivery.createMany({ skipDuplicates: true, data: rowsOf({ bulletinId }, targets) });
    return count;
  }

  /** Queues finished runs whose deliveries were never written (their instance stopped first). */
  async function queueMissed(): Promise<number> {
    const runs = await prisma.reportRun.findMany({ where: { status: 'SUCCEEDED', deliveriesQueuedAt: null }, select: { id: true }, take: 50 });
    let n = 0;
    for (const r of runs) n += await queue(r.id);
    return n;
  }

  async function claim(): Promise<ReportDelivery[]> {
    const now = o.clock();
    const rows = await o.db.sql.query<{ id: string }>(
      `UPDATE "ReportDelivery" SET status = 'SENDING', "claimedBy" = $1, attempts = attempts + 1, "nextAttemptAt" = $3
       WHERE id IN (SELECT id FROM "ReportDelivery" WHERE status IN ('PENDING', 'SENDING') AND channel = 'EMAIL' AND "nextAttemptAt" <= $2
                    ORDER BY "nextAttemptAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [o.instanceId, new Date(now).toISOString(), new Date(now + DELIVERY_LEASE_MS).toISOString()],
    );
    return rows.length ? prisma.reportDelivery.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { createdAt: 'asc' } }) : [];
  }

  /** A run's or a bulletin version's document, and what a bulletin's mail says about it. */
  async function documentOf(source: DocumentSource, id: string) {
    if (source === 'runs') {
      const run = await prisma.reportRun.findUniqueOrThrow({ where: { id }, include: { definition: { select: { regionCode: true } } } });
      return { doc: runDocument(run), bulletin: null };
    }
    const b = await prisma.bulletin.findUniqueOrThrow({ where: { id }, include: { previous: { select: { version: true } } } });
    const definition = await bulletinDefinition(prisma, b);
    const bulletin: BulletinMailInfo = {
      number: b.number,
      version: b.version,
      corrects: b.previous ? { version: b.previous.version, note: b.correctionNote ?? '' } : null,
      definitionName: definition?.name ?? b.number,
    };
    return { doc: bulletinDocument(b), bulletin };
  }

  /** The attachments of one run's or bulletin version's mail, rendered once for all its recipients. */
  async function attachmentsOf(source: DocumentSource, id: string) {
    const { doc, bulletin } = await documentOf(source, id);
    const attachments: MailAttachment[] = [
      { filename: `${doc.fileBase}.xlsx`, content: await reportWorkbook(doc.snapshot, { contentHash: doc.contentHash, label: doc.label.zh }), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    ];
    let pdfProblem: string | null = o.pdf ? null : 'no PDF renderer on this instance';
    if (o.pdf) {
      try {
        const pdf = await o.pdf.render({ snapshot: doc.snapshot, locale: 'zh-CN', contentHash: doc.contentHash, document: doc.label });
        attachments.unshift({ filename: `${doc.fileBase}.pdf`, content: pdf, contentType: 'application/pdf' });
      } catch (err) {
        // The mail still goes, with the XLSX and the link: a missing Chromium must not hold reports back.
        pdfProblem = (err as Error).message;
        o.log?.warn({ err, [source]: id }, 'report mail without its PDF');
      }
    }
    return { doc, bulletin, attachments, pdfProblem };
  }

  async function settle(d: ReportDelivery, outcome: { ok: true; detail: string } | { ok: false; error: string }): Promise<void> {
    const now = o.clock();
    const fence = { id: d.id, claimedBy: o.instanceId, status: 'SENDING' as const };
    if (outcome.ok) {
      await prisma.reportDelivery.updateMany({ where: fence, data: { status: 'DELIVERED', deliveredAt: new Date(now), detail: outcome.detail, lastError: null } });
    } else if (d.attempts >= DELIVERY_MAX_ATTEMPTS) {
      await prisma.reportDelivery.updateMany({ where: fence, data: { status: 'FAILED', lastError: outcome.error.slice(0, 2000), detail: `gave up after ${d.attempts} attempts; send it again from the delivery log` } });
    } else {
      const wait = DELIVERY_BACKOFF_MS[Math.min(d.attempts, DELIVERY_BACKOFF_MS.length) - 1]!;
      await prisma.reportDelivery.updateMany({ where: fence, data: { status: 'PENDING', lastError: outcome.error.slice(0, 2000), nextAttemptAt: new Date(now + wait) } });
    }
  }

  /** Sends the mail that is due; returns how many were delivered. */
  async function sendDue(): Promise<number> {
    if (!mailer) return 0;
    let delivered = 0;
    for (let batch = await claim(); batch.length; batch = await claim()) {
      // One document per run or bulletin version in the batch, rendered once for its recipients.
      const bySource = new Map<string, { source: DocumentSource; id: string; rows: ReportDelivery[] }>();
      for (const d of batch) {
        const [source, id] = d.runId ? (['runs', d.runId] as const) : (['bulletins', d.bulletinId!] as const);
        const group = bySource.get(`${source}/${id}`) ?? { source, id, rows: [] };
        group.rows.push(d);
        bySource.set(`${source}/${id}`, group);
      }
      for (const { source, id, rows } of bySource.values()) {
        let rendered: Awaited<ReturnType<typeof attachmentsOf>>;
        try {
          rendered = await attachmentsOf(source, id);
        } catch (err) {
          o.log?.error({ err, [source]: id }, 'report mail could not be prepared');
          for (const d of rows) await settle(d, { ok: false, error: `the report could not be prepared: ${(err as Error).message}` });
          continue;
        }
        for (const d of rows) {
          try {
            const mail = composeReportMail(rendered.doc, {
              source, id, to: d.address, publicUrl: o.publicUrl ?? null, attachments: rendered.attachments, pdfProblem: rendered.pdfProblem, bulletin: rendered.bulletin,
            });
            const info = await mailer.send(mail);
            const attached = rendered.attachments.map((a) => a.filename).join(', ');
            await settle(d, { ok: true, detail: `${info.messageId} ${info.response}; attached ${attached}${rendered.pdfProblem ? `; PDF not attached: ${rendered.pdfProblem}` : ''}`.trim() });
            delivered++;
          } catch (err) {
            o.log?.warn({ err, [source]: id, delivery: d.id, attempt: d.attempts }, 'report mail failed; will retry');
            await settle(d, { ok: false, error: (err as Error).message });
          }
        }
      }
    }
    return delivered;
  }

  return {
    queue,
    queueBulletin,
    sendDue,
    /** One pass: queue missed runs, then send what is due. */
    async process(): Promise<{ queued: number; delivered: number }> {
      const queued = await queueMissed();
      return { queued, delivered: await sendDue() };
    },
    /** A failed (or only logged) mail back to the queue for another full set of attempts; false when there is nothing to send. */
    async resend(id: string): Promise<boolean> {
      if (!mailer) return false;
      const r = await prisma.reportDelivery.updateMany({
        where: { id, channel: 'EMAIL', status: { in: ['FAILED', 'LOGGED'] } },
        data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(o.clock()), detail: null },
      });
      return r.count === 1;
    },
    hasMailer: mailer !== null,
  };
}
