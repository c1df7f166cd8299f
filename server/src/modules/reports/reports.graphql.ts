import { adHocPeriod, parsePeriodKey, periodContaining, PROVINCE_CODE, type ReportFrequency, type ReportKind } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { Bulletin, ReportDefinition, ReportDelivery, ReportRun } from '../../generated/prisma/client.ts';
import { bulletinDefinition, correctBulletin, draftBulletin, publishBulletin, requireBulletin, reviewBulletin } from './bulletins-service.ts';
import { canSeeReport, requireProvinceWriter, requireReportVisible, requireReportWriter, visibleRegions } from './report-access.ts';
import { createDefinition, fromDbFrequency, requireDefinition, updateDefinition, type DefinitionInput } from './report-definitions.ts';
import { downloadUrl, type DocumentSource } from './report-documents.ts';
import type { ReportsService } from './reports-plugin.ts';
import { regionOf } from './report-snapshot.ts';

export const reportsTypeDefs = /* GraphQL */ `
  enum ReportKind { EVALUATION PROVIDER_ASSESSMENT }
  enum ReportFrequency { WEEKLY MONTHLY QUARTERLY AD_HOC }
  enum ReportRunStatus { RUNNING SUCCEEDED FAILED }
  enum BulletinStatus { DRAFT REVIEWED PUBLISHED }

  enum ReportDeliveryChannel { INBOX EMAIL }
  enum ReportDeliveryStatus { PENDING SENDING DELIVERED FAILED SKIPPED LOGGED }

  "Where a document can be downloaded (GET with the same bearer token)."
  type ReportDownloads { pdf: String! xlsx: String! json: String! }

  "What to report, for which region (440000 = the province), how often, to whom: recipients are usernames (or user:NAME), role:ROLE, city:CODE (the city bureau's users) and mail addresses."
  type ReportDefinition {
    id: ID!
    name: String!
    kind: ReportKind!
    frequency: ReportFrequency!
    regionCode: String!
    regionNameZh: String!
    recipients: [String!]!
    enabled: Boolean!
    activeFrom: DateTime!
    createdBy: String!
    createdAt: DateTime!
    "The period the schedule reports next (null for ad hoc definitions)."
    nextPeriod: String
    runs(limit: Int = 12): [ReportRun!]!
  }

  "One run of a definition for one period; a period runs once however many servers there are."
  type ReportRun {
    id: ID!
    definition: ReportDefinition!
    periodKey: String!
    periodStart: DateTime!
    periodEnd: DateTime!
    "schedule or manual."
    trigger: String!
    status: ReportRunStatus!
    claimedBy: String!
    claimedAt: DateTime!
    finishedAt: DateTime
    attempts: Int!
    error: String
    requestedBy: String
    recipients: [String!]!
    "sha256 of the snapshot's UTF-8 bytes."
    contentHash: String
    "The data snapshot (canonical JSON, @gcc/domain ReportSnapshot)."
    snapshot: String
    downloads: ReportDownloads
    bulletins: [Bulletin!]!
    "The delivery log: one row per user (inbox) and mail address the run went to, or was not sent to and why."
    deliveries: [ReportDelivery!]!
  }

  "One recipient's copy of a finished run or of a published bulletin version (exactly one of run and bulletin is set)."
  type ReportDelivery {
    id: ID!
    "The finished run delivered (null for a bulletin's delivery)."
    run: ReportRun
    "The published bulletin version delivered: its first publication or a correction (null for a run's delivery)."
    bulletin: Bulletin
    "The definition's entry it came from (a username, role:ROLE, city:CODE or a mail address)."
    recipient: String!
    channel: ReportDeliveryChannel!
    "A username (inbox) or a mail address."
    address: String!
    status: ReportDeliveryStatus!
    attempts: Int!
    "When a pending mail is tried next."
    nextAttemptAt: DateTime!
    lastError: String
    "What was sent (message id, attachments) or why not."
    detail: String
    deliveredAt: DateTime
    readAt: DateTime
    createdAt: DateTime!
  }

  "通报: draft → reviewed → published; published versions are frozen, corrections are new versions."
  type Bulletin {
    id: ID!
    number: String!
    version: Int!
    status: BulletinStatus!
    regionCode: String!
    titleZh: String!
    titleEn: String!
    contentHash: String!
    snapshot: String!
    correctionNote: String
    createdBy: String!
    createdAt: DateTime!
    reviewedBy: String
    reviewedAt: DateTime
    publishedBy: String
    publishedAt: DateTime
    "The version this one corrects."
    previous: Bulletin
    "The version that corrects this one (this one is then superseded)."
    correctedBy: Bulletin
    run: ReportRun
    "The report definition it came from (a correction's: that of the version it corrects); null when the viewer may not see it."
    definition: ReportDefinition
    downloads: ReportDownloads!
    "Publication notifies the definition's recipients: one row per user (inbox) and mail address, or why not. Empty until published."
    deliveries: [ReportDelivery!]!
  }

  input ReportDefinitionInput {
    name: String
    kind: ReportKind
    frequency: ReportFrequency
    regionCode: String
    recipients: [String!]
    enabled: Boolean
    activeFrom: DateTime
  }

  type ReportRequest {
    "False when the period already ran, is running, or another run holds the definition (see reason)."
    claimed: Boolean!
    "done | running | busy | failed | overlap | disabled"
    reason: String
    detail: String!
    run: ReportRun
  }

  extend type Query {
    reportDefinitions: [ReportDefinition!]!
    reportDefinition(id: ID!): ReportDefinition
    reportRun(id: ID!): ReportRun
    "Latest runs first."
    reportRuns(limit: Int = 50): [ReportRun!]!
    bulletins(status: BulletinStatus): [Bulletin!]!
    bulletin(id: ID!): Bulletin
    "Reports delivered to the viewer's console inbox, newest first: finished runs and published bulletin versions."
    reportInbox(unreadOnly: Boolean = false, limit: Int = 50): [ReportDelivery!]!
    "Whether report mail goes out (an SMTP server is configured); otherwise addresses are only logged."
    reportMailConfigured: Boolean!
  }

  extend type Mutation {
    createReportDefinition(input: ReportDefinitionInput!): ReportDefinition!
    updateReportDefinition(id: ID!, input: ReportDefinitionInput!): ReportDefinition!
    "Runs a definition for a period now: period (2026-W44, 2026-10, 2026-Q4), or firstDay/lastDay, or the current period by default."
    requestReport(definitionId: ID!, period: String, firstDay: Date, lastDay: Date): ReportRequest!
    draftBulletin(runId: ID!): Bulletin!
    reviewBulletin(id: ID!): Bulletin!
    "Publishes a reviewed version and notifies the recipients of its report definition (inbox and mail, once)."
    publishBulletin(id: ID!): Bulletin!
    "A new draft version of a published bulletin, recomputed now, saying what was corrected."
    correctBulletin(id: ID!, note: String!): Bulletin!
    markReportRead(deliveryId: ID!): ReportDelivery!
    "Sends a failed (or only logged) mail again, with a new set of attempts."
    resendReportDelivery(deliveryId: ID!): ReportDelivery!
  }
`;

