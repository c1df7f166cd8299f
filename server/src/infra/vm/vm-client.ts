/**
 * VictoriaMetrics read client over its Prometheus-compatible HTTP API. Works against a single
 * node (http://host:8428) or a cluster's vmselect (http://host:8481/select/0/prometheus).
 *
 * Identical queries issued while one is in flight share its answer, and answers are kept for a
 * short TTL: fifty screens asking the same thing cost one query. VictoriaMetrics admits only a
 * few concurrent queries per CPU and answers 503 when its queue is full; that, a refused
 * connection or a timeout all become GCC_ERR_VM_UNAVAILABLE so callers can fail fast.
 *
 * No retry storm: at most `maxConcurrent` queries are in flight (the rest wait in a bounded
 * queue), and the first unavailability opens a circuit breaker: for a cooldown (1 s, doubling
 * with every failed probe up to 30 s) every query fails at once without reaching VictoriaMetrics;
 * then a single probe query is let through, and its success closes the breaker. Fifty screens
 * hitting an overloaded VictoriaMetrics thus cost a handful of queries, not fifty times each.
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
  /** Queries in flight at once (VictoriaMetrics itself admits only a few per CPU). Default 8. */
  maxConcurrent?: number;
  /** Queries waiting for a slot before new ones fail fast. Default 256. */
  maxQueued?: number;
  /** First and longest breaker cooldown after VictoriaMetrics was unavailable. Default 1 s and 30 s. */
  cooldownMs?: number;
  maxCooldownMs?: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** [timestamp ms, value] at each step that has a value. */
  points: [number, number][];
}

export interface VmClient {
  instant(query: string, atMs?: number): Promise<VectorSample[]>;
  /**
   * query_range. VictoriaMetrics rounds the start of a range of more than 50 points down to a
   * multiple of the step (so its rollup cache can serve it); `exactGrid` asks for the steps at
   * exactly startMs, startMs + stepMs, … (nocache=1) where the instant matters, e.g. the end of a
   * China-time day or the same time of day as "now".
   */
  range(query: string, startMs: number, endMs: number, stepMs: number, options?: { exactGrid?: boolean }): Promise<RangeSeries[]>;
  /** issued: HTTP queries sent; rejected: failed fast by the breaker or a full queue, never sent. */
  readonly stats: { issued: number; coalesced: number; cached: number; rejected: number };
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
  };
}

type PromResult = NonNullable<PromResponse['data']>['result'];

