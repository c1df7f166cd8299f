/**
 * Writes samples to VictoriaMetrics through `/api/v1/import/prometheus` (Prometheus text with
 * explicit millisecond timestamps), in batches. 5xx, 429 and connection failures are retried
 * with exponential backoff; 400 never is (the same bytes would fail again). VictoriaMetrics
 * answers 204 even when it drops malformed rows, so formatting is strict (sample.ts) and samples
 * it would drop silently (NaN, outside its retention or too far ahead) are refused before sending,
 * with a logged reason (sample-guard.ts).
 */
import { CollectorError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import { describeNetworkError as describe } from './net-error.ts';
import { formatSample, type Sample } from './sample.ts';
import { guardSamples } from './sample-guard.ts';

export interface VmWriterOptions {
  /** Single node: http://host:8428; cluster: vminsert's http://host:8480/insert/0/prometheus. */
  vmUrl: string;
  /** Samples per request (default 20,000). */
  batchSize?: number;
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff (default 250 ms), doubled per retry, capped at 10 s. */
  backoffMs?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** VictoriaMetrics' -retentionPeriod in ms (default 100 years): older samples are refused before sending. */
  retentionMs?: number;
  /** Clock for the retention and future checks (default Date.now). */
  now?: () => number;
}

export interface WriteResult {
  samples: number;
  batches: number;
}

export interface VmWriter {
  readonly vmUrl: string;
  write(samples: Iterable<Sample>): Promise<WriteResult>;
  /** Makes just-written samples searchable now (single-node VictoriaMetrics). */
  forceFlush(): Promise<void>;
}

/** The HTTP writer itself: also posts lines that are already formatted (the disk buffer's). */
export interface VmHttpWriter extends VmWriter {
  /** One POST of already formatted and checked lines; `retries` overrides the writer's. */
  postLines(lines: readonly string[], options?: { retries?: number }): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createVmWriter(options: VmWriterOptions): VmHttpWriter {
  let base: URL;
  try {
    base = new URL(options.vmUrl);
  } catch {
    throw new CollectorError('GCC_ERR_VM_UNREACHABLE', `VM_URL "${options.vmUrl}" is not a URL: set it to e.g. http://127.0.0.1:8428`);
  }
  const vmUrl = base.toString().replace(/\/+$/, '');
  const batchSize = options.batchSize ?? 20_000;
  const defaultRetries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = options.logger ?? silentLogger;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const importUrl = `${vmUrl}/api/v1/import/prometheus`;

  async function post(body: string, count: number, retries = defaultRetries): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let failure: CollectorError;
      let retryAfterMs: number | undefined;
      try {
        const res = await doFetch(importUrl, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = res.ok ? '' : (await res.text()).slice(0, 300);
        if (res.ok) {
          await res.body?.cancel().catch(() => undefined);
          return;
        }
        if (res.status !== 429 && res.status < 500) {
          throw new CollectorError('GCC_ERR_VM_REJECTED', `VictoriaMetrics at VM_URL=${vmUrl} rejected ${count} samples with ${res.status}: ${text}`, { status: res.status });
        }
        const ra = Number(res.headers.get('retry-after'));
        if (Number.isFinite(ra) && ra > 0) retryAfterMs = ra * 1000;
        failure = new CollectorError('GCC_ERR_VM_WRITE_FAILED', `VictoriaMetrics at VM_URL=${vmUrl} answered ${res.status} to ${attempt + 1} attempts: ${text}`, {
          status: res.status,
          retryable: true,
        });
      } catch (err) {
        if (err instanceof CollectorError) throw err;
        failure = new CollectorError(
          'GCC_ERR_VM_UNREACHABLE',
          `VictoriaMetrics at VM_URL=${vmUrl} is unreachable (${describe(err)}): start it or point VM_URL at a running one`,
          { retryable: true, cause: err },
        );
      }
      if (attempt >= retries) throw failure;
      const wait = retryAfterMs ?? Math.min(10_000, backoffMs * 2 ** attempt);
      log.warn({ err: failure, attempt: attempt + 1, waitMs: wait }, 'write to VictoriaMetrics failed; retrying');
      await sleep(wait);
    }
  }

  return {
    vmUrl,
    async write(samples) {
      let lines: string[] = [];
      const result: WriteResult = { samples: 0, batches: 0 };
      const flush = async () => {
        if (!lines.length) return;
        await post(`${lines.join('\n')}\n`, lines.length);
        result.samples += lines.length;
        result.batches += 1;
        lines = [];
      };
      for (const s of guardSamples(samples, { logger: log, ...(options.retentionMs ? { retentionMs: options.retentionMs } : {}), ...(options.now ? { now: options.now } : {}) })) {
        lines.push(formatSample(s));
        if (lines.length >= batchSize) await flush();
      }
      await flush();
      return result;
    },
    async postLines(lines, o = {}) {
      if (lines.length) await post(`${lines.join('\n')}\n`, lines.length, o.retries);
    },
    async forceFlush() {
      const url = `${base.origin}/internal/force_flush`;
      try {
        const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        await res.body?.cancel().catch(() => undefined);
        // A cluster's vminsert has no force_flush: its samples become searchable on their own.
        if (!res.ok) log.info({ status: res.status, url }, 'force_flush not available; samples become searchable within seconds');
      } catch (err) {
        throw new CollectorError('GCC_ERR_VM_UNREACHABLE', `VictoriaMetrics at VM_URL=${vmUrl} is unreachable (${describe(err)}): start it or point VM_URL at a running one`, {
          retryable: true,
          cause: err,
        });
      }
    },
  };
}
