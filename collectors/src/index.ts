/** @gcc/collectors: pull each node's CMP on a schedule and write the catalogue's series to VictoriaMetrics. */
export type {
  CmpAdapter, CmpCredentials, CollectContext, CollectorNode, DataCentreFigures, NodeSnapshot, ResourceFigures,
} from './core/cmp-adapter.ts';
export { formatSample, escapeLabelValue, type Sample } from './core/sample.ts';
export { createVmWriter, type VmHttpWriter, type VmWriter, type VmWriterOptions, type WriteResult } from './core/vm-writer.ts';
export { scheduleNode, stableJitterMs, type NodeSchedule, type NodeScheduleOptions } from './core/schedule.ts';
export { collectOnce, snapshotSamples, type CollectOnceDeps, type CollectOutcome, type NodeHealthState } from './core/collect-once.ts';
export { startCollector, type CollectorOptions, type CollectorTargets, type RunningCollector, type TargetsChange } from './core/collector.ts';
export { resolveConfig, parseCollectorConfig, parseCollectorNode, credentialsFor, DEFAULT_CMP_PROJECT, DEFAULT_CMP_USERNAME, type CollectorConfig, type CollectorConfigInput, type ResolvedConfig } from './core/config.ts';
export { watchTargets, fetchServerNodes, mergeTargets, TARGETS_FILE_POLL_MS, TARGETS_SERVER_REFRESH_MS, type TargetsWatch, type TargetsWatchOptions } from './core/targets.ts';
export { resourceLabels, dataCentreSamples, healthSamples, type SeriesNode, type PullHealth } from './core/series.ts';
export { adapterFor, defaultAdapters, type AdapterRegistry } from './core/adapters.ts';
export { createPullPolicy, type PullPolicy, type PullPolicyOptions } from './core/pull-policy.ts';
export { assertPlausible, plausibilityProblems, FAR_ABOVE, UNIT_JUMP, type PlausibilityProblem } from './core/plausibility.ts';
export { guardSamples, parseRetention, refusalReason } from './core/sample-guard.ts';
export { openDiskBuffer, type DiskBuffer, type DiskBufferOptions, type DiskBufferStats } from './core/disk-buffer.ts';
export { createBufferedWriter, type BufferedVmWriter, type BufferedWriterOptions, type BufferedWriterStats } from './core/buffered-writer.ts';
export { statusMetricsText, type CollectorStatus, type NodeStatus, type PullRecord } from './core/node-status.ts';
export { buildStatusApp } from './core/status-server.ts';
export { createRecorder, recordedNodes, replayFetch, REDACTED, type RecordedExchange, type RecordedNode } from './core/recording.ts';
export { recordCollection, replayRecording, type DebugResult } from './core/debug-collection.ts';
export { nodeHash, inShard, parseShard, selectNodes, type NodeSelection } from './core/shard.ts';
export { OpenStackAdapter, openstackInventory, normalizeOpenStack, BUSY_SERIES, MONITORING_SERVICE_TYPE, type QuotaChange, type QuotaChangeResult } from './openstack/index.ts';
export { VsphereAdapter, normalizeVsphere, DEFAULT_VSPHERE_VCPU_OVERCOMMIT } from './vsphere/index.ts';
export { PrometheusAdapter, prometheusInventory, normalizePrometheus, parseExposition, exposedSamples, ExpositionError, type MetricFamily, type ExpositionSample } from './prometheus/index.ts';
export { DockingApiAdapter, normalizeDocking, dockingProblems, dockingApiDocument, DOCKING_API_DOCUMENT } from './docking/index.ts';
export { hasInventory, mergeInventory, systemCodeFromTags, SYSTEM_TAG, type InventoryItem, type InventorySnapshot, type InventorySource } from './inventory/inventory.ts';
export { postInventory, withInventoryPosting, withInventoryPostingAll, type InventoryPostingAdapter, type InventoryPostOptions, type InventoryPostResult } from './inventory/post-inventory.ts';
export { CollectorError, COLLECTOR_ERROR_CODES, type CollectorErrorCode } from './errors.ts';
export { createLogger, REDACT_PATHS, type Logger } from './log.ts';
