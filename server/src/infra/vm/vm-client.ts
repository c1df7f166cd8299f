/**
 * VictoriaMetrics read client over its Prometheus-compatible HTTP API. Works against a single
 * node (http://host:8428) or a cluster's vmselect (http://host:8481/select/0/prometheus).
 *
 * Identical queries issued while one is in flight share its answer, and answers are kept for a
 * short TTL: fifty screens asking the same thing cost one query. VictoriaMetrics admits only a
 * few concurrent queries per CPU and answers 503 when its queue is full; that, a refused
 * connection or a timeout all become GCC_ERR_VM_UNAVAILABLE so callers can fail fast.
 */
import { GccError } from '../../errors.ts';

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
  /** Evaluation time in ms. */
  timestampMs: number;
}

export interface VmClientOptions {
  url: string;
  timeoutMs?: number;
  cacheTtlMs?: number;
}

export interface VmClient {
  instant(query: string, atMs?: number): Promise<VectorSample[]>;
  readonly stats: { issued: number; coalesced: number; cached: number };
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

export function createVmClient(options: VmClientOptions): VmClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const ttl = options.cacheTtlMs ?? 2000;
  const inflight = new Map<string, Promise<VectorSample[]>>();
  const cache = new Map<string, { at: number; value: VectorSample[] }>();
  const stats = { issued: 0, coalesced: 0, cached: 0 };

  async function issue(params: URLSearchParams): Promise<VectorSample[]> {
    stats.issued++;
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1/query`, { method: 'POST', body: params, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new GccError('GCC_ERR_VM_UNAVAILABLE', `VictoriaMetrics at ${base} did not answer: ${(cause as Error).message}`, {
        cause,
        retryable: true,
      });
    }
    const body = (await res.json().catch(() => ({}))) as PromResponse;
    if (res.status === 503 || res.status === 429 || res.status >= 500) {
      throw new GccError('GCC_ERR_VM_UNAVAILABLE', `VictoriaMetrics at ${base} is overloaded or failing (HTTP ${res.status})`, {
        retryable: true,
      });
    }
    if (!res.ok || body.status !== 'success' || !body.data) {
      throw new GccError('GCC_ERR_VM_QUERY', `VictoriaMetrics rejected a query (HTTP ${res.status}): ${body.error ?? 'no detail'}`);
    }
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]), timestampMs: r.value[0] * 1000 }));
  }

  return {
    stats,
    instant(query, atMs) {
      const params = new URLSearchParams({ query });
      if (atMs !== undefined) params.set('time', String(atMs / 1000));
      const key = params.toString();
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < ttl) {
        stats.cached++;
        return Promise.resolve(hit.value);
      }
      const pending = inflight.get(key);
      if (pending) {
        stats.coalesced++;
        return pending;
      }
      const p = issue(params)
        .then((value) => {
          if (cache.size > 1000) for (const [k, v] of cache) if (Date.now() - v.at >= ttl) cache.delete(k);
          cache.set(key, { at: Date.now(), value });
          return value;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
