/**
 * The collector's writer: straight to VictoriaMetrics while it answers, to the disk buffer while it
 * does not, and the buffer replayed in order when it answers again.
 *
 * - Direct: one POST without the HTTP writer's own retries; a failure a retry can help (refused,
 *   5xx, 429, timeout: down or slow) appends the batch to the buffer instead, so a pull never
 *   waits on VictoriaMetrics' backoff.
 * - While anything is buffered every new batch is appended too, behind what waits, so replay
 *   keeps the order samples were taken in.
 * - Replay: the oldest segment is posted; removed only once VictoriaMetrics took it. Failures back
 *   off exponentially (1 s → 30 s); a 400 moves the segment to rejected/ (the same bytes would fail
 *   forever) with an error log. Samples that aged past the retention while waiting are refused
 *   with a logged reason instead of being dropped silently by VictoriaMetrics.
 * - A 400 on a direct write is thrown, never buffered.
 */
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { DiskBuffer, DiskBufferStats } from './disk-buffer.ts';
import { formatSample } from './sample.ts';
import { DEFAULT_RETENTION_MS, guardSamples, refusalReason } from './sample-guard.ts';
import type { VmHttpWriter, VmWriter, WriteResult } from './vm-writer.ts';

export interface BufferedWriterOptions {
  inner: VmHttpWriter;
  buffer: DiskBuffer;
  logger: Logger;
  retentionMs?: number;
  now?: () => number;
  /** First replay backoff (default 1 s), doubled up to `maxBackoffMs` (default 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface BufferedWriterStats extends DiskBufferStats {
  /** Samples appended to the buffer and replayed from it since start. */
  bufferedSamples: number;
  replayedSamples: number;
  /** Buffered samples refused at replay because they aged past the retention. */
  expiredSamples: number;
  replaying: boolean;
}

export interface BufferedVmWriter extends VmWriter {
  stats(): BufferedWriterStats;
  /** Resolves true once the buffer is empty, false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean>;
  /** Stops replaying and closes the buffer; what is buffered stays for the next process. */
  close(): Promise<void>;
}

const retryable = (err: unknown) => err instanceof CollectorError && err.retryable;

export function createBufferedWriter(o: BufferedWriterOptions): BufferedVmWriter {
  const { inner, buffer } = o;
  const log = o.logger.child({ component: 'vm-buffer' });
  const now = o.now ?? Date.now;
  const retentionMs = o.retentionMs ?? DEFAULT_RETENTION_MS;
  const firstBackoff = o.backoffMs ?? 1000;
  const maxBackoff = o.maxBackoffMs ?? 30_000;
  let replaying = false;
  let closed = false;
  let outage = false;
  let wake: (() => void) | null = null;
  let current: Promise<void> = Promise.resolve();
  const counts = { bufferedSamples: 0, replayedSamples: 0, expiredSamples: 0 };

  async function append(lines: string[], reason: unknown): Promise<void> {
    if (!outage) {
      outage = true;
      log.warn({ err: reason }, 'VictoriaMetrics is unavailable: buffering samples on disk, replaying them in order when it answers');
    }
    if (!(await buffer.append(lines))) {
      throw new CollectorError('GCC_ERR_COLLECTOR_BUFFER_FULL', `the disk buffer ${buffer.stats().dir} is full (${buffer.stats().maxBytes} bytes): ${lines.length} samples dropped`, { retryable: true });
    }
    counts.bufferedSamples += lines.length;
    kick();
  }

  function kick(): void {
    if (replaying || closed) return;
    replaying = true;
    current = replay().finally(() => {
      replaying = false;
      // A batch appended while the last segment was being removed: go again.
      if (!buffer.isEmpty() && !closed) kick();
    });
  }

  async function pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    wake = null;
  }

  async function replay(): Promise<void> {
    let backoff = firstBackoff;
    while (!closed) {
      const segment = await buffer.oldest();
      if (!segment) break;
      const t = now();
      const lines = segment.lines.filter((line) => {
        const parts = line.split(' ');
        const reason = refusalReason(Number(parts.at(-2)), Number(parts.at(-1)), t, retentionMs);
        if (reason) counts.expiredSamples += 1;
        return reason === null;
      });
      if (lines.length < segment.lines.length) log.warn({ segment: segment.name, count: segment.lines.length - lines.length, reason: 'timestamp older than the retention' }, 'buffered samples refused at replay: VictoriaMetrics would drop them silently');
      try {
        await inner.postLines(lines, { retries: 0 });
      } catch (err) {
        if (!retryable(err)) {
          log.error({ err, segment: segment.name }, 'VictoriaMetrics refused a buffered segment: moved to rejected/ in the buffer directory');
          await buffer.reject(segment.name);
          continue;
        }
        log.debug({ err, waitMs: backoff }, 'replay failed; VictoriaMetrics still unavailable');
        await pause(backoff);
        backoff = Math.min(maxBackoff, backoff * 2);
        continue;
      }
      await buffer.remove(segment.name);
      counts.replayedSamples += lines.length;
      backoff = firstBackoff;
      log.info({ segment: segment.name, samples: lines.length, left: buffer.stats().bytes }, 'replayed a buffered segment');
    }
    if (buffer.isEmpty() && outage) {
      outage = false;
      log.info({ replayedSamples: counts.replayedSamples }, 'buffer replayed: writing to VictoriaMetrics directly again');
    }
  }

  if (!buffer.isEmpty()) {
    outage = true;
    kick();
  }

  return {
    vmUrl: inner.vmUrl,
    forceFlush: () => inner.forceFlush(),
    async write(samples): Promise<WriteResult> {
      const lines = guardSamples(samples, { logger: log, retentionMs, now }).map(formatSample);
      if (!lines.length) return { samples: 0, batches: 0 };
      if (!buffer.isEmpty() || replaying) {
        await append(lines, null);
        return { samples: lines.length, batches: 1 };
      }
      try {
        await inner.postLines(lines, { retries: 0 });
      } catch (err) {
        if (!retryable(err)) throw err;
        await append(lines, err);
      }
      return { samples: lines.length, batches: 1 };
    },
    stats: () => ({ ...buffer.stats(), ...counts, replaying }),
    async drained(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!buffer.isEmpty() || replaying) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    },
    async close() {
      closed = true;
      wake?.();
      await current;
      await buffer.close();
    },
  };
}
