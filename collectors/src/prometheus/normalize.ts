/** Prometheus exposition (mapping.ts) → the catalogue's base units, per data centre. Pure. */
import { RESOURCES, type Resource } from '@gcc/domain';
import type { DataCentreFigures } from '../core/cmp-adapter.ts';
import { BUSY_SERIES } from '../openstack/busy-series.ts';
import { PLACEMENT_FAMILIES, RESOURCE_CLASSES, ZONE_FAMILY } from './mapping.ts';
import type { MetricFamily } from './text-format.ts';

const UNIT: Readonly<Record<Resource, number>> = { vcpu: 1, memory: 1024 ** 2, storage: 1024 ** 3 };

/** A payload that is valid exposition text but not what mapping.ts needs; `field` names the series. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
}

export function normalizePrometheus(families: ReadonlyMap<string, MetricFamily>, dataCentres: readonly string[]): Record<string, DataCentreFigures> {
  const totals = families.get(PLACEMENT_FAMILIES.total);
  if (!totals?.samples.length) {
    throw new MappingError(`no ${PLACEMENT_FAMILIES.total} series: the node's Prometheus must scrape openstack-exporter (node_exporter alone cannot tell allocation)`);
  }
  // host → resource class → field → value
  const hosts = new Map<string, Map<string, Partial<Record<keyof typeof PLACEMENT_FAMILIES, number>>>>();
  for (const [field, name] of Object.entries(PLACEMENT_FAMILIES) as [keyof typeof PLACEMENT_FAMILIES, string][]) {
    for (const s of families.get(name)?.samples ?? []) {
      const host = s.labels.hostname;
      const rc = s.labels.resourcetype;
      if (!host || !rc) throw new MappingError(`${name} without hostname or resourcetype label`);
      if (!Number.isFinite(s.value) || s.value < 0) throw new MappingError(`${name}{hostname="${host}",resourcetype="${rc}"} is ${s.value}: expected a finite number ≥ 0`);
      let byRc = hosts.get(host);
      if (!byRc) hosts.set(host, (byRc = new Map()));
      const entry = byRc.get(rc) ?? {};
      entry[field] = s.value;
      byRc.set(rc, entry);
    }
  }
  const zoneOf = new Map<string, string>();
  for (const s of families.get(ZONE_FAMILY)?.samples ?? []) if (s.labels.hostname && s.labels.availability_zone) zoneOf.set(s.labels.hostname, s.labels.availability_zone);
  const fallback = dataCentres[0] ?? 'default';
  const dcOf = (host: string) => {
    const zone = zoneOf.get(host);
    if (zone === undefined) return fallback;
    return dataCentres.includes(zone) || dataCentres.length !== 1 ? zone : dataCentres[0]!;
  };

  const busyKnown = Object.values(BUSY_SERIES).some((n) => families.get(n)?.samples.length);
  const out: Record<string, DataCentreFigures> = {};
  const figures = (dc: string) =>
    (out[dc] ??= Object.fromEntries(RESOURCES.map((r) => [r, { total: 0, allocated: 0, used: busyKnown ? 0 : null, physical: 0 }])) as unknown as DataCentreFigures);

  for (const [host, byRc] of hosts) {
    const f = figures(dcOf(host));
    for (const r of RESOURCES) {
      const rc = RESOURCE_CLASSES[r];
      const e = byRc.get(rc);
      if (!e) continue;
      if (e.total === undefined) throw new MappingError(`${PLACEMENT_FAMILIES.total}{hostname="${host}",resourcetype="${rc}"} is missing`);
      if (e.ratio === undefined) throw new MappingError(`${PLACEMENT_FAMILIES.ratio}{hostname="${host}",resourcetype="${rc}"} is missing`);
      const usable = e.total - (e.reserved ?? 0);
      f[r].total += Math.floor(usable * e.ratio) * UNIT[r];
      f[r].physical! += usable * UNIT[r];
      f[r].allocated += (e.usage ?? 0) * UNIT[r];
    }
  }
  if (busyKnown) {
    for (const [r, name] of Object.entries(BUSY_SERIES) as [Resource, string][]) {
      for (const s of families.get(name)?.samples ?? []) {
        const host = s.labels.hypervisor_hostname;
        if (!host || !Number.isFinite(s.value)) continue;
        const f = figures(dcOf(host));
        f[r].used = (f[r].used ?? 0) + s.value;
      }
    }
    for (const f of Object.values(out)) if (f.vcpu.used !== null) f.vcpu.used = Math.round(f.vcpu.used * 10) / 10;
  }
  return out;
}
