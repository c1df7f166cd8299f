/** Small hand-made answers shaped like the server's, for the option builders and row functions. */
import type { CapacityFigure, NodeFacts, ScreenCitiesData, ScreenCity } from '../src/api/screen-queries.ts';

export function figure(total: number | null, allocated: number | null, stale = false, staleNodes: string[] = []): CapacityFigure {
  return {
    total,
    allocated,
    used: allocated === null ? null : allocated / 2,
    allocationRatio: total && allocated !== null ? allocated / total : null,
    utilization: total && allocated !== null ? allocated / 2 / total : null,
    asOf: '2024-05-01T00:00:00Z',
    stale,
    staleNodes,
    credibility: { lastGoodPull: '2024-05-01T00:00:00Z' },
  };
}

export function nodeFacts(over: Partial<NodeFacts> & Pick<NodeFacts, 'id' | 'kind'>): NodeFacts {
  return {
    nameZh: over.id,
    nameEn: over.id,
    regionCode: '440000',
    live: true,
    goLiveDate: '2019-09-01',
    dockingDate: null,
    interconnectEnabled: false,
    interconnectDate: null,
    securityPlatformDate: null,
    plannedGoLiveDate: null,
    plannedDockingDate: null,
    ...over,
  };
}

export function city(code: string, nameZh: string, usage: number | null, migration: number | null, opts: { stale?: boolean; evaluated?: boolean } = {}): ScreenCity {
  const stale = opts.stale ?? false;
  const f = figure(1000, usage === null ? null : usage * 1000, stale, stale ? [`node-${code}`] : []);
  const formula = { code: 'f', zh: '公式', en: 'formula' };
  const status = { status: 'AT_RISK' as const, current: usage, projected: usage, atDeadline: null, gap: { met: false, amount: 3, zh: '还需', en: 'more' } };
  return {
    code,
    nameZh,
    nameEn: `${nameZh}-en`,
    group: 'PROVINCE_BUILT',
    vcpu: f,
    memory: figure(1000, 500),
    storage: figure(1000, 500),
    nodes: [nodeFacts({ id: `node-${code}`, kind: 'CITY', regionCode: code })],
    indicators: {
      scope: opts.evaluated === false ? 'DISPLAY_ONLY' : 'EVALUATED',
      migrationRate: { value: migration, onCloud: 5, inScope: 10, target: 0.5, formula },
      usageRate: { value: usage, utilization: usage === null ? null : usage / 2, target: 0.6, formula, utilizationFormula: formula },
      evaluation:
        opts.evaluated === false
          ? null
          : { basis: 'GO_LIVE', start: '2024-01-01', deadline: '2025-01-01', daysLeft: 30, status: 'AT_RISK', migration: status, usage: status, formula },
    },
  };
}

export function citiesData(cities: ScreenCity[]): ScreenCitiesData {
  const rank = (pick: (c: ScreenCity) => number | null) =>
    [...cities]
      .sort((a, b) => (pick(b) ?? -1) - (pick(a) ?? -1))
      .map((c, i) => ({ rank: pick(c) === null ? null : i + 1, value: pick(c), status: null, scope: c.indicators.scope, city: { code: c.code } }));
  return {
    province: { provincialNode: { id: 'provincial', nameZh: '省级政务云平台', nameEn: 'Provincial', vcpu: { stale: false }, dataCentres: [] } },
    cities,
    usageRanking: rank((c) => c.indicators.usageRate?.value ?? null),
    migrationRanking: rank((c) => c.indicators.migrationRate.value),
  };
}
