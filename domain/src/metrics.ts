/**
 * The metric catalogue: every series name and label set that collectors write to
 * VictoriaMetrics and that the server, console and reports read. Nobody retypes these.
 */
export const RESOURCES = ['vcpu', 'memory', 'storage'] as const;
export type Resource = (typeof RESOURCES)[number];

/** total: capacity after overcommit; allocated: handed to tenants; used: actually busy. */
export const MEASURES = ['total', 'allocated', 'used'] as const;
export type Measure = (typeof MEASURES)[number];

export interface ResourceMetric {
  resource: Resource;
  /** Series name in VictoriaMetrics. */
  name: string;
  /** Base unit stored; the console converts for display. */
  unit: 'vcpu' | 'bytes';
  /** Divide a stored value by this to get the display unit. */
  displayDivisor: number;
  displayUnit: string;
  help: string;
}

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

export const RESOURCE_METRICS: Readonly<Record<Resource, ResourceMetric>> = Object.freeze({
  vcpu: { resource: 'vcpu', name: 'gcc_node_vcpu', unit: 'vcpu', displayDivisor: 1, displayUnit: 'vCPU', help: 'Virtual CPUs by measure (total after overcommit, allocated, used)' },
  memory: { resource: 'memory', name: 'gcc_node_memory_bytes', unit: 'bytes', displayDivisor: GiB, displayUnit: 'GiB', help: 'Memory in bytes by measure' },
  storage: { resource: 'storage', name: 'gcc_node_storage_bytes', unit: 'bytes', displayDivisor: TiB, displayUnit: 'TiB', help: 'Storage in bytes by measure' },
});

/** Labels every resource sample carries. `dc` is the data centre within the node. */
export const RESOURCE_LABELS = ['node', 'dc', 'city', 'node_kind', 'measure'] as const;
export type ResourceLabel = (typeof RESOURCE_LABELS)[number];
export type ResourceLabels = Record<ResourceLabel, string>;

/** Collector health series, one per node. */
export const COLLECTOR_METRICS = Object.freeze({
  lastSuccess: { name: 'gcc_collector_last_success_timestamp_seconds', help: 'Unix time of the last good pull of a node' },
  pullDuration: { name: 'gcc_collector_pull_duration_seconds', help: 'Duration of the last pull of a node' },
  pullSamples: { name: 'gcc_collector_pull_samples', help: 'Samples produced by the last pull of a node' },
  pullFailures: { name: 'gcc_collector_pull_failures_total', help: 'Failed pulls of a node since the collector started' },
});

/** Samples carry this label when they come from the simulated province, so nobody mistakes them for real data. */
export const SIMULATED_LABEL = 'simulated';

/** How long a node's latest sample counts as current before it is flagged stale. */
export const STALE_AFTER_SECONDS = 15 * 60;
