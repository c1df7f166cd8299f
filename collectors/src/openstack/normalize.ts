/**
 * OpenStack figures → the catalogue's base units, per data centre. Pure: tests feed it the vendors'
 * recorded responses.
 *
 *   total     = Σ floor((inventory.total − reserved) × allocation_ratio)   (Placement's capacity rule)
 *   physical  = Σ (inventory.total − reserved)
 *   allocated = Σ usages
 *   used      = Σ busy figures from the deployment's monitoring (null without it)
 * VCPU counts vCPUs, MEMORY_MB is MiB, DISK_GB is GiB. Nova's own capacity fields (gone at 2.88)
 * are never read: Placement is the source at every microversion.
 *
 * Data centre of a provider: its root provider's name is a hypervisor_hostname; Nova maps that to
 * a service host, and os-availability-zone lists the host in a zone named after the data centre.
 */
import type { Resource } from '@gcc/domain';
import type { DataCentreFigures } from '../core/cmp-adapter.ts';
import type { AvailabilityZones, Hypervisor, Inventories, ResourceProvider, Usages } from './schemas.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const CLASSES: Readonly<Record<Resource, { rc: string; unit: number }>> = {
  vcpu: { rc: 'VCPU', unit: 1 },
  memory: { rc: 'MEMORY_MB', unit: MiB },
  storage: { rc: 'DISK_GB', unit: GiB },
};

export interface ProviderReading {
  provider: ResourceProvider;
  inventories: Inventories;
  usages: Usages;
}

export type BusyByHost = ReadonlyMap<string, Partial<Record<Resource, number>>>;

export interface NormalizeInput {
  providers: readonly ProviderReading[];
  hypervisors: readonly Hypervisor[];
  zones: AvailabilityZones | null;
  /** Busy figures per hypervisor_hostname, in base units; null when the cloud has no monitoring. */
  busy: BusyByHost | null;
  /** The node's data centres from the registry. */
  dataCentres: readonly string[];
}

export interface NormalizeResult {
  dataCentres: Record<string, DataCentreFigures>;
  /** Providers whose data centre could not be told (counted in the fallback data centre). */
  unplaced: string[];
}

function emptyFigures(withUsed: boolean): DataCentreFigures {
  const f = () => ({ total: 0, allocated: 0, used: withUsed ? 0 : null, physical: 0 });
  return { vcpu: f(), memory: f(), storage: f() };
}

/** hypervisor_hostname → data centre. */
export function hostDataCentres(hypervisors: readonly Hypervisor[], zones: AvailabilityZones | null, dataCentres: readonly string[]): Map<string, string> {
  const zoneOfHost = new Map<string, string>();
  for (const z of zones?.availabilityZoneInfo ?? []) {
    for (const [host, services] of Object.entries(z.hosts ?? {})) {
      if ('nova-compute' in services) zoneOfHost.set(host, z.zoneName);
    }
  }
  const out = new Map<string, string>();
  for (const h of hypervisors) {
    const zone = h.service ? zoneOfHost.get(h.service.host) : undefined;
    if (zone === undefined) continue;
    // A zone named after a known data centre is that data centre; a single-DC node owns every zone.
    out.set(h.hypervisor_hostname, dataCentres.includes(zone) || dataCentres.length !== 1 ? zone : dataCentres[0]!);
  }
  return out;
}

export function normalizeOpenStack(input: NormalizeInput): NormalizeResult {
  const dcOfHost = hostDataCentres(input.hypervisors, input.zones, input.dataCentres);
  const byUuid = new Map(input.providers.map((p) => [p.provider.uuid, p.provider]));
  const fallback = input.dataCentres[0] ?? 'default';
  const out: Record<string, DataCentreFigures> = {};
  const unplaced: string[] = [];
  const figuresFor = (dc: string) => (out[dc] ??= emptyFigures(input.busy !== null));

  for (const { provider, inventories, usages } of input.providers) {
    const root = (provider.root_provider_uuid && byUuid.get(provider.root_provider_uuid)) || provider;
    let dc = dcOfHost.get(root.name);
    if (dc === undefined) {
      unplaced.push(provider.name);
      dc = fallback;
    }
    const f = figuresFor(dc);
    for (const [resource, { rc, unit }] of Object.entries(CLASSES) as [Resource, (typeof CLASSES)[Resource]][]) {
      const inv = inventories[rc];
      if (inv) {
        const usable = inv.total - inv.reserved;
        f[resource].total += Math.floor(usable * inv.allocation_ratio) * unit;
        f[resource].physical! += usable * unit;
      }
      f[resource].allocated += (usages[rc] ?? 0) * unit;
    }
  }

  if (input.busy) {
    for (const [host, busy] of input.busy) {
      const dc = dcOfHost.get(host) ?? fallback;
      const f = figuresFor(dc);
      for (const r of ['vcpu', 'memory', 'storage'] as const) f[r].used = (f[r].used ?? 0) + (busy[r] ?? 0);
    }
  }
  // Busy vCPUs arrive as floats: keep a tenth, like the other figures' resolution.
  for (const f of Object.values(out)) if (f.vcpu.used !== null) f.vcpu.used = Math.round(f.vcpu.used * 10) / 10;
  return { dataCentres: out, unplaced };
}
