/**
 * The ranking table's rows: the server's ranking order (ties share a rank, cities without a value
 * come last, unranked) joined to each city's figures. Pure.
 */
import type { ScreenCitiesData, ScreenCity, ScreenRanking } from '../../api/screen-queries.ts';
import type { ApiEvaluationScope, ApiIndicatorStatus } from '../../api/schema.ts';
import { localizedName, type Locale } from '../../i18n/locale.ts';

export type RankingBy = 'usage' | 'migration';

export interface RankingRow {
  code: string;
  name: string;
  rank: number | null;
  usage: number | null;
  migration: number | null;
  stale: boolean;
  scope: ApiEvaluationScope;
  deadline: string | null;
  daysLeft: number | null;
  status: ApiIndicatorStatus | null;
}

function row(city: ScreenCity, rank: number | null, locale: Locale): RankingRow {
  const e = city.indicators.evaluation;
  return {
    code: city.code,
    name: localizedName(city, locale),
    rank,
    usage: city.indicators.usageRate?.value ?? null,
    migration: city.indicators.migrationRate.value,
    stale: Boolean(city.vcpu?.stale || city.memory?.stale || city.storage?.stale),
    scope: city.indicators.scope,
    deadline: e?.deadline ?? null,
    daysLeft: e?.daysLeft ?? null,
    status: e?.status ?? null,
  };
}

export function rankingRows(data: ScreenCitiesData, by: RankingBy, locale: Locale): RankingRow[] {
  const ranking: ScreenRanking[] = (by === 'usage' ? data.usageRanking : data.migrationRanking) ?? [];
  const cities = new Map(data.cities.map((c) => [c.code, c]));
  const rows: RankingRow[] = [];
  const seen = new Set<string>();
  for (const entry of ranking) {
    const city = cities.get(entry.city.code);
    if (!city || seen.has(city.code)) continue;
    seen.add(city.code);
    rows.push(row(city, entry.rank, locale));
  }
  // A city the ranking left out still gets a row, unranked, at the end: never silently dropped.
  for (const city of data.cities) if (!seen.has(city.code)) rows.push(row(city, null, locale));
  return rows;
}