type Ctx = RequestContext & { app: FastifyInstance };
const service = (ctx: Ctx): ReportsService => ctx.app.reports;
const kindIn = (k: string | undefined): ReportKind | undefined => (k === undefined ? undefined : k === 'EVALUATION' ? 'evaluation' : 'provider-assessment');
const freqIn = (f: string | undefined): ReportFrequency | undefined => (f === undefined ? undefined : f === 'AD_HOC' ? 'ad-hoc' : (f.toLowerCase() as ReportFrequency));
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function inputOf(i: Record<string, unknown>): DefinitionInput {
  const out: DefinitionInput = {};
  if (i.name != null) out.name = i.name as string;
  if (i.kind != null) out.kind = kindIn(i.kind as string)!;
  if (i.frequency != null) out.frequency = freqIn(i.frequency as string)!;
  if (i.regionCode != null) out.regionCode = i.regionCode as string;
  if (i.recipients != null) out.recipients = i.recipients as string[];
  if (i.enabled != null) out.enabled = i.enabled as boolean;
  if (i.activeFrom != null) out.activeFrom = i.activeFrom as Date;
  return out;
}

/** The region of what a delivery carries (a run's definition's, a bulletin's), for the access rule. */
const deliveryRegion = (d: { run: { definition: { regionCode: string } } | null; bulletin: { regionCode: string } | null }): string =>
  d.run?.definition.regionCode ?? d.bulletin?.regionCode ?? PROVINCE_CODE;

