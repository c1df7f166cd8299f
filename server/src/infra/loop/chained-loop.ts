/**
 * Background work that repeats every `intervalMs`, chained rather than overlapping: the next run is
 * scheduled only when the previous one has finished, so a slow store delays the loop instead of
 * piling up queries. Timers are unref'd (a loop never keeps the process alive) and `stop()` waits
 * for a run in progress, so a closing server never cuts a write in half.
 *
 * `run` should handle its own errors; a rejection is passed to `onError` and the loop goes on.
 */
export interface ChainedLoop<T> {
  /** Starts the loop (idempotent); with `runOnStart` the first run happens at once. */
  start(): void;
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** One run now, or the run already in progress (tests, and work that must not wait). */
  runNow(): Promise<T | undefined>;
}

export function createChainedLoop<T>(o: {
  intervalMs: number;
  runOnStart?: boolean;
  run(): Promise<T>;
  onError?(err: unknown): void;
}): ChainedLoop<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T | undefined> | undefined;
  let stopped = true;

  const runOnce = (): Promise<T | undefined> =>
    (running ??= o
      .run()
      .catch((err: unknown) => {
        o.onError?.(err);
        return undefined;
      })
      .finally(() => (running = undefined)));

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(schedule), o.intervalMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      if (o.runOnStart) void runOnce().finally(schedule);
      else schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runNow: runOnce,
  };
}
