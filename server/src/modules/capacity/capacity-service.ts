/**
 * Capacity figures per node and for the province, read from VictoriaMetrics with the catalogue's
 * queries. A node with no sample newer than STALE_AFTER_SECONDS is stale: its last value still
 * counts (with the flag), a node with no sample at all contributes nothing and is listed.
 */
import { latestByNode, MEASURES, RESOURCE_METRICS, STALE_AFTER_SECONDS, type Measure, type Resource } from '@gcc/domain';
import type { VmClient } from '../../infra/vm/vm-client.ts';

/** How far back a node's last sample still counts (flagged stale) before it is "no data". */
export const LOOKBACK = '7d';

export interface CapacityFigure {
  total: number | null;
  allocated: number | null;
  used: number | null;
  asOf: Date | null;
  stale: boolean;
  staleNodes: string[];
}

interface NodeReading {
  values: Partial<Record<Measure, number>>;
  lastSampleMs: number;
}

export type NodeReadings = Map<string, NodeReading>;

export async function readNodeCapacities(vm: VmClient, resource: Resource, nowMs: number): Promise<NodeReadings> {
  const name = RESOURCE_METRICS[resource].name;
  const [values, times] = await Promise.all([
    vm.instant(latestByNode(resource, LOOKBACK), nowMs),
    vm.instant(`max by (node) (tlast_over_time(${name}[${LOOKBACK}]))`, nowMs),
  ]);
  const readings: NodeReadings = new Map();
  for (const t of times) {
    const node = t.metric.node;
    if (node) readings.set(node, { values: {}, lastSampleMs: t.value * 1000 });
  }
  for (const v of values) {
    const r = v.metric.node ? readings.get(v.metric.node) : undefined;
    const measure = v.metric.measure as Measure | undefined;
    if (r && measure && (MEASURES as readonly string[]).includes(measure)) r.values[measure] = v.value;
  }
  return readings;
}

/** Sum the readings of the given nodes; nodes expected but missing or old are reported stale. */
export function sumCapacity(readings: NodeReadings, nodeIds: readonly string[], nowMs: number): CapacityFigure {
  const totals: Record<Measure, number | null> = { total: null, allocated: null, used: null };
  const staleNodes: string[] = [];
  let asOf: number | null = null;
  for (const id of nodeIds) {
    const r = readings.get(id);
    if (!r || nowMs - r.lastSampleMs > STALE_AFTER_SECONDS * 1000) staleNodes.push(id);
    if (!r) continue;
    asOf = asOf === null ? r.lastSampleMs : Math.max(asOf, r.lastSampleMs);
    for (const m of MEASURES) {
      const v = r.values[m];
      if (v !== undefined) totals[m] = (totals[m] ?? 0) + v;
    }
  }
  return { ...totals, asOf: asOf === null ? null : new Date(asOf), stale: staleNodes.length > 0, staleNodes };
}
