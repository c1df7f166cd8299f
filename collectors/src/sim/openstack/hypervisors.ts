/**
 * One simulated OpenStack cloud's compute hosts at an instant: each data centre's capacityAt(t)
 * split across hypervisors (Placement resource providers) so that summing Placement's
 * (total − reserved) × allocation_ratio and usages gives capacityAt(t) back to within rounding.
 *
 * Availability zones are named after the data centres (operators zone hosts by site), which is how
 * the collector tells the provincial node's 名美 and 东涌 apart.
 */
import type { CapacityFigures } from '../capacity.ts';
import { apportion } from '../apportion.ts';
import { hashKeys, rngFor, unitHash } from '../prng.ts';
import type { SimulatedProvince } from '../province.ts';
import { simUuid } from './ids.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** float32(1.2) as Placement returns it: ratios are stored as single-precision floats. */
const FLOAT32_1_2 = 1.2000000476837158;

export interface Ratios {
  vcpu: number;
  memory: number;
  disk: number;
}

export interface SimHypervisor {
  /** Position within the node, used for integer ids before microversion 2.53. */
  index: number;
  id: number;
  uuid: string;
  serviceId: number;
  serviceUuid: string;
  /** Nova's hypervisor_hostname = Placement's resource provider name (the libvirt FQDN). */
  hostname: string;
  /** Nova's service host (short name), what availability zones list. */
  serviceHost: string;
  hostIp: string;
  dc: string;
  /** Physical figures before overcommit, as Placement's inventory `total` holds them. */
  vcpus: number;
  memoryMb: number;
  reservedMemoryMb: number;
  localGb: number;
  ratios: Ratios;
  usage: { VCPU: number; MEMORY_MB: number; DISK_GB: number };
  /** Busy figures, as the deployment's monitoring reports them. */
  busy: { vcpus: number; memoryBytes: number; diskBytes: number };
  generation: number;
}

export function nodeRatios(seed: number, nodeId: string): Ratios {
  const r = rngFor(seed, 'openstack-ratios', nodeId);
  return { vcpu: r.pick([2.0, 3.0, 4.0]), memory: r.next() < 0.5 ? 1.0 : FLOAT32_1_2, disk: 1.0 };
}

function reservedMemoryMb(seed: number, nodeId: string): number {
  return rngFor(seed, 'openstack-reserved', nodeId).pick([2048, 4096, 8192]);
}

/** Hosts a data centre needs for this many physical CPUs: about 96 each, 2–120 hosts. */
function hostCount(physicalVcpus: number): number {
  return Math.max(2, Math.min(120, Math.round(physicalVcpus / 96)));
}

/** `hostFactor` (benchmarks, SimScale): that many times as many, smaller hosts; at most 999 per data centre (id blocks of 1000). */
export function splitDataCentre(seed: number, nodeId: string, dc: string, figures: CapacityFigures, hostFactor = 1): SimHypervisor[] {
  if (figures.vcpu.total <= 0) return [];
  const ratios = nodeRatios(seed, nodeId);
  const reserved = reservedMemoryMb(seed, nodeId);
  const physVcpu = Math.round(figures.vcpu.total / ratios.vcpu);
  const physMemMb = Math.round(figures.memory.total / MiB / ratios.memory);
  const physDiskGb = Math.round(figures.storage.total / GiB / ratios.disk);
  const n = hostFactor === 1 ? hostCount(physVcpu) : Math.max(2, Math.min(999, Math.round(hostCount(physVcpu) * hostFactor)));
  const weights = Array.from({ length: n }, (_, i) => 0.85 + 0.3 * unitHash(seed, 'host-weight', nodeId, dc, i));

  const vcpus = apportion(physVcpu, weights);
  const memoryMb = apportion(physMemMb, weights);
  const localGb = apportion(physDiskGb, weights);
  const usedVcpu = apportion(figures.vcpu.allocated, weights);
  const usedMemMb = apportion(Math.round(figures.memory.allocated / MiB), weights);
  const usedDiskGb = apportion(Math.round(figures.storage.allocated / GiB), weights);
  // Busy vCPU in tenths, bytes in whole bytes: the same resolution capacityAt has.
  const busyTenths = apportion(Math.round(figures.vcpu.used * 10), weights);
  const busyMem = apportion(Math.round(figures.memory.used), weights);
  const busyDisk = apportion(Math.round(figures.storage.used), weights);

  return weights.map((_, i) => {
    const short = `${dc}-cmp-${String(i + 1).padStart(3, '0')}`;
    const h = hashKeys(seed, 'host-ip', nodeId, dc, i);
    return {
      index: i,
      id: 0,
      uuid: simUuid(seed, 'compute-node', nodeId, dc, i),
      serviceId: 0,
      serviceUuid: simUuid(seed, 'compute-service', nodeId, dc, i),
      hostname: `${short}.${nodeId}.gov-cloud.sim`,
      serviceHost: short,
      hostIp: `10.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${(h & 0xfe) + 1}`,
      dc,
      vcpus: vcpus[i]!,
      memoryMb: memoryMb[i]! + reserved,
      reservedMemoryMb: reserved,
      localGb: localGb[i]!,
      ratios,
      usage: { VCPU: usedVcpu[i]!, MEMORY_MB: usedMemMb[i]!, DISK_GB: usedDiskGb[i]! },
      busy: { vcpus: busyTenths[i]! / 10, memoryBytes: busyMem[i]!, diskBytes: busyDisk[i]! },
      generation: 1 + (hashKeys(seed, 'generation', nodeId, dc, i) % 40),
    };
  });
}

/** Every hypervisor of a node at time t, data centre by data centre, with node-wide integer ids. */
export function nodeHypervisors(province: SimulatedProvince, nodeId: string, t: number): SimHypervisor[] {
  const node = province.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`the simulated province has no node "${nodeId}"`);
  // Integer ids stay put when a data centre gains hosts: each data centre owns a block of 1000.
  return node.dataCentres.flatMap((dc, d) =>
    splitDataCentre(province.seed, nodeId, dc, province.capacityAt(nodeId, dc, t), province.scale?.hostFactor).map((h) => ({
      ...h,
      id: d * 1000 + h.index + 1,
      serviceId: 5000 + d * 1000 + h.index + 1,
    })),
  );
}
