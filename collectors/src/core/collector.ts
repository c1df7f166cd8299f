/** The running collector: one schedule per configured node, all writing through one writer. */
import type { Logger } from '../log.ts';
import { adapterFor, defaultAdapters, type AdapterRegistry } from './adapters.ts';
import { collectOnce, type CollectOutcome, type NodeHealthState } from './collect-once.ts';
import type { ResolvedConfig } from './config.ts';
import { scheduleNode, type NodeSchedule } from './schedule.ts';
import { createVmWriter, type VmWriter } from './vm-writer.ts';

export interface CollectorOptions extends ResolvedConfig {
  logger: Logger;
  adapters?: AdapterRegistry;
  writer?: VmWriter;
  timeoutMs?: number;
}

export interface RunningCollector {
  /** Pull every node now, in parallel (independent of the schedules). */
  collectAll(): Promise<CollectOutcome[]>;
  stop(): void;
}

export function startCollector(o: CollectorOptions, schedule = true): RunningCollector {
  const adapters = o.adapters ?? defaultAdapters();
  const writer = o.writer ?? createVmWriter({ vmUrl: o.config.vmUrl, logger: o.logger });
  // Fail at start-up, not at the first pull, when a node's CMP kind has no adapter.
  const nodes = o.config.nodes.map((node) => ({ node, adapter: adapterFor(adapters, node.cmpKind, node.id), health: { failuresTotal: 0, lastSuccessMs: null } as NodeHealthState }));
  const pull = (n: (typeof nodes)[number]) =>
    collectOnce(n.node, { adapter: n.adapter, writer, credentials: o.credentials.get(n.node.id)!, logger: o.logger, health: n.health, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
  const schedules: NodeSchedule[] = schedule
    ? nodes.map((n) => scheduleNode({ name: n.node.id, intervalSeconds: o.config.intervalSeconds, run: async () => void (await pull(n)) }))
    : [];
  return {
    collectAll: () => Promise.all(nodes.map(pull)),
    stop: () => schedules.forEach((s) => s.stop()),
  };
}
