/**
 * Samples from snapshots and pulls, with series names and labels taken only from @gcc/domain's
 * catalogue. The live collector and the backfill both go through here, so their series match.
 */
import { CIRCUIT_STATES, COLLECTOR_METRICS, MEASURES, PHYSICAL_MEASURE, RESOURCE_METRICS, RESOURCES, SIMULATED_LABEL, type CircuitStateName, type Measure, type NodeKind, type ResourceLabels } from '@gcc/domain';
import type { DataCentreFigures } from './cmp-adapter.ts';
import type { Sample } from './sample.ts';

export interface SeriesNode {
  id: string;
  regionCode: string;
  kind: NodeKind;
  simulated: boolean;
}

function nodeLabels(node: SeriesNode): Record<string, string> {
  const labels: Record<string, string> = { node: node.id, city: node.regionCode, node_kind: node.kind };
  if (node.simulated) labels[SIMULATED_LABEL] = 'true';
  return labels;
}

export function resourceLabels(node: SeriesNode, dc: string, measure: Measure | typeof PHYSICAL_MEASURE): Record<string, string> {
  const labels: Omit<ResourceLabels, 'measure'> & { measure: string } = { node: node.id, dc, city: node.regionCode, node_kind: node.kind, measure };
  return node.simulated ? { ...labels, [SIMULATED_LABEL]: 'true' } : { ...labels };
}

/** Every resource × measure of one data centre; `used` only when known, `physical` only when reported. */
export function* dataCentreSamples(node: SeriesNode, dc: string, figures: DataCentreFigures, timestampMs: number): Generator<Sample> {
  for (const resource of RESOURCES) {
    const f = figures[resource];
    const name = RESOURCE_METRICS[resource].name;
    for (const measure of MEASURES) {
      const value = f[measure];
      if (value === null) continue;
      yield { name, labels: resourceLabels(node, dc, measure), value, timestampMs };
    }
    if (f.physical !== undefined) yield { name, labels: resourceLabels(node, dc, PHYSICAL_MEASURE), value: f.physical, timestampMs };
  }
}

export interface PullHealth {
  ok: boolean;
  durationSeconds: number;
  samples: number;
  failuresTotal: number;
  lastSuccessMs: number | null;
  /** The node's circuit breaker after the pull; absent for pulls without one (backfill, tests). */
  circuit?: CircuitStateName;
}

export function healthSamples(node: SeriesNode, h: PullHealth, timestampMs: number): Sample[] {
  const labels = nodeLabels(node);
  const out: Sample[] = [
    { name: COLLECTOR_METRICS.pullDuration.name, labels, value: h.durationSeconds, timestampMs },
    { name: COLLECTOR_METRICS.pullFailures.name, labels, value: h.failuresTotal, timestampMs },
  ];
  if (h.ok) out.push({ name: COLLECTOR_METRICS.pullSamples.name, labels, value: h.samples, timestampMs });
  if (h.lastSuccessMs !== null) out.push({ name: COLLECTOR_METRICS.lastSuccess.name, labels, value: h.lastSuccessMs / 1000, timestampMs });
  if (h.circuit) out.push({ name: COLLECTOR_METRICS.circuitState.name, labels, value: CIRCUIT_STATES[h.circuit], timestampMs });
  return out;
}
