/**
 * The running collector: one schedule and one pull policy (timeout, retries, circuit breaker) per
 * configured node, all writing through one writer. Nodes never wait on each other: each has its
 * own croner job and its own breaker, and the writer buffers on disk instead of blocking a pull
 * while VictoriaMetrics is down (buffered-writer.ts).
 */
import type { Logger } from '../log.ts';
import { adapterFor, defaultAdapters, type AdapterRegistry } from './adapters.ts';
import type { BufferedVmWriter } from './buffered-writer.ts';
import { collectOnce, type CollectOutcome, type NodeHealthState } from './collect-once.ts';
import type { ResolvedConfig } from './config.ts';
import type { CollectorStatus } from './node-status.ts';
import { createPullPolicy, type PullPolicyOptions } from './pull-policy.ts';
import { scheduleNode, type NodeSchedule } from './schedule.ts';
import { createVmWriter, type VmWriter } from './vm-writer.ts';

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
}

export interface RunningCollector {
  /** Pull every node now, in parallel (independent of the schedules). */
  collectAll(): Promise<CollectOutcome[]>;
  /** Per node: last pull, last good pull, failures, circuit; and the disk buffer. */
  status(): CollectorStatus;
  stop(): void;
}

const isBuffered = (w: VmWriter): w is BufferedVmWriter => typeof (w as Partial<BufferedVmWriter>).stats === 'function';

export function startCollector(o: CollectorOptions, schedule = true): RunningCollector {
  const adapters = o.adapters ?? defaultAdapters();
  const writer = o.writer ?? createVmWriter({ vmUrl: o.config.vmUrl, logger: o.logger });
  const now = o.now ?? Date.now;
  const intervalMs = o.config.intervalSeconds * 1000;
  const attemptTimeoutMs = o.timeoutMs ?? Math.max(1000, Math.min(20_000, Math.floor(intervalMs / 3)));
  // Fail at start-up, not at the first pull, when a node's CMP kind has no adapter.
  const nodes = o.config.nodes.map((node) => {
    const log = o.logger.child({ node: node.id, cmp: node.cmpKind });
    return {
      node,
      adapter: adapterFor(adapters, node.cmpKind, node.id),
      health: { failuresTotal: 0, lastSuccessMs: null } as NodeHealthState,
      policy: createPullPolicy({
        node: node.id,
        attemptTimeoutMs,
        deadlineMs: Math.max(attemptTimeoutMs, Math.floor(intervalMs * 0.9)),
        ...o.policy,
        onStateChange: (state) => {
          if (state === 'open') log.warn({ circuit: state }, 'circuit breaker open: pulls of this node are skipped for a while');
          else log.info({ circuit: state }, state === 'closed' ? 'circuit breaker closed: pulling again' : 'circuit breaker half-open: one trial pull');
        },
      }),
    };
  });
  const pull = (n: (typeof nodes)[number]) =>
    collectOnce(n.node, {
      adapter: n.adapter,
      writer,
      credentials: o.credentials.get(n.node.id)!,
      logger: o.logger,
      health: n.health,
      policy: n.policy,
      timeoutMs: attemptTimeoutMs,
      now,
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  const schedules: NodeSchedule[] = schedule
    ? nodes.map((n) =>
        scheduleNode({ name: n.node.id, intervalSeconds: o.config.intervalSeconds, ...(o.jitterMs !== undefined ? { jitterMs: o.jitterMs } : {}), run: async () => void (await pull(n)) }),
      )
    : [];
  return {
    collectAll: () => Promise.all(nodes.map(pull)),
    status: () => {
      const at = now();
      return {
        atMs: at,
        nodes: nodes.map(({ node, health, policy }) => ({
          node: node.id,
          cmp: node.cmpKind,
          circuit: policy.circuit(),
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
    stop: () => schedules.forEach((s) => s.stop()),
  };
}
