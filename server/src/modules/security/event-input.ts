/**
 * Push API v1 event bodies (server/docs/security-push-api.v1.json) and their normalization. Every
 * event of a batch is checked on its own: good events are stored, each bad one is rejected with
 * its index and a reason, so one malformed event never costs a platform the rest of its batch.
 */
import { createHash } from 'node:crypto';
import {
  SECURITY_CATEGORIES, SECURITY_PUSH_LIMITS, SECURITY_SEVERITIES, type SecurityCategory, type SecuritySeverity,
} from '@gcc/domain';
import { z } from 'zod';

const L = SECURITY_PUSH_LIMITS;

export const pushEventSchema = z
  .object({
    id: z.string().min(1).max(L.maxId).optional(),
    occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, such as 2026-11-25T06:30:00+08:00' }),
    category: z.enum(SECURITY_CATEGORIES),
    severity: z.enum(SECURITY_SEVERITIES),
    asset: z.string().min(1).max(L.maxAsset).optional(),
    description: z.string().min(1).max(L.maxDescription),
    state: z.enum(['open', 'closed']).default('open'),
    /** Optional: when present it must be the token's node. */
    node: z.string().optional(),
  })
  .strict();

export type PushEvent = z.infer<typeof pushEventSchema>;
export type EventSource = 'push' | 'syslog';

/** An event as stored: what every source (push, syslog) is turned into. */
export interface NormalizedEvent {
  nodeId: string;
  occurredAt: Date;
  category: SecurityCategory;
  severity: SecuritySeverity;
  asset: string | null;
  description: string;
  source: EventSource;
  dedupKey: string;
  closed: boolean;
}

export interface Rejection {
  index: number;
  reason: string;
}

/**
 * The deduplication key: the platform's own event id when it sends one (its idempotency key),
 * otherwise a hash of the normalized content, so a batch resent after a lost answer stores once.
 */
export function dedupKeyOf(e: Omit<NormalizedEvent, 'dedupKey' | 'closed' | 'source'>, id: string | undefined): string {
  if (id !== undefined) return `id:${id}`;
  const h = createHash('sha256');
  h.update(`${e.nodeId}\n${e.occurredAt.toISOString()}\n${e.category}\n${e.severity}\n${e.asset ?? ''}\n${e.description}`);
  return `sha256:${h.digest('base64url')}`;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(event)';
}

/** Time window an event must fall in: not older than the retention, not (much) in the future. */
export interface TimeWindow {
  nowMs: number;
  retentionDays: number;
}

export function checkTime(occurredAt: Date, w: TimeWindow): string | null {
  const t = occurredAt.getTime();
  if (t > w.nowMs + L.maxFutureSkewSeconds * 1000) return `occurredAt ${occurredAt.toISOString()} is more than ${L.maxFutureSkewSeconds} s in the future: check the platform's clock`;
  if (t < w.nowMs - w.retentionDays * 86_400_000) return `occurredAt ${occurredAt.toISOString()} is older than the ${w.retentionDays}-day retention`;
  return null;
}

/** Checks and normalizes one pushed event; `bytes` is its JSON size when the caller knows it. */
export function normalizePushEvent(
  raw: unknown,
  nodeId: string,
  w: TimeWindow,
  bytes = Buffer.byteLength(JSON.stringify(raw ?? null)),
): { ok: true; event: NormalizedEvent } | { ok: false; reason: string } {
  if (bytes > L.maxEventBytes) return { ok: false, reason: `event is ${bytes} bytes; the limit is ${L.maxEventBytes}` };
  const parsed = pushEventSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.slice(0, 3).map((i) => `${issuePath(i.path)}: ${i.message}`).join('; ') };
  }
  const p = parsed.data;
  if (p.node !== undefined && p.node !== nodeId) return { ok: false, reason: `node: "${p.node}" is not the node of this token (${nodeId})` };
  const occurredAt = new Date(p.occurredAt);
  const late = checkTime(occurredAt, w);
  if (late) return { ok: false, reason: late };
  const base = { nodeId, occurredAt, category: p.category, severity: p.severity, asset: p.asset ?? null, description: p.description };
  return { ok: true, event: { ...base, source: 'push', dedupKey: dedupKeyOf(base, p.id), closed: p.state === 'closed' } };
}

/** The body of POST /api/security/v1/status: the platform's heartbeat and posture. */
export const pushStatusSchema = z
  .object({
    dengbaoLevel: z.number().int().min(1).max(5).optional(),
    lastAssessmentDate: z.iso.date({ error: 'must be a date such as 2026-03-31' }).optional(),
    assessmentScore: z.number().min(0).max(100).optional(),
    policiesTotal: z.number().int().min(0).optional(),
    policiesViolated: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((s) => s.policiesViolated === undefined || s.policiesTotal === undefined || s.policiesViolated <= s.policiesTotal, {
    message: 'policiesViolated cannot exceed policiesTotal',
    path: ['policiesViolated'],
  });

export type PushStatus = z.infer<typeof pushStatusSchema>;

export function statusProblems(raw: unknown): { ok: true; value: PushStatus } | { ok: false; problems: string[] } {
  const parsed = pushStatusSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`) };
}
