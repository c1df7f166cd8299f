/**
 * HTTP for adapters: one request with a timeout, failures turned into CollectorErrors that name
 * the node and say whether a retry can help. Bodies are returned unparsed or as unknown JSON:
 * adapters validate shapes with their own schemas.
 */
import { CollectorError } from '../errors.ts';
import type { CollectContext, CollectorNode } from './cmp-adapter.ts';
import { describeNetworkError } from './net-error.ts';

export interface HttpOptions {
  node: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** The pull's own deadline (core/pull-policy.ts): aborts every request of a pull that ran out of time. */
  signal?: AbortSignal;
}

/** A pull's HTTP options: the node, its per-request timeout, the context's fetch and the pull's deadline. */
export function httpOptionsFor(node: Pick<CollectorNode, 'id'>, ctx: Pick<CollectContext, 'timeoutMs' | 'fetch' | 'signal'>): HttpOptions {
  return { node: node.id, timeoutMs: ctx.timeoutMs, ...(ctx.fetch ? { fetch: ctx.fetch } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) };
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Paths only: query strings and hosts are fine to log, tokens never travel in URLs here. */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

export async function httpRequest(url: string, init: RequestInit, o: HttpOptions): Promise<HttpResponse> {
  const doFetch = o.fetch ?? fetch;
  try {
    const timeout = AbortSignal.timeout(o.timeoutMs);
    const res = await doFetch(url, { ...init, signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (err) {
    // A fetch of our own (a replayed recording) already says what went wrong.
    if (err instanceof CollectorError) throw err;
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      const why = o.signal?.aborted ? "did not answer before the pull's deadline" : `did not answer within ${o.timeoutMs} ms`;
      throw new CollectorError('GCC_ERR_CMP_TIMEOUT', `${where(url)} ${why}`, { node: o.node, retryable: true, cause: err });
    }
    const reason = describeNetworkError(err);
    throw new CollectorError('GCC_ERR_CMP_UNREACHABLE', `${where(url)} is unreachable (${reason}): check the node's endpoint`, { node: o.node, retryable: true, cause: err });
  }
}

/** Throws the matching CollectorError for a non-2xx answer. */
export function assertOk(res: HttpResponse, url: string, node: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const snippet = res.text.slice(0, 200).replace(/\s+/g, ' ');
  if (res.status === 401 || res.status === 403) {
    throw new CollectorError('GCC_ERR_CMP_AUTH', `${where(url)} refused the credentials (${res.status}): check the password in the variable credentialRef names`, { node, status: res.status });
  }
  const retryable = res.status >= 500 || res.status === 429;
  throw new CollectorError('GCC_ERR_CMP_HTTP', `${where(url)} answered ${res.status}: ${snippet}`, { node, status: res.status, retryable });
}

export function parseJson(res: HttpResponse, url: string, node: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch (err) {
    throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${where(url)} answered ${res.status} with a body that is not JSON`, { node, cause: err });
  }
}

/** Runs fn over items with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
