/**
 * The Prometheus adapter: one GET of the node's /federate (or exporter /metrics) endpoint with
 * HTTP basic auth, asking only for the families mapping.ts names; the text is parsed strictly
 * (text-format.ts) and normalized (normalize.ts). Nothing is half-read: a bad line rejects the pull.
 */
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { assertOk, httpRequest } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { WANTED_FAMILIES } from './mapping.ts';
import { MappingError, normalizePrometheus } from './normalize.ts';
import { ExpositionError, parseExposition } from './text-format.ts';

export function federateUrl(endpoint: string): string {
  const match = WANTED_FAMILIES.map((n) => `match[]=${encodeURIComponent(`{__name__="${n}"}`)}`).join('&');
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${match}`;
}

export class PrometheusAdapter implements CmpAdapter {
  readonly kind = 'prometheus' as const;

  async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
    const takenAtMs = ctx.now();
    const url = federateUrl(node.endpoint);
    const basic = Buffer.from(`${ctx.credentials.username}:${ctx.credentials.password}`).toString('base64');
    const res = await httpRequest(url, { headers: { authorization: `Basic ${basic}`, accept: 'text/plain;version=0.0.4' } }, { node: node.id, timeoutMs: ctx.timeoutMs, ...(ctx.fetch ? { fetch: ctx.fetch } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
    assertOk(res, url, node.id);
    const where = new URL(node.endpoint).pathname;
    try {
      return { nodeId: node.id, takenAtMs, dataCentres: normalizePrometheus(parseExposition(res.text), node.dataCentres ?? []) };
    } catch (err) {
      if (err instanceof ExpositionError) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${where} is not Prometheus text: ${err.message}`, { node: node.id, cause: err });
      if (err instanceof MappingError) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${where}: ${err.message}`, { node: node.id, cause: err });
      throw err;
    }
  }
}
