/**
 * An append-only buffer of Prometheus text lines on disk: a directory of numbered segment files,
 * each a sequence of records
 *
 *   #gcc-batch <body bytes> <sha1 of body, 12 hex>\n<body: lines, each ending in \n>
 *
 * appended with one write and fsync'd before append() resolves, so a batch the collector was told
 * is buffered survives a crash. A record cut short by a crash (or not matching its checksum) is
 * the last one of its segment: it and anything after it are dropped with a logged reason.
 *
 * Segments are read oldest first (by number) and removed only after VictoriaMetrics took them, so
 * order is kept and a crash between "sent" and "removed" re-sends one segment: the deduplication
 * VictoriaMetrics runs with (-dedup.minScrapeInterval) stores it once. A new process continues the
 * numbering after the highest segment it finds, so it replays what the previous one buffered.
 *
 * Size-bounded: an append that would pass `maxBytes` is refused (the newest samples are dropped,
 * what is buffered stays replayable), logged once per episode as an error and counted.
 *
 * One process per directory: a LOCK file holds the owner's pid; a lock whose pid is gone is stale.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';

const SEGMENT = /^segment-(\d{12})\.prom$/;
const HEADER = /^#gcc-batch (\d+) ([0-9a-f]{12})$/;
const segmentName = (seq: number) => `segment-${String(seq).padStart(12, '0')}.prom`;
const digest = (body: Buffer) => createHash('sha1').update(body).digest('hex').slice(0, 12);

export interface DiskBufferOptions {
  dir: string;
  logger: Logger;
  /** All segments together (default 512 MiB). */
  maxBytes?: number;
  /** A segment is closed and a new one begun past this size (default 4 MiB). */
  segmentBytes?: number;
}

export interface BufferedSegment {
  readonly name: string;
  /** Prometheus text, one sample per line, in the order appended. */
  readonly lines: string[];
}

export interface DiskBufferStats {
  dir: string;
  bytes: number;
  segments: number;
  maxBytes: number;
  droppedSamples: number;
}

export interface DiskBuffer {
  /** Appends lines durably; false (and nothing written) when the buffer is full. */
  append(lines: readonly string[]): Promise<boolean>;
  /** The oldest segment (closing the one being written when it is the only one); null when empty. */
  oldest(): Promise<BufferedSegment | null>;
  /** Removes a segment VictoriaMetrics took. */
  remove(name: string): Promise<void>;
  /** Moves a segment VictoriaMetrics refused (400) aside to rejected/, for a person to look at. */
  reject(name: string): Promise<void>;
  isEmpty(): boolean;
  stats(): DiskBufferStats;
  /** Closes the segment being written and releases the lock; buffered segments stay for the next process. */
  close(): Promise<void>;
}

