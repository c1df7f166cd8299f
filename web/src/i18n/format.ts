/**
 * Number and time formatting for display. Missing data is shown as NO_DATA, never as 0.
 */
import { RESOURCE_METRICS, type Resource } from '@gcc/domain';
import { INTL_LOCALE, type Locale } from './locale.ts';

export const NO_DATA = '—';

/** Every time the console shows is China Standard Time, whatever the viewer's machine says. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], options);
    cache.set(key, f);
  }
  return f;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Whole numbers with thousands separators: 131204 → "131,204" (same digits in zh-CN and en). */
export function formatInteger(value: number | null | undefined, locale: Locale): string {
  return isNumber(value) ? numberFormat(locale, { maximumFractionDigits: 0 }).format(value) : NO_DATA;
}

/** A stored value (base unit) in the catalogue's display unit: vCPU as is, bytes as GiB / TiB. */
export function toDisplayUnit(value: number | null | undefined, resource: Resource): number | null {
  return isNumber(value) ? value / RESOURCE_METRICS[resource].displayDivisor : null;
}

export function formatResource(value: number | null | undefined, resource: Resource, locale: Locale): string {
  const display = toDisplayUnit(value, resource);
  if (display === null) return NO_DATA;
  const digits = resource === 'vcpu' ? 0 : 1;
  return numberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(display);
}

/** Short axis labels: 120000 → "12万" (zh-CN) / "120K" (en). */
export function formatCompact(value: number | null | undefined, locale: Locale): string {
  return isNumber(value) ? numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value) : NO_DATA;
}

/** A ratio as a percentage: 0.634 → "63.4%". */
export function formatPercent(ratio: number | null | undefined, locale: Locale): string {
  return isNumber(ratio) ? numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio) : NO_DATA;
}

/** part ÷ whole, or null when either is missing or the whole is not positive. */
export function ratio(part: number | null | undefined, whole: number | null | undefined): number | null {
  return isNumber(part) && isNumber(whole) && whole > 0 ? part / whole : null;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** ISO instant → "2024-05-01 20:00:00" in China time (the same digits in every locale). */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined) return NO_DATA;
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return NO_DATA;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of dateTimeFormat.formatToParts(date)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
