/**
 * Watches the collectors' progress: the newest last-success timestamp over all nodes advances once
 * per collection cycle. Each server replica runs one watcher (it keeps no state but the last value
 * it saw) and tells its own subscribers; nothing has to be coordinated between replicas.
 *
 * Polls are chained, never overlapping: a slow VictoriaMetrics delays the next poll instead of
 * piling queries up. The first reading is only a baseline: a restart does not announce a cycle.
 */
import { lastCollection } from '@gcc/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { LOOKBACK } from '../capacity/capacity-service.ts';
import { createChainedLoop } from '../../infra/loop/chained-loop.ts';

export interface CollectionWatcherOptions {
  vm: VmClient;
  intervalMs: number;
  log: FastifyBaseLogger;
  /** Called with the new newest last-success time (ms) each time it advances. */
  onAdvance(collectedAtMs: number): Promise<void> | void;
}

export interface CollectionWatcher {
  start(): void;
  /** Stops polling and waits for a poll in progress to finish. */
  stop(): Promise<void>;
  /** Runs one poll now (tests, and the first baseline). */
  poll(): Promise<void>;
  readonly lastSeenMs: number | null;
}

export function createCollectionWatcher(o: CollectionWatcherOptions): CollectionWatcher {
  let lastSeenMs: number | null = null;
  /** Set by the first successful poll (even one that finds no collection yet). */
  let baselined = false;

  async function pollOnce(): Promise<void> {
    try {
      const [sample] = await o.vm.instant(lastCollection(LOOKBACK));
      const first = !baselined;
      baselined = true;
      if (!sample || !Number.isFinite(sample.value)) return;
      const atMs = sample.value * 1000;
      if (lastSeenMs !== null && atMs <= lastSeenMs) return;
      lastSeenMs = atMs;
      if (!first) await o.onAdvance(atMs);
    } catch (err) {
      // VictoriaMetrics down or overloaded: try again next interval, the big screen keeps its last data.
      o.log.warn({ err }, 'collection watcher: poll failed');
    }
  }

  const loop = createChainedLoop({ intervalMs: o.intervalMs, runOnStart: true, run: pollOnce });

  return {
    get lastSeenMs() {
      return lastSeenMs;
    },
    start: loop.start,
    stop: loop.stop,
    poll: async () => void (await loop.runNow()),
  };
}
