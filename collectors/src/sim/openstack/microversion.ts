/**
 * OpenStack microversion negotiation as Nova and Placement do it: `OpenStack-API-Version: <service> X.Y`
 * (or Nova's legacy `X-OpenStack-Nova-API-Version: X.Y`), `latest` for the maximum, the minimum when
 * absent, 406 outside the supported range.
 */
export interface Microversion {
  major: number;
  minor: number;
}

export type MicroversionResult = { ok: true; version: Microversion } | { ok: false; status: 400 | 406; message: string };

export function parseMicroversion(
  headers: Record<string, string | string[] | undefined>,
  service: 'compute' | 'placement',
  min: Microversion,
  max: Microversion,
): MicroversionResult {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  let raw: string | undefined;
  const generic = first(headers['openstack-api-version']);
  if (generic) {
    const m = generic.trim().match(/^(\S+)\s+(\S+)$/);
    if (m && m[1]!.toLowerCase() === service) raw = m[2];
  }
  if (raw === undefined && service === 'compute') raw = first(headers['x-openstack-nova-api-version'])?.trim();
  if (raw === undefined || raw === '') return { ok: true, version: min };
  if (raw.toLowerCase() === 'latest') return { ok: true, version: max };
  const m = raw.match(/^(\d+)\.(\d+)$/);
  if (!m) return { ok: false, status: 400, message: `Invalid API version request string ${raw}` };
  const v = { major: Number(m[1]), minor: Number(m[2]) };
  if (compare(v, min) < 0 || compare(v, max) > 0) {
    return { ok: false, status: 406, message: `Version ${raw} is not supported by the API. Minimum is ${format(min)} and maximum is ${format(max)}.` };
  }
  return { ok: true, version: v };
}

export function compare(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function atLeast(v: Microversion, minor: number, major = 2): boolean {
  return compare(v, { major, minor }) >= 0;
}

export function format(v: Microversion): string {
  return `${v.major}.${v.minor}`;
}
