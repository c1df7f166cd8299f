/**
 * What ingestion did since this server process started, per source: events received, stored,
 * duplicate, closed, rejected by reason. Exposed at GET /api/security/ingest-counters and in
 * GraphQL (securityIngestCounters). Counters are per replica: sum them across replicas.
 */
import type { EventSource } from './event-input.ts';

/** Why events or requests were refused; each is a counter. */
export const REJECT_REASONS = [
  'invalid', // an event breaks the v1 schema (field named in the answer)
  'oversized', // an event or a whole body over the published limit
  'out-of-window', // occurredAt older than the retention or too far in the future
  'unauthorized', // missing, unknown or revoked token (whole request)
  'malformed', // body or syslog line that does not parse
  'overloaded', // the write queue is full (syslog over UDP only: HTTP answers 503)
  'store-failed', // the database refused the write (retryable)
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface SourceCounters {
  received: number;
  accepted: number;
  duplicates: number;
  closed: number;
  rejected: Record<RejectReason, number>;
}

export interface IngestCounters {
  readonly startedAt: Date;
  readonly bySource: Record<EventSource, SourceCounters>;
  count(source: EventSource, field: 'received' | 'accepted' | 'duplicates' | 'closed', n?: number): void;
  reject(source: EventSource, reason: RejectReason, n?: number): void;
  snapshot(): { startedAt: string; push: SourceCounters; syslog: SourceCounters };
}

const empty = (): SourceCounters => ({
  received: 0, accepted: 0, duplicates: 0, closed: 0, rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
});

/** Which counter a normalization failure goes to. */
export function reasonClass(reason: string): RejectReason {
  if (reason.startsWith('event is ') && reason.includes('bytes')) return 'oversized';
  if (reason.startsWith('occurredAt ') && (reason.includes('future') || reason.includes('retention'))) return 'out-of-window';
  return 'invalid';
}

export function createIngestCounters(): IngestCounters {
  const bySource = { push: empty(), syslog: empty() };
  const startedAt = new Date();
  return {
    startedAt,
    bySource,
    count: (source, field, n = 1) => void (bySource[source][field] += n),
    reject: (source, reason, n = 1) => void (bySource[source].rejected[reason] += n),
    snapshot: () => ({ startedAt: startedAt.toISOString(), push: structuredClone(bySource.push), syslog: structuredClone(bySource.syslog) }),
  };
}
