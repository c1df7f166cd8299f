/**
 * Capacity figures per data centre, node, city and the province, read from VictoriaMetrics with
 * the catalogue's queries. A node with no sample newer than the stale threshold (STALE_AFTER_SECONDS
 * unless configured otherwise) is stale: its last value still counts (with the flag), a node with
 * no sample at all contributes nothing and is listed.
 *
 * Exact sums: VictoriaMetrics returns one figure per (node, dc, measure); a node's figure is the
 * sum of its data centres' and every larger scope the sum of its nodes', always from those same
 * numbers, so province = Σ nodes = Σ data centres. (Float sums of integers are exact below 2^53:
 * 8 PiB in bytes; beyond that the last bits depend on the order of addition.)
 */
import {
  lastSampleByNode, latestByDataCentre, MEASURES, PHYSICAL_MEASURE, STALE_AFTER_SECONDS, type Measure, type Resource,
} from '@gcc/domain';
import type { VmClient } from '../../infra/vm/vm-client.ts';

/** How far back a node's last sample still counts (flagged stale) before it is "no data". */
export const LOOKBACK = '7d';

/** The catalogue's measures plus the optional physical capacity. */
export type ReadMeasure = Measure | typeof PHYSICAL_MEASURE;
const READ_MEASURES: readonly string[] = [...MEASURES, PHYSICAL_MEASURE];

export type MeasureValues = Partial<Record<ReadMeasure, number>>;

export interface CapacityFigure {
  total: number | null;
  allocated: number | null;
  used: number | null;
  physical: number | null;
  asOf: Date | null;
  stale: boolean;
  staleNodes: string[];
}

export interface NodeReading {
  /** Sum over the node's data centres. */
  values: MeasureValues;
  dataCentres: Map<string, MeasureValues>;
  lastSampleMs: number;
  /** lastSampleMs plus the stale threshold: after this instant the reading is stale. */
  freshUntilMs: number;
}

export type NodeReadings = Map<string, NodeReading>;

function add(into: MeasureValues, from: MeasureValues): void {
  for (const m of READ_MEASURES as ReadMeasure[]) {
    const v = from[m];
    if (v !== undefined) into[m] = (into[m] ?? 0) + v;
  }
}

/**
 * Every node's latest reading at atMs. `staleAfterSeconds` is the installation's threshold
 * (STALE_AFTER_SECONDS unless the server's config says otherwise; tests shorten it).
 */
export async function readNodeCapacities(vm: VmClient, resource: Resource, atMs: number, staleAfterSeconds: number = STALE_AFTER_SECONDS): Promise<NodeReadings> {
  const [values, times] = await Promise.all([
    vm.instant(latestByDataCentre(resource, LOOKBACK), atMs),
    vm.instant(lastSampleByNode(resource, LOOKBACK), atMs),
  ]);
  const readings: NodeReadings = new Map();
  for (const t of times) {
    const node = t.metric.node;
    if (node) readings.set(node, { values: {}, dataCentres: new Map(), lastSampleMs: t.value * 1000, freshUntilMs: (t.value + staleAfterSeconds) * 1000 });
  }
  for (const v of values) {
    const r = v.metric.node ? readings.get(v.metric.node) : undefined;
    const measure = v.metric.measure;
    if (!r || !measure || !READ_MEASURES.includes(measure)) continue;
    const dc = v.metric.dc ?? '';
    let dcValues = r.dataCentres.get(dc);
    if (!dcValues) r.dataCentres.set(dc, (dcValues = {}));
    dcValues[measure as ReadMeasure] = v.value;
  }
  // Sum in a fixed (sorted) data-centre order so a node's figure never depends on answer order.
  for (const r of readings.values()) {
    for (const dc of [...r.dataCentres.keys()].sort()) add(r.values, r.dataCentres.get(dc)!);
  }
  return readings;
}

/** Live nodes are expected to report; a node before its go-live is not. */
export function isLiveAt(node: { goLiveDate: Date | null }, atMs: number): boolean {
  return node.goLiveDate !== null && node.goLiveDate.getTime() <= atMs;
}

export function isStale(reading: NodeReading | undefined, atMs: number): boolean {
  return !reading || atMs > reading.freshUntilMs;
}

function figureFrom(values: MeasureValues | null, asOf: number | null, staleNodes: string[]): CapacityFigure {
  return {
    total: values?.total ?? null,
    allocated: values?.allocated ?? null,
    used: values?.used ?? null,
    physical: values?.physical ?? null,
    asOf: asOf === null ? null : new Date(asOf),
    stale: staleNodes.length > 0,
    staleNodes,
  };
}

/** Sum the readings of the given nodes; nodes expected but missing or old are reported stale. */
export function sumCapacity(readings: NodeReadings, nodeIds: readonly string[], atMs: number): CapacityFigure {
  const sum: MeasureValues = {};
  const staleNodes: string[] = [];
  let asOf: number | null = null;
  let any = false;
  let physicalComplete = true;
  for (const id of nodeIds) {
    const r = readings.get(id);
    if (isStale(r, atMs)) staleNodes.push(id);
    if (!r) continue;
    any = true;
    asOf = asOf === null ? r.lastSampleMs : Math.max(asOf, r.lastSampleMs);
    add(sum, r.values);
    if (r.values.physical === undefined) physicalComplete = false;
  }
  // A physical sum over only some of the nodes would make a meaningless overcommit ratio.
  if (!physicalComplete) delete sum.physical;
  return figureFrom(any ? sum : null, asOf, staleNodes);
}

/** One data centre of one node. */
export function dataCentreCapacity(readings: NodeReadings, nodeId: string, dc: string, atMs: number): CapacityFigure {
  const r = readings.get(nodeId);
  return figureFrom(r?.dataCentres.get(dc) ?? null, r ? r.lastSampleMs : null, isStale(r, atMs) ? [nodeId] : []);
}
