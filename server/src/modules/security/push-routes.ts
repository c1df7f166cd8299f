/**
 * The security push API v1 (server/docs/security-push-api.v1.json), for nodes' security operations
 * platforms: JSON over HTTP(S), `Authorization: Bearer <node token>`.
 *
 *   POST /api/security/v1/events  {events: [...]}  → 200 {accepted, duplicates, closed, rejected: [{index, reason}]}
 *   POST /api/security/v1/status  {dengbaoLevel?, lastAssessmentDate?, …} → 200 {nodeId, receivedAt}
 *   GET  /api/security/ingest-counters → what ingestion did since this replica started
 *
 * Whole-request failures: 400 (not JSON / not the v1 shape / batch too long), 401 (token),
 * 413 (body too large), 503 (queue full, retry after Retry-After). Every one is counted, none
 * escapes as a 500: ingestion answers every platform and keeps running.
 */
import { SECURITY_PUSH_API_BASE, SECURITY_PUSH_LIMITS } from '@gcc/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../errors.ts';
import { normalizePushEvent, statusProblems, type NormalizedEvent, type Rejection } from './event-input.ts';
import type { SecurityIngest } from './security-ingest.ts';
import { reasonClass } from './ingest-counters.ts';

function fail(reply: FastifyReply, status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ code, message, ...extra });
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

export function registerSecurityPushRoutes(app: FastifyInstance, ingest: SecurityIngest): void {
  const { counters } = ingest;

  app.get('/api/security/ingest-counters', async () => ({ ...counters.snapshot(), queued: ingest.writer.queued }));

  // Its own scope: the body limit and the error handler apply to the push API only.
  app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        counters.reject('push', 'oversized');
        return fail(reply, 413, 'GCC_ERR_SECURITY_BODY_TOO_LARGE', `the body is over ${SECURITY_PUSH_LIMITS.maxBodyBytes} bytes: send fewer events per request (at most ${SECURITY_PUSH_LIMITS.maxBatch})`);
      }
      if (err.statusCode === 400 || err.statusCode === 415) {
        counters.reject('push', 'malformed');
        return fail(reply, 400, 'GCC_ERR_SECURITY_BODY_INVALID', `the body is not JSON: ${err.message}`);
      }
      req.log.error({ err }, 'security push API failed');
      counters.reject('push', 'store-failed');
      return fail(reply, 503, 'GCC_ERR_SECURITY_STORE_FAILED', 'the events could not be stored now; send the same batch again (resends are deduplicated)');
    });

    const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
      const token = bearer(req);
      const identity = token ? await ingest.tokens.resolve(token) : null;
      if (!identity) {
        counters.reject('push', 'unauthorized');
        void fail(reply, 401, 'GCC_ERR_SECURITY_UNAUTHORIZED', token ? 'the token is unknown or revoked: ask the province for a new node token' : 'send the node token as "Authorization: Bearer <token>"');
        return null;
      }
      return identity.nodeId;
    };

    scope.post(`${SECURITY_PUSH_API_BASE}/events`, { bodyLimit: SECURITY_PUSH_LIMITS.maxBodyBytes }, async (req, reply) => {
      const nodeId = await authenticate(req, reply);
      if (!nodeId) return reply;
      const events = (req.body as { events?: unknown } | null)?.events;
      if (!Array.isArray(events)) {
        counters.reject('push', 'malformed');
        return fail(reply, 400, 'GCC_ERR_SECURITY_BODY_INVALID', 'the body must be {"events": [ … ]} (push API v1)');
      }
      if (events.length > SECURITY_PUSH_LIMITS.maxBatch) {
        counters.reject('push', 'oversized', events.length);
        return fail(reply, 400, 'GCC_ERR_SECURITY_BODY_INVALID', `${events.length} events in one request; the limit is ${SECURITY_PUSH_LIMITS.maxBatch}`);
      }
      if (ingest.overloaded()) {
        counters.reject('push', 'overloaded', events.length);
        void reply.header('retry-after', '1');
        return fail(reply, 503, 'GCC_ERR_SECURITY_OVERLOADED', 'ingestion is over capacity: send the same batch again after Retry-After seconds');
      }
      counters.count('push', 'received', events.length);
      const window = ingest.window();
      const good: NormalizedEvent[] = [];
      const rejected: Rejection[] = [];
      events.forEach((raw, index) => {
        const r = normalizePushEvent(raw, nodeId, window);
        if (r.ok) good.push(r.event);
        else {
          rejected.push({ index, reason: r.reason });
          counters.reject('push', reasonClass(r.reason));
        }
      });
      const outcome = await ingest.store('push', good);
      return { nodeId, ...outcome, rejected };
    });

    scope.post(`${SECURITY_PUSH_API_BASE}/status`, { bodyLimit: 64 * 1024 }, async (req, reply) => {
      const nodeId = await authenticate(req, reply);
      if (!nodeId) return reply;
      const checked = statusProblems(req.body);
      if (!checked.ok) {
        counters.reject('push', 'invalid');
        return fail(reply, 400, 'GCC_ERR_SECURITY_BODY_INVALID', `the status is not valid: ${checked.problems.join('; ')}`, { problems: checked.problems });
      }
      const receivedAt = await ingest.recordStatus(nodeId, checked.value);
      return { nodeId, receivedAt: receivedAt.toISOString() };
    });
  });
}
