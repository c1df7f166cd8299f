/**
 * Rankings of the cities by an indicator: descending, equal values share a rank (1, 2, 2, 4),
 * cities without a value come last without a rank.
 */
import type { RequestContext } from '../../context.ts';
import type { CityView } from '../federation/federation-service.ts';
import { citySubject, enumValue, migrationAt, scopeOf, usageAt, type Subject } from './indicators-service.ts';

export type RankingKey = 'MIGRATION_RATE' | 'USAGE_RATE' | 'UTILIZATION';

export interface RankingEntry {
  rank: number | null;
  value: number | null;
  city: CityView;
  scope: string;
  /** The evaluation status is resolved only when asked (it needs VictoriaMetrics). */
  subject: Subject;
}

export function competitionRanks(values: readonly (number | null)[]): (number | null)[] {
  const order = values.map((v, i) => ({ v, i })).filter((e): e is { v: number; i: number } => e.v !== null).sort((a, b) => b.v - a.v);
  const ranks: (number | null)[] = values.map(() => null);
  order.forEach((e, k) => {
    const prev = order[k - 1];
    ranks[e.i] = prev && prev.v === e.v ? ranks[prev.i]! : k + 1;
  });
  return ranks;
}

export async function rankCities(ctx: RequestContext, cities: readonly CityView[], by: RankingKey, atMs: number): Promise<RankingEntry[]> {
  const rows = await Promise.all(
    cities.map(async (city) => {
      const subject = await citySubject(ctx, city.code, atMs);
      const value =
        by === 'MIGRATION_RATE'
          ? (await migrationAt(ctx, subject)).value
          : by === 'USAGE_RATE'
            ? (await usageAt(ctx, subject)).value
            : (await usageAt(ctx, subject)).utilization;
      return { city, value, subject, scope: enumValue(scopeOf(subject)) };
    }),
  );
  const ranks = competitionRanks(rows.map((r) => r.value));
  return rows
    .map((r, i) => ({ ...r, rank: ranks[i] ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.city.code.localeCompare(b.city.code));
}
