/** View-state ids → i18n keys (the ids are URL values, the keys are message paths). */
import type { MessageKey } from '../../i18n/messages/index.ts';
import type { MapIndicatorId, RangeId } from '../../stores/view-state.ts';

export const INDICATOR_LABEL_KEYS = Object.freeze({
  'usage-rate': 'indicators.usageRate',
  'migration-rate': 'indicators.migrationRate',
  'vcpu-allocation': 'indicators.vcpuAllocation',
  'vcpu-utilization': 'indicators.vcpuUtilization',
  'memory-allocation': 'indicators.memoryAllocation',
  'storage-allocation': 'indicators.storageAllocation',
} satisfies Record<MapIndicatorId, MessageKey>);

export const RANGE_LABEL_KEYS = Object.freeze({
  '24h': 'ranges.h24',
  '7d': 'ranges.d7',
  '30d': 'ranges.d30',
  '90d': 'ranges.d90',
  '1y': 'ranges.y1',
} satisfies Record<RangeId, MessageKey>);
