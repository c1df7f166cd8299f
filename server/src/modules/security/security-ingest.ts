/**
 * The one ingestion path behind both sources (push API, syslog): normalized events go through the
 * group-commit writer, outcomes are counted, and a queue past MAX_QUEUED refuses more (HTTP 503
 * with Retry-After, syslog over UDP drops and counts) instead of growing without bound.
 */
import type { Database } from '../../infra/db/open-database.ts';
import type { EventSource, NormalizedEvent, PushStatus, TimeWindow } from './event-input.ts';
import { createEventWriter, type EventWriter, type WriteOutcome } from './event-store.ts';
import { createIngestCounters, type IngestCounters } from './ingest-counters.ts';
import { createTokenResolver, type TokenResolver } from './ingest-tokens.ts';

/** About 25 s of the benchmark's 2,000 events/s. */
export const MAX_QUEUED = 50_000;

export interface SecurityIngestOptions {
  retentionDays: number;
}

export interface SecurityIngest {
  readonly writer: EventWriter;
  readonly counters: IngestCounters;
  readonly tokens: TokenResolver;
  readonly retentionDays: number;
  window(): TimeWindow;
  overloaded(): boolean;
  /** Stores normalized events and counts what happened; rejects (and counts) when the store fails. */
  store(source: EventSource, events: readonly NormalizedEvent[]): Promise<WriteOutcome>;
  /** Records a platform's status push (a heartbeat with its posture); returns the time received. */
  recordStatus(nodeId: string, status: PushStatus): Promise<Date>;
}

export function createSecurityIngest(db: Database, options: SecurityIngestOptions): SecurityIngest {
  const counters = createIngestCounters();
  const writer = createEventWriter(db.sql);
  const tokens = createTokenResolver(db.prisma);
  return {
    writer,
    counters,
    tokens,
    retentionDays: options.retentionDays,
    window: () => ({ nowMs: Date.now(), retentionDays: options.retentionDays }),
    overloaded: () => writer.queued >= MAX_QUEUED,
    async store(source, events) {
      try {
        const o = await writer.write(events);
        counters.count(source, 'accepted', o.accepted);
        counters.count(source, 'duplicates', o.duplicates);
        counters.count(source, 'closed', o.closed);
        return o;
      } catch (err) {
        counters.reject(source, 'store-failed', events.length);
        throw err;
      }
    },
    async recordStatus(nodeId, s) {
      const now = new Date();
      const fields = {
        ...(s.dengbaoLevel !== undefined && { dengbaoLevel: s.dengbaoLevel }),
        ...(s.lastAssessmentDate !== undefined && { lastAssessmentAt: new Date(`${s.lastAssessmentDate}T00:00:00Z`) }),
        ...(s.assessmentScore !== undefined && { assessmentScore: s.assessmentScore }),
        ...(s.policiesTotal !== undefined && { policiesTotal: s.policiesTotal }),
        ...(s.policiesViolated !== undefined && { policiesViolated: s.policiesViolated }),
      };
      await db.prisma.securityPosture.upsert({
        where: { nodeId },
        create: { nodeId, ...fields, lastReportAt: now },
        update: { ...fields, lastReportAt: now },
      });
      return now;
    },
  };
}
