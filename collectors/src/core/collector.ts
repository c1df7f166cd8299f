/**
 * The running collector: one schedule and one pull policy (timeout, retries, circuit breaker) per
 * node, all writing through one writer; the node list can change while it runs (update, fed by
 * targets.ts). Nodes never wait on each other: each has its
 * own croner job and its own breaker, and the writer buffers on disk instead of blocking a pull
 * while VictoriaMetrics is down (buffered-writer.ts).
 */
import type { Logger } from '../log.ts';
import { adapterFor, defaultAdapters, type AdapterRegistry } from './adapters.ts';
import type { BufferedVmWriter } from './buffered-writer.ts';
import { collectOnce, type CollectOutcome, type NodeHealthState } from './collect-once.ts';
import type { CmpAdapter, CmpCredentials, CollectorNode } from './cmp-adapter.ts';
import type { ResolvedConfig } from './config.ts';
import type { CollectorStatus } from './node-status.ts';
import { mapLimit } from './http.ts';
import { createPullPolicy, type PullPolicy, type PullPolicyOptions } from './pull-policy.ts';
import { scheduleNode, type NodeSchedule } from './schedule.ts';
import { createVmWriter, type VmWriter } from './vm-writer.ts';

export const DEFAULT_MAX_CONCURRENT_PULLS = 32;

export interface CollectorOptions extends ResolvedConfig {
  logger: Logger;
  adapters?: AdapterRegistry;
  writer?: VmWriter;
  /** One attempt of a pull, and each CMP request in it (default: a third of the interval, 1–20 s). */
  timeoutMs?: number;
  /** Retry and breaker settings shared by every node (pull-policy.ts has the defaults). */
  policy?: Omit<PullPolicyOptions, 'node' | 'onStateChange' | 'attemptTimeoutMs'>;
  /** Start offset of every schedule instead of each node's stable jitter (tests). */
  jitterMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
  /**
   * collectAll (--once) pulls at most this many nodes at a time (default 32): with hundreds of nodes
   * all at once, every pull shares the process with all the others, runs past its attempt timeout
   * and is retried, and the requests in flight at once (memory) grow with the node count.
   */
  maxConcurrentPulls?: number;
}

/** The nodes to pull and their credentials (config.ts resolves them; targets.ts keeps them current). */
export interface CollectorTargets {
  nodes: readonly Readonly<CollectorNode>[];
  credentials: ReadonlyMap<string, CmpCredentials>;
}

export interface TargetsChange {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface RunningCollector {
  /** Pull every node now, `maxConcurrentPulls` at a time (independent of the schedules). */
  collectAll(): Promise<CollectOutcome[]>;
  /** Per node: last pull, last good pull, failures, circuit; and the disk buffer. */
  status(): CollectorStatus;
  /** What is being pulled now. */
  targets(): CollectorTargets;
  /**
   * Pull these nodes from now on: new ones are scheduled, missing ones stop, changed ones (any
   * field, or other credentials) start over with a fresh pull policy, keeping their counters.
   * A node whose CMP kind has no adapter is left out with an error log.
   */
  update(next: CollectorTargets): TargetsChange;
  /**
   * Stops the schedules; resolves when the pulls already under way have finished and written
   * (a stopping collector never throws away a pull it has taken).
   */
  stop(): Promise<void>;
}

const isBuffered = (w: VmWriter): w is BufferedVmWriter => typeof (w as Partial<BufferedVmWriter>).stats === 'function';

interface Entry {
  node: Readonly<CollectorNode>;
  credentials: CmpCredentials;
  adapter: CmpAdapter;
  health: NodeHealthState;
  policy: PullPolicy;
  schedule: NodeSchedule | null;
}

const sameCredentials = (a: CmpCredentials, b: CmpCredentials) => a.username === b.username && a.password === b.password && a.projectName === b.projectName && a.domainName === b.domainName;

export function startCollector(o: CollectorOptions, schedule = true): RunningCollector {
  const adapters = o.adapters ?? defaultAdapters();
  const writer = o.writer ?? createVmWriter({ vmUrl: o.config.vmUrl, logger: o.logger });
  const now = o.now ?? Date.now;
  const intervalMs = o.config.intervalSeconds * 1000;
  const attemptTimeoutMs = o.timeoutMs ?? Math.max(1000, Math.min(20_000, Math.floor(intervalMs / 3)));
  const entries = new Map<string, Entry>();
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => inFlight.delete(p);
    p.then(done, done);
    return p;
  };

