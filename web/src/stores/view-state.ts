/**
 * The view state of the big screen and the city dashboards lives in the URL, so every view is a link
 * that can be shared or put on a wall. Pure parse / serialize, no Vue: the composable that binds it
 * to the router is composables/useViewState.ts.
 *
 *   ind       map indicator (MAP_INDICATOR_IDS), default usage-rate
 *   city      selected city, administrative code (440200)
 *   range     trend time range (RANGES), default 30d
 *   kiosk=1   wall mode: no chrome, read-only
 *   token     read-only API token of a kiosk (sent as Bearer; not part of the view state)
 *   rotate    seconds per city of the rotation playlist (kiosk or not), 10…3600
 *   controls  comma list of the panels and controls this screen shows (SCREEN_ITEMS)
 *   lang      en | zh-CN (i18n/locale.ts)
 */
import { cityByCode } from '@gcc/domain';

export const MAP_INDICATOR_IDS = [
  'usage-rate',
  'migration-rate',
  'vcpu-allocation',
  'vcpu-utilization',
  'memory-allocation',
  'storage-allocation',
] as const;
export type MapIndicatorId = (typeof MAP_INDICATOR_IDS)[number];
export const DEFAULT_INDICATOR: MapIndicatorId = 'usage-rate';

export const RANGES = ['24h', '7d', '30d', '90d', '1y'] as const;
export type RangeId = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeId = '30d';

/** Panels of the big screen. */
export const SCREEN_PANELS = ['headline', 'plan', 'map', 'ranking', 'trend', 'security', 'alerts'] as const;
/** Interactive controls (hidden by default on a kiosk). */
export const SCREEN_CONTROLS = ['indicator', 'range', 'lang', 'nav'] as const;
export const SCREEN_ITEMS = [...SCREEN_PANELS, ...SCREEN_CONTROLS] as const;
export type ScreenItem = (typeof SCREEN_ITEMS)[number];

export const ROTATE_MIN_SECONDS = 10;
export const ROTATE_MAX_SECONDS = 3600;

export const VIEW_KEYS = Object.freeze({
  indicator: 'ind',
  city: 'city',
  range: 'range',
  kiosk: 'kiosk',
  token: 'token',
  rotate: 'rotate',
  controls: 'controls',
});

export interface ViewState {
  indicator: MapIndicatorId;
  /** Administrative code of a known city, or null. */
  city: string | null;
  range: RangeId;
  kiosk: boolean;
  /** Seconds per city, or null for no rotation. */
  rotateSeconds: number | null;
  /** What this screen shows. */
  visible: ReadonlySet<ScreenItem>;
}

type QueryValue = string | null | undefined | (string | null)[];
export type RouteQuery = Readonly<Record<string, QueryValue>>;

function first(value: QueryValue): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.trim() : undefined;
}

function oneOf<T extends string>(list: readonly T[], value: string | undefined, fallback: T): T {
  return value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function parseVisible(raw: string | undefined, kiosk: boolean): Set<ScreenItem> {
  if (raw === undefined) return new Set<ScreenItem>(kiosk ? SCREEN_PANELS : SCREEN_ITEMS);
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ScreenItem => (SCREEN_ITEMS as readonly string[]).includes(s));
  return new Set(wanted);
}

export function parseRotate(raw: string | undefined): number | null {
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  if (n === 0) return null;
  return Math.min(ROTATE_MAX_SECONDS, Math.max(ROTATE_MIN_SECONDS, n));
}

export function parseViewState(query: RouteQuery): ViewState {
  const kioskRaw = first(query[VIEW_KEYS.kiosk]);
  const kiosk = kioskRaw === '1' || kioskRaw === 'true';
  const city = first(query[VIEW_KEYS.city]);
  return {
    indicator: oneOf(MAP_INDICATOR_IDS, first(query[VIEW_KEYS.indicator]), DEFAULT_INDICATOR),
    city: city !== undefined && cityByCode(city) ? city : null,
    range: oneOf(RANGES, first(query[VIEW_KEYS.range]), DEFAULT_RANGE),
    kiosk,
    rotateSeconds: parseRotate(first(query[VIEW_KEYS.rotate])),
    visible: parseVisible(first(query[VIEW_KEYS.controls]), kiosk),
  };
}

/**
 * The query after a change of view state: defaults are left out of the URL, everything else
 * (lang, token, kiosk, rotate, controls) is kept as it was.
 */
export function withView(query: RouteQuery, change: Partial<Pick<ViewState, 'indicator' | 'city' | 'range'>>): Record<string, QueryValue> {
  const next: Record<string, QueryValue> = { ...query };
  const set = (key: string, value: string | null, fallback: string | null) => {
    if (value === null || value === fallback) delete next[key];
    else next[key] = value;
  };
  if (change.indicator !== undefined) set(VIEW_KEYS.indicator, change.indicator, DEFAULT_INDICATOR);
  if (change.city !== undefined) set(VIEW_KEYS.city, change.city, null);
  if (change.range !== undefined) set(VIEW_KEYS.range, change.range, DEFAULT_RANGE);
  return next;
}

/** The query a link to another page carries: the screen's session (kiosk, token, lang, controls…), not its selection. */
export function carriedQuery(query: RouteQuery, keep: readonly string[] = ['lang', VIEW_KEYS.kiosk, VIEW_KEYS.token, VIEW_KEYS.indicator, VIEW_KEYS.range, VIEW_KEYS.rotate, VIEW_KEYS.controls]): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const k of keep) if (query[k] !== undefined) out[k] = query[k];
  return out;
}

/** The next city of the rotation playlist (cities in the order given), wrapping around. */
export function nextInPlaylist(playlist: readonly string[], current: string | null): string | null {
  if (playlist.length === 0) return null;
  const i = current === null ? -1 : playlist.indexOf(current);
  return playlist[(i + 1) % playlist.length] ?? null;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const RANGE_SECONDS: Readonly<Record<RangeId, number>> = Object.freeze({
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
  '90d': 90 * DAY,
  '1y': 365 * DAY,
});
/** Steps a trend may use; the smallest that gives at most MAX_POINTS points is chosen. */
const STEPS = [300, 900, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
const MAX_POINTS = 240;

// A type, not an interface: it is passed as GraphQL variables (an index-signature type).
export type TimeWindow = {
  from: string;
  to: string;
  stepSeconds: number;
};

export function rangeSpanSeconds(range: RangeId): number {
  return RANGE_SECONDS[range];
}

/** Window ends are rounded down to this, so that screens refreshing at once ask the same question. */
const ALIGN_SECONDS = 300;

/** The history window of a range ending now (to the last 5 minutes), at most MAX_POINTS steps. */
export function rangeWindow(range: RangeId, nowMs: number): TimeWindow {
  const span = RANGE_SECONDS[range];
  const step = STEPS.find((s) => span / s <= MAX_POINTS) ?? STEPS[STEPS.length - 1]!;
  const toS = Math.floor(nowMs / 1000 / ALIGN_SECONDS) * ALIGN_SECONDS;
  return { from: new Date((toS - span) * 1000).toISOString(), to: new Date(toS * 1000).toISOString(), stepSeconds: step };
}
