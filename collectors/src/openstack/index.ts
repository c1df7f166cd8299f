export { OpenStackAdapter } from './adapter.ts';
export { openstackInventory, type OpenStackInventoryResult } from './inventory.ts';
export { normalizeOpenStack, hostDataCentres, type NormalizeInput, type NormalizeResult, type ProviderReading, type BusyByHost } from './normalize.ts';
export { BUSY_SERIES, MONITORING_SERVICE_TYPE } from './busy-series.ts';
export { parsePrometheusText, type TextSample } from './prometheus-text.ts';
export { changeQuota, type QuotaChange, type QuotaChangeResult } from './quota.ts';