  const pull = (n: Entry) =>
    collectOnce(n.node, {
      adapter: n.adapter,
      writer,
      credentials: n.credentials,
      logger: o.logger,
      health: n.health,
      policy: n.policy,
      timeoutMs: attemptTimeoutMs,
      now,
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  const makeEntry = (node: Readonly<CollectorNode>, credentials: CmpCredentials, health: NodeHealthState): Entry => {
    const log = o.logger.child({ node: node.id, cmp: node.cmpKind });
    const entry: Entry = {
      node,
      credentials,
      adapter: adapterFor(adapters, node.cmpKind, node.id),
      health,
      policy: createPullPolicy({
        node: node.id,
        attemptTimeoutMs,
        // A slow node may be given up to a minute (or ten base timeouts) per attempt: better late
        // than stale (pull-policy.ts says how the timeout adapts).
        maxAttemptTimeoutMs: Math.min(300_000, Math.max(attemptTimeoutMs * 10, 60_000)),
        deadlineMs: Math.max(attemptTimeoutMs, Math.floor(intervalMs * 0.9)),
        ...o.policy,
        onStateChange: (state) => {
          if (state === 'open') log.warn({ circuit: state }, 'circuit breaker open: pulls of this node are skipped for a while');
          else log.info({ circuit: state }, state === 'closed' ? 'circuit breaker closed: pulling again' : 'circuit breaker half-open: one trial pull');
        },
      }),
      schedule: null,
    };
    if (schedule && !stopped) {
      entry.schedule = scheduleNode({ name: node.id, intervalSeconds: o.config.intervalSeconds, ...(o.jitterMs !== undefined ? { jitterMs: o.jitterMs } : {}), run: async () => void (await tracked(pull(entry))) });
    }
    return entry;
  };
  // Fail at start-up, not at the first pull, when a node's CMP kind has no adapter.
  for (const node of o.config.nodes) entries.set(node.id, makeEntry(node, o.credentials.get(node.id)!, { failuresTotal: 0, lastSuccessMs: null }));

  return {
    collectAll: () => mapLimit([...entries.values()], Math.max(1, o.maxConcurrentPulls ?? DEFAULT_MAX_CONCURRENT_PULLS), pull),
    status: () => {
      const at = now();
      return {
        atMs: at,
        nodes: [...entries.values()].map(({ node, health, policy }) => ({
          node: node.id,
          cmp: node.cmpKind,
          circuit: policy.circuit(),
          attemptTimeoutMs: policy.attemptTimeoutMs(),
          pullsTotal: health.pullsTotal ?? 0,
          failuresTotal: health.failuresTotal,
          consecutiveFailures: health.consecutiveFailures ?? 0,
          lastSuccessMs: health.lastSuccessMs,
          stalenessSeconds: health.lastSuccessMs === null ? null : Math.max(0, (at - health.lastSuccessMs) / 1000),
          lastPull: health.lastPull ?? null,
        })),
        buffer: isBuffered(writer) ? writer.stats() : null,
      };
    },
    targets: () => ({ nodes: [...entries.values()].map((e) => e.node), credentials: new Map([...entries.values()].map((e) => [e.node.id, e.credentials])) }),
    update(next) {
      const change: TargetsChange = { added: [], removed: [], changed: [] };
      const wanted = new Set(next.nodes.map((n) => n.id));
      for (const [id, e] of entries) {
        if (wanted.has(id)) continue;
        e.schedule?.stop();
        entries.delete(id);
        change.removed.push(id);
      }
      for (const node of next.nodes) {
        const credentials = next.credentials.get(node.id);
        const current = entries.get(node.id);
        if (!credentials) continue;
        if (current && JSON.stringify(current.node) === JSON.stringify(node) && sameCredentials(current.credentials, credentials)) continue;
        let entry: Entry;
        try {
          // A pull of the old definition still running finishes; the new schedule starts after its jitter.
          entry = makeEntry(node, credentials, current?.health ?? { failuresTotal: 0, lastSuccessMs: null });
        } catch (err) {
          o.logger.error({ err, node: node.id }, 'node left out');
          continue;
        }
        current?.schedule?.stop();
        entries.set(node.id, entry);
        (current ? change.changed : change.added).push(node.id);
      }
      return change;
    },
    stop: async () => {
      stopped = true;
      entries.forEach((e) => e.schedule?.stop());
      await Promise.allSettled([...inFlight]);
    },
  };
}
