/**
 * The metric catalogue: every series name and label set that collectors write to
 * VictoriaMetrics and that the server, console and reports read. Nobody retypes these.
 */
export const RESOURCES = ['vcpu', 'memory', 'storage'] as const;
export type Resource = (typeof RESOURCES)[number];

/** total: capacity after overcommit; allocated: handed to tenants; used: actually busy. */
export const MEASURES = ['total', 'allocated', 'used'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * Optional extra measure: physical capacity before overcommit, for CMPs that report it (e.g.
 * OpenStack Placement's inventory `total` before `allocation_ratio`). Not in MEASURES because not
 * every CMP can give it; when present the server derives the overcommit ratio = total ÷ physical.
 */
export const PHYSICAL_MEASURE = 'physical';

export interface ResourceMetric {
  resource: Resource;
  /** Series name in VictoriaMetrics. */
  name: string;
  /** Base unit stored; the console converts for display. */
  unit: 'vcpu' | 'bytes';
  /** Divide a stored value by this to get the display unit. */
  displayDivisor: number;
  displayUnit: string;
  /** Smallest amount handed out at a time (whole vCPU, whole GiB): gaps to a target are rounded up to it. */
  allocationStep: number;
  help: string;
}

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

export const RESOURCE_METRICS: Readonly<Record<Resource, ResourceMetric>> = Object.freeze({
  vcpu: { resource: 'vcpu', name: 'gcc_node_vcpu', unit: 'vcpu', displayDivisor: 1, displayUnit: 'vCPU', allocationStep: 1, help: 'Virtual CPUs by measure (total after overcommit, allocated, used)' },
  memory: { resource: 'memory', name: 'gcc_node_memory_bytes', unit: 'bytes', displayDivisor: GiB, displayUnit: 'GiB', allocationStep: GiB, help: 'Memory in bytes by measure' },
  storage: { resource: 'storage', name: 'gcc_node_storage_bytes', unit: 'bytes', displayDivisor: TiB, displayUnit: 'TiB', allocationStep: GiB, help: 'Storage in bytes by measure' },
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
  circuitState: { name: 'gcc_collector_circuit_state', help: 'Circuit breaker of a node: 0 closed (pulling), 1 half-open (one trial pull), 2 open (pulls skipped)' },
  bufferBytes: { name: 'gcc_collector_buffer_bytes', help: 'Bytes waiting in the on-disk buffer for VictoriaMetrics (0 when it keeps up)' },
  bufferDropped: { name: 'gcc_collector_buffer_dropped_samples_total', help: 'Samples refused because the on-disk buffer was full' },
});

/** Values of COLLECTOR_METRICS.circuitState. */
export const CIRCUIT_STATES = Object.freeze({ closed: 0, 'half-open': 1, open: 2 } as const);
export type CircuitStateName = keyof typeof CIRCUIT_STATES;

/** Samples carry this label when they come from the simulated province, so nobody mistakes them for real data. */
export const SIMULATED_LABEL = 'simulated';

/** How long a node's latest sample counts as current before it is flagged stale. */
export const STALE_AFTER_SECONDS = 15 * 60;