export function createVmClient(options: VmClientOptions): VmClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const ttl = options.cacheTtlMs ?? 2000;
  const inflight = new Map<string, Promise<unknown>>();
  const cache = new Map<string, { at: number; value: unknown }>();
  const stats = { issued: 0, coalesced: 0, cached: 0, rejected: 0 };
  const maxConcurrent = options.maxConcurrent ?? 8;
  const maxQueued = options.maxQueued ?? 256;
  const baseCooldown = options.cooldownMs ?? 1000;
  const maxCooldown = options.maxCooldownMs ?? 30_000;

  // Breaker: closed while failures = 0; open until openUntil; then half-open, one probe at a time.
  let failures = 0;
  let openUntil = 0;
  let probing = false;
  let lastFailure = '';
  let active = 0;
  const waiting: (() => void)[] = [];

  function fastFail(why: string): GccError {
    stats.rejected++;
    return new GccError('GCC_ERR_VM_UNAVAILABLE', `VictoriaMetrics at ${base} is unavailable (${why}); failing fast instead of queueing more queries`, { retryable: true });
  }

  /** Throws when the breaker does not let a query through now; true when this query is the half-open probe. */
  function admit(): boolean {
    if (failures === 0) return false;
    const now = Date.now();
    if (now < openUntil) throw fastFail(`${lastFailure}; next try in ${Math.ceil((openUntil - now) / 100) / 10} s`);
    if (probing) throw fastFail(`${lastFailure}; a probe query is checking whether it is back`);
    probing = true;
    return true;
  }

  /** Opens the breaker; only a failed probe lengthens the cooldown (stragglers of one episode do not). */
  function recordFailure(what: string, probe: boolean): void {
    lastFailure = what;
    if (failures > 0 && !probe) return;
    failures++;
    probing = false;
    openUntil = Date.now() + Math.min(baseCooldown * 2 ** (failures - 1), maxCooldown);
  }

  async function acquire(): Promise<void> {
    if (active < maxConcurrent) {
      active++;
      return;
    }
    if (waiting.length >= maxQueued) throw fastFail(`${maxQueued} queries already waiting`);
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }

  async function issue(path: 'query' | 'query_range', params: URLSearchParams): Promise<PromResult> {
    const probe = admit();
    try {
      await acquire();
    } catch (err) {
      if (probe) probing = false;
      throw err;
    }
    try {
      // The breaker may have opened while this query waited for a slot.
      if (failures > 0 && !probe) throw fastFail(`${lastFailure}; dropped from the queue`);
      return await send(path, params, probe);
    } finally {
      release();
    }
  }

  async function send(path: 'query' | 'query_range', params: URLSearchParams, probe: boolean): Promise<PromResult> {
    stats.issued++;
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1/${path}`, { method: 'POST', body: params, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      recordFailure(`no answer: ${(cause as Error).message}`, probe);
      throw new GccError('GCC_ERR_VM_UNAVAILABLE', `VictoriaMetrics at ${base} did not answer: ${(cause as Error).message}`, {
        cause,
        retryable: true,
      });
    }
    const body = (await res.json().catch(() => ({}))) as PromResponse;
    if (res.status === 503 || res.status === 429 || res.status >= 500) {
      recordFailure(`HTTP ${res.status}`, probe);
      throw new GccError('GCC_ERR_VM_UNAVAILABLE', `VictoriaMetrics at ${base} is overloaded or failing (HTTP ${res.status})`, {
        retryable: true,
      });
    }
    // It answered: whatever the answer, it is up.
    failures = 0;
    probing = false;
    if (!res.ok || body.status !== 'success' || !body.data) {
      throw new GccError('GCC_ERR_VM_QUERY', `VictoriaMetrics rejected a query (HTTP ${res.status}): ${body.error ?? 'no detail'}`);
    }
    return body.data.result;
  }

  /** Coalesces identical in-flight requests and keeps answers for the TTL; the key is the whole request. */
  function cached<T>(path: 'query' | 'query_range', params: URLSearchParams, parse: (r: PromResult) => T): Promise<T> {
    const key = `${path}?${params.toString()}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttl) {
      stats.cached++;
      return Promise.resolve(hit.value as T);
    }
    const pending = inflight.get(key);
    if (pending) {
      stats.coalesced++;
      return pending as Promise<T>;
    }
    const p = issue(path, params)
      .then((result) => {
        const value = parse(result);
        if (cache.size > 1000) for (const [k, v] of cache) if (Date.now() - v.at >= ttl) cache.delete(k);
        cache.set(key, { at: Date.now(), value });
        return value;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  return {
    stats,
    instant(query, atMs) {
      const params = new URLSearchParams({ query });
      if (atMs !== undefined) params.set('time', String(atMs / 1000));
      return cached('query', params, (result) =>
        result.map((r) => ({ metric: r.metric, value: Number(r.value?.[1]), timestampMs: (r.value?.[0] ?? 0) * 1000 })),
      );
    },
    range(query, startMs, endMs, stepMs, options) {
      const params = new URLSearchParams({ query, start: String(startMs / 1000), end: String(endMs / 1000), step: `${stepMs / 1000}s` });
      if (options?.exactGrid) params.set('nocache', '1');
      return cached('query_range', params, (result) =>
        result.map((r) => ({ metric: r.metric, points: (r.values ?? []).map(([t, v]): [number, number] => [t * 1000, Number(v)]) })),
      );
    },
  };
}
