export { PrometheusAdapter, federateUrl } from './adapter.ts';
export { normalizePrometheus, MappingError } from './normalize.ts';
export { PLACEMENT_FAMILIES, ZONE_FAMILY, WANTED_FAMILIES, RESOURCE_CLASSES } from './mapping.ts';
export { parseExposition, exposedSamples, parseSampleValue, ExpositionError, type MetricFamily, type ExpositionSample, type MetricType } from './text-format.ts';
