/**
 * The indicators a map can be coloured by, as data: where each value comes from in the server's
 * answer, its target line (from @gcc/domain) and what "stale" means for it. Cities → normalized
 * points the map option builder draws. Pure.
 */
import { cityByCode, MIGRATION_RATE_TARGET, USAGE_RATE_TARGET } from '@gcc/domain';
import type { CapacityFigure, ScreenCity } from '../../api/screen-queries.ts';
import type { ApiEvaluationScope, ApiIndicatorStatus } from '../../api/schema.ts';
import { localizedName, type Locale } from '../../i18n/locale.ts';
import type { MapIndicatorId } from '../../stores/view-state.ts';

export interface MapIndicator {
  id: MapIndicatorId;
  /** The plan's line, when the indicator has one. */
  target: number | null;
  value: (city: ScreenCity) => number | null;
  /** Data behind the value that is stale: capacity readings; registry counts never are. */
  stale: (city: ScreenCity) => boolean;
}

// VictoriaMetrics-backed fields are null only beside an error, and the client fails on any error: null reads as no data.
const anyStale = (...figures: (CapacityFigure | null)[]) => figures.some((f) => f?.stale === true);

export const MAP_INDICATORS: Readonly<Record<MapIndicatorId, MapIndicator>> = Object.freeze({
  'usage-rate': {
    id: 'usage-rate',
    target: USAGE_RATE_TARGET,
    value: (c) => c.indicators.usageRate?.value ?? null,
    stale: (c) => anyStale(c.vcpu, c.memory, c.storage),
  },
  'migration-rate': {
    id: 'migration-rate',
    target: MIGRATION_RATE_TARGET,
    value: (c) => c.indicators.migrationRate.value,
    stale: () => false,
  },
  'vcpu-allocation': { id: 'vcpu-allocation', target: null, value: (c) => c.vcpu?.allocationRatio ?? null, stale: (c) => anyStale(c.vcpu) },
  'vcpu-utilization': { id: 'vcpu-utilization', target: null, value: (c) => c.vcpu?.utilization ?? null, stale: (c) => anyStale(c.vcpu) },
  'memory-allocation': { id: 'memory-allocation', target: null, value: (c) => c.memory?.allocationRatio ?? null, stale: (c) => anyStale(c.memory) },
  'storage-allocation': { id: 'storage-allocation', target: null, value: (c) => c.storage?.allocationRatio ?? null, stale: (c) => anyStale(c.storage) },
});

export interface CityMapPoint {
  /** Administrative code: the map's region name (nameProperty 'adcode'). */
  code: string;
  name: string;
  value: number | null;
  stale: boolean;
  /** Some node of the city is live. */
  live: boolean;
  scope: ApiEvaluationScope;
  status: ApiIndicatorStatus | null;
}

export function toCityMapPoints(cities: readonly ScreenCity[], indicator: MapIndicatorId, locale: Locale): CityMapPoint[] {
  const def = MAP_INDICATORS[indicator];
  return [...cities]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => {
      const domainCity = cityByCode(c.code);
      const evaluation = c.indicators.evaluation;
      const status =
        evaluation === null
          ? null
          : indicator === 'migration-rate'
            ? evaluation.migration.status
            : indicator === 'usage-rate'
              ? evaluation.usage.status
              : null;
      return {
        code: c.code,
        name: localizedName(domainCity ?? c, locale),
        value: def.value(c),
        stale: def.stale(c),
        live: c.nodes.some((n) => n.live),
        scope: c.indicators.scope,
        status,
      };
    });
}
