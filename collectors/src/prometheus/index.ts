export { PrometheusAdapter, federateUrl } from './adapter.ts';
export { normalizePrometheus, MappingError } from './normalize.ts';
export { PLACEMENT_FAMILIES, ZONE_FAMILY, WANTED_FAMILIES, RESOURCE_CLASSES, INVENTORY_FAMILIES } from './mapping.ts';
export { prometheusInventory, type PrometheusInventory } from './inventory.ts';
export { parseExposition, exposedSamples, parseSampleValue, ExpositionError, type MetricFamily, type ExpositionSample, type MetricType } from './text-format.ts';
