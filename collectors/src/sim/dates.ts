/** Calendar helpers for the simulation: ISO dates are UTC midnights, as the registry stores them. */
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;

export function dateMs(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: "${iso}"`);
  return ms;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoDate(dateMs(iso) + Math.round(days) * DAY_MS);
}

export function addMonths(iso: string, months: number): string {
  const d = new Date(dateMs(iso));
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return isoDate(d.getTime());
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}
