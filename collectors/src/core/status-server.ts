/**
 * The collector's own tiny HTTP endpoint (optional, `collect --status-port [HOST:]PORT`):
 *   GET /status   JSON per node: circuit, last pull (ok, duration, samples, error code/reason and
 *                 whether retrying can help), last good pull and staleness; the disk buffer
 *   GET /metrics  the same as Prometheus text (COLLECTOR_METRICS names)
 *   GET /health   200 while the process runs
 * The app factory is apart from listening, so tests `inject`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { statusMetricsText, type CollectorStatus } from './node-status.ts';

export function buildStatusApp(status: () => CollectorStatus): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/status', async () => status());
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(statusMetricsText(status())));
  return app;
}