const openDirs = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(dir: string): void {
  const lock = join(dir, 'LOCK');
  if (openDirs.has(dir)) throw new CollectorError('GCC_ERR_COLLECTOR_BUFFER_LOCKED', `the buffer directory ${dir} is already open in this process`);
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
      throw new CollectorError('GCC_ERR_COLLECTOR_BUFFER_LOCKED', `the buffer directory ${dir} belongs to the running collector with pid ${pid}: give each collector process its own --buffer-dir`);
    }
    writeFileSync(lock, String(process.pid));
  }
  openDirs.add(dir);
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function openDiskBuffer(o: DiskBufferOptions): Promise<DiskBuffer> {
  const dir = o.dir;
  const maxBytes = o.maxBytes ?? 512 * 1024 ** 2;
  const segmentBytes = o.segmentBytes ?? 4 * 1024 ** 2;
  const log = o.logger.child({ buffer: dir });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CollectorError('GCC_ERR_COLLECTOR_BUFFER_IO', `cannot create the buffer directory ${dir} (${(err as NodeJS.ErrnoException).code}): pass a writable --buffer-dir`, { cause: err });
  }
  takeLock(dir);

  // Segments left by a previous process, oldest first: all closed, all to be replayed.
  const sealed: { name: string; seq: number; bytes: number }[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT.exec(name);
    if (m) sealed.push({ name, seq: Number(m[1]), bytes: (await stat(join(dir, name))).size });
  }
  sealed.sort((a, b) => a.seq - b.seq);
  let nextSeq = (sealed.at(-1)?.seq ?? 0) + 1;
  let active: { name: string; fh: FileHandle; bytes: number } | null = null;
  let total = sealed.reduce((s, x) => s + x.bytes, 0);
  let dropped = 0;
  let full = false;
  if (sealed.length) log.info({ segments: sealed.length, bytes: total }, 'buffered samples from a previous run: replaying them when VictoriaMetrics answers');

  // One operation at a time: appends, reads and removals touch the same files and counters.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const io = (what: string, err: unknown) =>
    new CollectorError('GCC_ERR_COLLECTOR_BUFFER_IO', `cannot ${what} in the buffer directory ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });

  async function seal(): Promise<void> {
    if (!active) return;
    await active.fh.close();
    sealed.push({ name: active.name, seq: Number(SEGMENT.exec(active.name)![1]), bytes: active.bytes });
    active = null;
  }

  function parse(name: string, data: Buffer): string[] {
    const lines: string[] = [];
    let at = 0;
    while (at < data.length) {
      const nl = data.indexOf(0x0a, at);
      const header = nl < 0 ? null : HEADER.exec(data.toString('utf8', at, nl));
      const length = header ? Number(header[1]) : -1;
      const body = header && nl + 1 + length <= data.length ? data.subarray(nl + 1, nl + 1 + length) : null;
      if (!header || !body || digest(body) !== header[2]) {
        log.warn({ segment: name, offset: at, droppedBytes: data.length - at }, 'buffer segment ends in a torn or corrupt record (a crash while writing): the rest of the segment is dropped');
        break;
      }
      for (const line of body.toString('utf8').split('\n')) if (line) lines.push(line);
      at = nl + 1 + length;
    }
    return lines;
  }

  return {
    append: (lines) =>
      serial(async () => {
        if (!lines.length) return true;
        const body = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        const record = Buffer.concat([Buffer.from(`#gcc-batch ${body.length} ${digest(body)}\n`), body]);
        if (total + record.length > maxBytes) {
          dropped += lines.length;
          if (!full) {
            full = true;
            log.error({ err: new CollectorError('GCC_ERR_COLLECTOR_BUFFER_FULL', `the buffer ${dir} holds ${total} bytes of at most ${maxBytes}: new samples are dropped until VictoriaMetrics takes the buffered ones`), bytes: total, maxBytes }, 'disk buffer full: dropping new samples');
          }
          return false;
        }
        try {
          if (active && active.bytes + record.length > segmentBytes) await seal();
          if (!active) {
            const name = segmentName(nextSeq++);
            active = { name, fh: await open(join(dir, name), 'a'), bytes: 0 };
            await syncDir(dir);
          }
          await active.fh.write(record);
          await active.fh.sync();
        } catch (err) {
          throw io('append', err);
        }
        active.bytes += record.length;
        total += record.length;
        return true;
      }),
    oldest: () =>
      serial(async () => {
        if (!sealed.length) await seal();
        const first = sealed[0];
        if (!first) return null;
        let data: Buffer;
        try {
          data = await readFile(join(dir, first.name));
        } catch (err) {
          throw io(`read ${first.name}`, err);
        }
        return { name: first.name, lines: parse(first.name, data) };
      }),
    remove: (name) =>
      serial(async () => {
        const i = sealed.findIndex((s) => s.name === name);
        if (i < 0) return;
        try {
          await unlink(join(dir, name));
          await syncDir(dir);
        } catch (err) {
          throw io(`remove ${name}`, err);
        }
        total -= sealed[i]!.bytes;
        sealed.splice(i, 1);
        if (full && total < maxBytes) {
          full = false;
          log.info({ bytes: total, droppedSamples: dropped }, 'disk buffer has room again');
        }
      }),
    reject: (name) =>
      serial(async () => {
        const i = sealed.findIndex((s) => s.name === name);
        if (i < 0) return;
        await mkdir(join(dir, 'rejected'), { recursive: true });
        await rename(join(dir, name), join(dir, 'rejected', name));
        total -= sealed[i]!.bytes;
        sealed.splice(i, 1);
      }),
    isEmpty: () => total === 0,
    stats: () => ({ dir, bytes: total, segments: sealed.length + (active ? 1 : 0), maxBytes, droppedSamples: dropped }),
    close: () =>
      serial(async () => {
        await seal();
        try {
          unlinkSync(join(dir, 'LOCK'));
        } catch {
          // Already gone: nothing to release.
        }
        openDirs.delete(dir);
      }),
  };
}
