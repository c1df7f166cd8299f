/**
 * MetricsQL builders for the catalogue's series, shared by the server, reports and benchmarks.
 * Label values are escaped here so no caller builds selectors by hand.
 */
import { RESOURCE_METRICS, type Measure, type Resource } from './metrics.ts';

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
