/**
 * MetricsQL builders for the catalogue's series, shared by the server, reports and benchmarks.
 * Label values are escaped here so no caller builds selectors by hand.
 */
import { COLLECTOR_METRICS, RESOURCE_METRICS, type Measure, type Resource } from './metrics.ts';

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function selector(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/**
 * Latest value per node and measure within a lookback window. The lookback must be wider than the
 * collection interval; anything older is "missing", which the server reports as stale.
 */
export function latestByNode(resource: Resource, lookback: string, measure?: Measure): string {
  const sel = selector(RESOURCE_METRICS[resource].name, measure ? { measure } : {});
  return `sum by (node, measure) (last_over_time(${sel}[${lookback}]))`;
}

/** Province-wide history of one measure: sum over nodes at each step. */
export function provinceSeries(resource: Resource, measure: Measure, lookback: string): string {
  const sel = selector(RESOURCE_METRICS[resource].name, { measure });
  return `sum(last_over_time(${sel}[${lookback}]))`;
}

/** Seconds as a MetricsQL duration ("900s"): exact for any whole number of seconds. */
export function duration(seconds: number): string {
  return `${Math.max(1, Math.round(seconds))}s`;
}

/**
 * Latest value per node, data centre and measure: the finest grain the server reads. Every sum
 * (node, city, province) is added up from these same numbers, so the levels agree exactly.
 */
export function latestByDataCentre(resource: Resource, lookback: string): string {
  return `sum by (node, dc, measure) (last_over_time(${selector(RESOURCE_METRICS[resource].name)}[${lookback}]))`;
}

/** Unix time (s) of each node's newest sample of a resource within the lookback. */
export function lastSampleByNode(resource: Resource, lookback: string): string {
  return `max by (node) (tlast_over_time(${selector(RESOURCE_METRICS[resource].name)}[${lookback}]))`;
}

/** Unix time (s) of each node's last good pull, as the collector records it. */
export function lastGoodPullByNode(lookback: string): string {
  return `max by (node) (last_over_time(${selector(COLLECTOR_METRICS.lastSuccess.name)}[${lookback}]))`;
}

/** Unix time (s) of the newest good pull of any node: advances once per collection cycle. */
export function lastCollection(lookback: string): string {
  return `max(last_over_time(${selector(COLLECTOR_METRICS.lastSuccess.name)}[${lookback}]))`;
}

/** Scope of a history series: the whole province, some nodes, or one data centre of a node. */
export type SeriesScope = { kind: 'province' } | { kind: 'nodes'; nodeIds: readonly string[] } | { kind: 'dc'; nodeId: string; dc: string };

function escapeRegex(v: string): string {
  return v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scopeSelector(resource: Resource, measure: Measure, scope: SeriesScope): string {
  const name = RESOURCE_METRICS[resource].name;
  if (scope.kind === 'province') return selector(name, { measure });
  if (scope.kind === 'dc') return selector(name, { node: scope.nodeId, dc: scope.dc, measure });
  const nodes = scope.nodeIds.map(escapeRegex).join('|');
  return `${name}{node=~"${escapeLabelValue(`^(?:${nodes})$`)}",measure="${measure}"}`;
}

/** Sum of one measure over a scope at each step; the lookback bounds how old a counted sample may be. */
export function scopeSeries(resource: Resource, measure: Measure, scope: SeriesScope, lookback: string): string {
  return `sum(last_over_time(${scopeSelector(resource, measure, scope)}[${lookback}]))`;
}

/**
 * Total and allocated per node, each node read at its own instant (MetricsQL's `@` modifier), in
 * one query: e.g. every city's figures at its own evaluation deadline.
 */
export function allocationAtInstants(resource: Resource, instants: ReadonlyMap<string, number>, lookback: string): string | null {
  const name = RESOURCE_METRICS[resource].name;
  const parts = [...instants].map(
    ([node, ms]) =>
      `sum by (node, measure) (last_over_time(${selector(name, { node })}[${lookback}] @ ${Math.floor(ms / 1000)}))`,
  );
  return parts.length ? parts.join(' or ') : null;
}

/** Total and allocated per node at each step: the daily series a trend is fitted to. */
export function allocationByNode(resource: Resource, lookback: string): string {
  return `sum by (node, measure) (last_over_time(${selector(RESOURCE_METRICS[resource].name)}[${lookback}]))`;
}

/**
 * Allocation trend per node and resource: the least-squares slope (units per second) of each data
 * centre's allocated figure over the window, summed per node. Used by the capacity-exhaustion rule:
 * days to exhaustion = (total − allocated) ÷ (slope × 86400).
 */
export function allocationSlopeByNode(resource: Resource, window: string): string {
  return `sum by (node) (deriv(${selector(RESOURCE_METRICS[resource].name, { measure: 'allocated' })}[${window}]))`;
}

