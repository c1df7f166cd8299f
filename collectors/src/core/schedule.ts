/**
 * One schedule per node (croner): a pull every `intervalSeconds`, each node started after its own
 * jitter so 22 nodes do not hit their CMPs and VictoriaMetrics in the same second. A pull still
 * running when the next is due is skipped (`protect`), never stacked.
 */
import { Cron } from 'croner';

export interface NodeScheduleOptions {
  name: string;
  intervalSeconds: number;
  /** Delay before the first run; default: a stable fraction of the interval derived from the name. */
  jitterMs?: number;
  run: () => Promise<void>;
}

export interface NodeSchedule {
  readonly name: string;
  nextRun(): Date | null;
  stop(): void;
}

/** A stable jitter in [0, interval): the same node starts at the same offset every run. */
export function stableJitterMs(name: string, intervalSeconds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h % Math.max(1, Math.floor(intervalSeconds * 1000));
}

export function scheduleNode(o: NodeScheduleOptions): NodeSchedule {
  if (!(o.intervalSeconds >= 1)) throw new Error(`interval for ${o.name} must be at least 1 s, got ${o.intervalSeconds}`);
  const jitter = o.jitterMs ?? stableJitterMs(o.name, o.intervalSeconds);
  const job = new Cron(
    '* * * * * *',
    { interval: o.intervalSeconds, protect: true, startAt: new Date(Date.now() + jitter) },
    async () => {
      await o.run();
    },
  );
  return { name: o.name, nextRun: () => job.nextRun(), stop: () => job.stop() };
}
