/**
 * Record and replay a collection, so a support engineer can debug a city's CMP without access to it.
 *
 *   DIR/<node id>/node.json          the node as configured (no credentials), when it was taken
 *   DIR/<node id>/0001-GET-….json    one file per HTTP exchange: method, url, request headers and
 *                                    body, status, response headers and body
 *
 * Secrets never reach the files: authorization, x-auth-token, x-subject-token and cookie headers,
 * and JSON or form fields named like password/secret/token whose value is a string, become
 * "[redacted]"; every secret seen that way (and the credentials passed in) is also scrubbed from
 * all other text. Replaying answers each request with the recorded exchange of the same method,
 * path and query (in recorded order when one was asked several times), whatever the auth.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CollectorError } from '../errors.ts';
import type { CollectorNode } from './cmp-adapter.ts';

export const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'x-auth-token', 'x-subject-token', 'cookie', 'set-cookie', 'proxy-authorization']);
const SECRET_FIELD = /pass(word)?|secret|token|credential|api[-_]?key/i;

export interface RecordedExchange {
  seq: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecordedNode {
  node: CollectorNode;
  takenAtMs: number;
  recordedAt: string;
}

/** Collects secret values as it redacts them, and scrubs every known one from free text. */
class Redactor {
  readonly #secrets = new Set<string>();
  #changed = false;

  constructor(secrets: readonly string[]) {
    for (const s of secrets) this.#remember(s);
  }

  #remember(s: string): void {
    if (s && s.length >= 4 && s !== REDACTED) this.#secrets.add(s);
  }

  headers(h: Headers | Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const entries = h instanceof Headers ? [...h.entries()] : Object.entries(h ?? {});
    for (const [k, v] of entries) {
      const key = k.toLowerCase();
      if (SECRET_HEADERS.has(key)) {
        this.#remember(v.replace(/^(Bearer|Basic)\s+/i, ''));
        out[key] = REDACTED;
      } else out[key] = v;
    }
    return out;
  }

  #json(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.#json(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          if (typeof x === 'string' && SECRET_FIELD.test(k)) {
            this.#remember(x);
            this.#changed = true;
            return [k, REDACTED];
          }
          return [k, this.#json(x)];
        }),
      );
    }
    return v;
  }

  body(text: string | null, contentType: string | null): string | null {
    if (text === null) return null;
    if (contentType?.includes('json') || /^\s*[{[]/.test(text)) {
      try {
        this.#changed = false;
        const redacted = this.#json(JSON.parse(text));
        // Keep the bytes as the CMP sent them unless a secret had to go.
        return this.#changed ? JSON.stringify(redacted) : text;
      } catch {
        // Not JSON after all: scrubbed as text below.
      }
    }
    if (contentType?.includes('x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      for (const [k, v] of [...form.entries()]) {
        if (SECRET_FIELD.test(k)) {
          this.#remember(v);
          form.set(k, REDACTED);
        }
      }
      return form.toString();
    }
    return text;
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join(REDACTED);
    return out;
  }
}

function bodyText(body: RequestInit['body']): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return `[${Object.prototype.toString.call(body)}]`;
}

function fileName(seq: number, method: string, url: string): string {
  const path = new URL(url).pathname
    .replace(/([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(-80)
    .replace(/^[^_]*_/, '');
  return `${String(seq).padStart(4, '0')}-${method}-${path || 'root'}.json`;
}

export interface Recorder {
  fetch: typeof fetch;
  /** Writes node.json and every exchange; call after the collection (secrets learnt late are scrubbed too). */
  save(node: CollectorNode, takenAtMs: number): void;
}

/** A fetch that passes through to `inner` and keeps every exchange for `save`. */
export function createRecorder(dir: string, secrets: readonly string[], inner: typeof fetch = fetch): Recorder {
  const redactor = new Redactor(secrets);
  const exchanges: RecordedExchange[] = [];
  let seq = 0;
  const recordingFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const n = ++seq;
    const res = await inner(input, init);
    const text = await res.text();
    const reqHeaders = new Headers(init.headers);
    exchanges.push({
      seq: n,
      method,
      url,
      requestHeaders: redactor.headers(reqHeaders),
      requestBody: redactor.body(bodyText(init.body), reqHeaders.get('content-type')),
      status: res.status,
      headers: redactor.headers(res.headers),
      body: redactor.body(text, res.headers.get('content-type')) ?? '',
    });
    return new Response(res.status === 204 || res.status === 304 ? null : text, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof fetch;
  return {
    fetch: recordingFetch,
    save(node, takenAtMs) {
      const nodeDir = join(dir, node.id);
      mkdirSync(nodeDir, { recursive: true });
      const meta: RecordedNode = { node, takenAtMs, recordedAt: new Date().toISOString() };
      writeFileSync(join(nodeDir, 'node.json'), `${JSON.stringify(meta, null, 2)}\n`);
      for (const x of exchanges.sort((a, b) => a.seq - b.seq)) {
        writeFileSync(join(nodeDir, fileName(x.seq, x.method, x.url)), `${redactor.scrub(JSON.stringify(x, null, 2))}\n`);
      }
    },
  };
}

/** The nodes recorded in DIR (each a subdirectory with node.json). */
export function recordedNodes(dir: string): { dir: string; meta: RecordedNode }[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    throw new CollectorError('GCC_ERR_COLLECTOR_REPLAY_MISSING', `cannot read the recording ${dir} (${(err as NodeJS.ErrnoException).code}): pass the directory collect --record wrote`);
  }
  const out = [];
  for (const name of entries.sort()) {
    const nodeDir = join(dir, name);
    let meta: RecordedNode;
    try {
      meta = JSON.parse(readFileSync(join(nodeDir, 'node.json'), 'utf8')) as RecordedNode;
    } catch {
      continue;
    }
    out.push({ dir: nodeDir, meta });
  }
  if (!out.length) throw new CollectorError('GCC_ERR_COLLECTOR_REPLAY_MISSING', `${dir} holds no recorded node (no */node.json): pass the directory collect --record wrote`);
  return out;
}

/** A fetch that answers from a node's recorded exchanges and never touches the network. */
export function replayFetch(nodeDir: string, nodeId: string): typeof fetch {
  const byKey = new Map<string, RecordedExchange[]>();
  const keyOf = (method: string, url: string) => {
    const u = new URL(url);
    return `${method.toUpperCase()} ${u.pathname}${u.search}`;
  };
  for (const f of readdirSync(nodeDir).filter((f) => /^\d+-.*\.json$/.test(f)).sort()) {
    const x = JSON.parse(readFileSync(join(nodeDir, f), 'utf8')) as RecordedExchange;
    const key = keyOf(x.method, x.url);
    byKey.set(key, [...(byKey.get(key) ?? []), x]);
  }
  const used = new Map<string, number>();
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const key = keyOf(init.method ?? 'GET', url);
    const list = byKey.get(key);
    if (!list?.length) {
      throw new CollectorError('GCC_ERR_COLLECTOR_REPLAY_MISSING', `the recording has no answer to ${key}: the adapter asked for something the recorded collection did not`, { node: nodeId });
    }
    const i = used.get(key) ?? 0;
    used.set(key, i + 1);
    const x = list[Math.min(i, list.length - 1)]!;
    const headers = new Headers(x.headers);
    // The adapter needs some token to go on with; the real one was never stored.
    if (headers.get('x-subject-token') === REDACTED) headers.set('x-subject-token', 'recorded-token');
    return new Response(x.status === 204 || x.status === 304 ? null : x.body, { status: x.status, headers });
  }) as typeof fetch;
}