const downloads = (source: DocumentSource, id: string) => ({ pdf: downloadUrl(source, id, 'pdf'), xlsx: downloadUrl(source, id, 'xlsx'), json: downloadUrl(source, id, 'json') });

async function visibleRun(ctx: Ctx, id: string): Promise<(ReportRun & { definition: ReportDefinition }) | null> {
  const run = await ctx.db.prisma.reportRun.findUnique({ where: { id }, include: { definition: true } });
  if (!run) return null;
  requireReportVisible(ctx.viewer, run.definition.regionCode, `report run ${id}`);
  return run;
}

export const reportsResolvers: IResolvers = {
  Query: {
    reportDefinitions: async (_p: unknown, _a: unknown, ctx: Ctx) => {
      const regions = visibleRegions(ctx.viewer);
      return ctx.db.prisma.reportDefinition.findMany({ where: regions ? { regionCode: { in: regions } } : {}, orderBy: { createdAt: 'asc' } });
    },
    reportDefinition: async (_p: unknown, a: { id: string }, ctx: Ctx) => {
      const d = await ctx.db.prisma.reportDefinition.findUnique({ where: { id: a.id } });
      if (d) requireReportVisible(ctx.viewer, d.regionCode, `report definition ${a.id}`);
      return d;
    },
    reportRun: (_p: unknown, a: { id: string }, ctx: Ctx) => visibleRun(ctx, a.id),
    reportRuns: async (_p: unknown, a: { limit?: number }, ctx: Ctx) => {
      const regions = visibleRegions(ctx.viewer);
      return ctx.db.prisma.reportRun.findMany({
        where: regions ? { definition: { regionCode: { in: regions } } } : {},
        orderBy: { claimedAt: 'desc' },
        take: Math.min(200, Math.max(1, a.limit ?? 50)),
      });
    },
    bulletins: async (_p: unknown, a: { status?: Bulletin['status'] | null }, ctx: Ctx) => {
      const regions = visibleRegions(ctx.viewer);
      return ctx.db.prisma.bulletin.findMany({
        where: { ...(regions ? { regionCode: { in: regions } } : {}), ...(a.status ? { status: a.status } : {}) },
        orderBy: [{ createdAt: 'desc' }],
      });
    },
    bulletin: async (_p: unknown, a: { id: string }, ctx: Ctx) => {
      const b = await ctx.db.prisma.bulletin.findUnique({ where: { id: a.id } });
      if (b) requireReportVisible(ctx.viewer, b.regionCode, `bulletin ${b.number}`);
      return b;
    },
    reportInbox: async (_p: unknown, a: { unreadOnly?: boolean; limit?: number }, ctx: Ctx) => {
      if (ctx.viewer.userId === null) return [];
      const rows = await ctx.db.prisma.reportDelivery.findMany({
        where: { channel: 'INBOX', address: ctx.viewer.username, status: 'DELIVERED', ...(a.unreadOnly ? { readAt: null } : {}) },
        include: { run: { select: { definition: { select: { regionCode: true } } } }, bulletin: { select: { regionCode: true } } },
        orderBy: { createdAt: 'desc' },
        take: Math.min(200, Math.max(1, a.limit ?? 50)),
      });
      // A user whose scope changed since no longer sees what it may not.
      return rows.filter((d) => canSeeReport(ctx.viewer, deliveryRegion(d)));
    },
    reportMailConfigured: (_p: unknown, _a: unknown, ctx: Ctx) => service(ctx).runner.delivery.hasMailer,
  },
  Mutation: {
    createReportDefinition: async (_p: unknown, a: { input: Record<string, unknown> }, ctx: Ctx) => {
      const input = inputOf(a.input);
      const actor = requireReportWriter(ctx.viewer, input.regionCode ?? PROVINCE_CODE, 'create report definitions');
      return createDefinition(ctx.db.prisma, input, actor);
    },
    updateReportDefinition: async (_p: unknown, a: { id: string; input: Record<string, unknown> }, ctx: Ctx) => {
      const d = await requireDefinition(ctx.db.prisma, a.id);
      const input = inputOf(a.input);
      requireReportWriter(ctx.viewer, d.regionCode, 'change this report definition');
      if (input.regionCode) requireReportWriter(ctx.viewer, input.regionCode, 'move a report definition to that region');
      return updateDefinition(ctx.db.prisma, a.id, input);
    },
    requestReport: async (_p: unknown, a: { definitionId: string; period?: string | null; firstDay?: Date | null; lastDay?: Date | null }, ctx: Ctx) => {
      const d = await requireDefinition(ctx.db.prisma, a.definitionId);
      const actor = requireReportWriter(ctx.viewer, d.regionCode, 'run reports');
      const frequency = fromDbFrequency(d.frequency);
      let period;
      try {
        if (a.firstDay || a.lastDay) {
          if (!a.firstDay || !a.lastDay) throw new RangeError('give both firstDay and lastDay');
          period = adHocPeriod(dayOf(a.firstDay), dayOf(a.lastDay));
        } else if (a.period) period = parsePeriodKey(a.period);
        else if (frequency !== 'ad-hoc') period = periodContaining(frequency, service(ctx).runner.clock());
        else throw new RangeError('an ad hoc definition needs a period or firstDay and lastDay');
      } catch (err) {
        if (err instanceof RangeError) throw new GccError('GCC_ERR_REPORT_INPUT', err.message);
        throw err;
      }
      if (period.startMs > service(ctx).runner.clock()) throw new GccError('GCC_ERR_REPORT_INPUT', `the period ${period.key} starts in the future: reports cover the past and the present`);
      const r = await service(ctx).runner.request(d.id, period, 'manual', actor);
      const runId = r.runId;
      return {
        claimed: r.claimed,
        reason: r.claimed ? null : r.reason,
        detail: r.claimed ? `run of ${period.key} started` : r.detail,
        run: runId ? await ctx.db.prisma.reportRun.findUnique({ where: { id: runId } }) : null,
      };
    },
    draftBulletin: async (_p: unknown, a: { runId: string }, ctx: Ctx) => {
      const actor = requireProvinceWriter(ctx.viewer, 'draft bulletins');
      return draftBulletin(ctx.db.prisma, a.runId, actor);
    },
    reviewBulletin: (_p: unknown, a: { id: string }, ctx: Ctx) => reviewBulletin(ctx.db.prisma, a.id, requireProvinceWriter(ctx.viewer, 'review bulletins'), ctx.nowMs),
    publishBulletin: async (_p: unknown, a: { id: string }, ctx: Ctx) => {
      const actor = requireProvinceWriter(ctx.viewer, 'publish bulletins');
      const runner = service(ctx).runner;
      // The deliveries are written with the publication (one transaction); mail goes out right after.
      const b = await publishBulletin(ctx.db.prisma, a.id, actor, ctx.nowMs, runner.delivery.queueBulletin);
      runner.sendSoon();
      return b;
    },
    correctBulletin: async (_p: unknown, a: { id: string; note: string }, ctx: Ctx) => {
      const actor = requireProvinceWriter(ctx.viewer, 'correct bulletins');
      await requireBulletin(ctx.db.prisma, a.id);
      return correctBulletin(ctx.db, ctx.vm, a.id, a.note, actor, service(ctx).runner.clock());
    },
    markReportRead: async (_p: unknown, a: { deliveryId: string }, ctx: Ctx) => {
      const d = await ctx.db.prisma.reportDelivery.findUnique({ where: { id: a.deliveryId } });
      // Someone else's inbox is answered as "not found": delivery ids are not to be probed.
      if (!d || d.channel !== 'INBOX' || ctx.viewer.userId === null || d.address !== ctx.viewer.username) {
        throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no report ${a.deliveryId} in ${ctx.viewer.username}'s inbox`);
      }
      return d.readAt ? d : ctx.db.prisma.reportDelivery.update({ where: { id: d.id }, data: { readAt: new Date(ctx.nowMs) } });
    },
    resendReportDelivery: async (_p: unknown, a: { deliveryId: string }, ctx: Ctx) => {
      const d = await ctx.db.prisma.reportDelivery.findUnique({ where: { id: a.deliveryId }, include: { run: { include: { definition: true } }, bulletin: { select: { regionCode: true } } } });
      if (!d) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no report delivery ${a.deliveryId}`);
      requireReportWriter(ctx.viewer, deliveryRegion(d), 'send reports again');
      const delivery = service(ctx).runner.delivery;
      if (!delivery.hasMailer) throw new GccError('GCC_ERR_REPORT_INPUT', 'no SMTP server is configured (GCC_SMTP_URL): mail cannot be sent');
      if (!(await delivery.resend(d.id))) {
        throw new GccError('GCC_ERR_REPORT_INPUT', `delivery ${d.id} to ${d.address} is ${d.status.toLowerCase()}: only failed or logged mail is sent again`);
      }
      void delivery.sendDue().catch((err: unknown) => ctx.app.log.error({ err, delivery: d.id }, 'report mail failed; the next tick retries it'));
      return ctx.db.prisma.reportDelivery.findUniqueOrThrow({ where: { id: d.id } });
    },
  },
  ReportDefinition: {
    kind: (d: ReportDefinition) => d.kind,
    regionNameZh: (d: ReportDefinition) => regionOf(d.regionCode).nameZh,
    nextPeriod: (d: ReportDefinition, _a: unknown, ctx: Ctx) => {
      const f = fromDbFrequency(d.frequency);
      return f === 'ad-hoc' ? null : periodContaining(f, service(ctx).runner.clock()).key;
    },
    runs: (d: ReportDefinition, a: { limit?: number }, ctx: Ctx) =>
      ctx.db.prisma.reportRun.findMany({ where: { definitionId: d.id }, orderBy: { periodStart: 'desc' }, take: Math.min(100, Math.max(1, a.limit ?? 12)) }),
  },
  ReportRun: {
    definition: (r: ReportRun, _a: unknown, ctx: Ctx) => ctx.db.prisma.reportDefinition.findUniqueOrThrow({ where: { id: r.definitionId } }),
    downloads: (r: ReportRun) => (r.status === 'SUCCEEDED' ? downloads('runs', r.id) : null),
    bulletins: (r: ReportRun, _a: unknown, ctx: Ctx) => ctx.db.prisma.bulletin.findMany({ where: { runId: r.id }, orderBy: { version: 'asc' } }),
    deliveries: (r: ReportRun, _a: unknown, ctx: Ctx) => ctx.db.prisma.reportDelivery.findMany({ where: { runId: r.id }, orderBy: [{ channel: 'asc' }, { address: 'asc' }] }),
  },
  ReportDelivery: {
    run: (d: ReportDelivery, _a: unknown, ctx: Ctx) => (d.runId ? ctx.db.prisma.reportRun.findUnique({ where: { id: d.runId } }) : null),
    bulletin: (d: ReportDelivery, _a: unknown, ctx: Ctx) => (d.bulletinId ? ctx.db.prisma.bulletin.findUnique({ where: { id: d.bulletinId } }) : null),
  },
  Bulletin: {
    previous: (b: Bulletin, _a: unknown, ctx: Ctx) => (b.previousId ? ctx.db.prisma.bulletin.findUnique({ where: { id: b.previousId } }) : null),
    correctedBy: (b: Bulletin, _a: unknown, ctx: Ctx) => ctx.db.prisma.bulletin.findUnique({ where: { previousId: b.id } }),
    run: (b: Bulletin, _a: unknown, ctx: Ctx) => (b.runId ? ctx.db.prisma.reportRun.findUnique({ where: { id: b.runId } }) : null),
    definition: async (b: Bulletin, _a: unknown, ctx: Ctx) => {
      const d = await bulletinDefinition(ctx.db.prisma, b);
      // A definition moved to a region the viewer does not see stays hidden, as in reportDefinition.
      return d && canSeeReport(ctx.viewer, d.regionCode) ? d : null;
    },
    downloads: (b: Bulletin) => downloads('bulletins', b.id),
    deliveries: (b: Bulletin, _a: unknown, ctx: Ctx) => ctx.db.prisma.reportDelivery.findMany({ where: { bulletinId: b.id }, orderBy: [{ channel: 'asc' }, { address: 'asc' }] }),
  },
};
