/**
 * One simulated vCenter at an instant: datacenters named after the node's data centres, ESXi hosts,
 * VMs, datastores and the `gcc-system` tags on VMs, split from capacityAt(t) so that the vSphere
 * adapter's arithmetic (vsphere/normalize.ts) gives capacityAt(t) back within rounding:
 *   hosts:       numCpuCores = total vCPU ÷ overcommit, memorySize (bytes) = total memory,
 *                quickStats overallCpuUsage (MHz) = busy vCPU × cpuMhz, overallMemoryUsage (MB) = busy memory
 *   VMs:         Σ cpu_count = allocated vCPU, Σ memory_size_MiB = allocated memory, Σ disks = allocated storage
 *   datastores:  Σ capacity = total storage, Σ (capacity − free_space) = used, Σ uncommitted = allocated − used
 */
import { DEFAULT_VSPHERE_VCPU_OVERCOMMIT } from '../../vsphere/normalize.ts';
import { apportion } from '../apportion.ts';
import { simulatedCapacity, type CmpFaultTable } from '../cmp-faults.ts';
import { isoDate } from '../dates.ts';
import { hashKeys, rngFor, unitHash } from '../prng.ts';
import type { SimulatedProvince } from '../province.ts';
import { statusOn } from '../systems.ts';
import { simUuid } from '../openstack/ids.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const CORES_PER_HOST = 64;
const VM_SIZES = [2, 4, 4, 8, 8, 8, 16, 16, 32] as const;
/** VMs without a system tag: vCenter appliances, backup proxies, jump hosts. */
const UNTAGGED_SHARE = 0.05;

export interface SimVcVm {
  moId: string;
  name: string;
  hostMoId: string;
  cpuCount: number;
  memoryMiB: number;
  diskBytes: number;
  uuid: string;
  instanceUuid: string;
  tagId: string | null;
}

export interface SimVcHost {
  moId: string;
  name: string;
  dc: string;
  cores: number;
  cpuMhz: number;
  memoryBytes: number;
  cpuUsageMhz: number;
  memoryUsageMb: number;
  uuid: string;
}

export interface SimVcDatastore {
  moId: string;
  name: string;
  dc: string;
  capacity: number;
  freeSpace: number;
  uncommitted: number;
}

export interface SimVcenter {
  datacenters: { moId: string; name: string }[];
  hosts: SimVcHost[];
  vms: SimVcVm[];
  datastores: SimVcDatastore[];
  category: { id: string; name: string };
  /** Tag id → tag name (a business system's code). */
  tags: Map<string, string>;
}

export function vsphereTagId(seed: number, nodeId: string, code: string): string {
  return `urn:vmomi:InventoryServiceTag:${simUuid(seed, 'vc-tag', nodeId, code)}:GLOBAL`;
}

export function buildVcenter(province: SimulatedProvince, faults: CmpFaultTable, nodeId: string, t: number): SimVcenter {
  const node = province.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`the simulated province has no node "${nodeId}"`);
  const seed = province.seed;
  const cpuMhz = rngFor(seed, 'vc-cpu-mhz', nodeId).pick([2100, 2400, 2600, 2900]);
  const vmFactor = province.scale?.vmFactor ?? 1;
  const day = isoDate(t);
  const running = province.systems.filter((s) => s.nodeId === nodeId && statusOn(s, day) === 'ON_CLOUD').map((s) => s.code);
  const tags = new Map(running.map((code) => [vsphereTagId(seed, nodeId, code), code]));
  const tagIds = [...tags.keys()];
  const out: SimVcenter = {
    datacenters: [],
    hosts: [],
    vms: [],
    datastores: [],
    category: { id: `urn:vmomi:InventoryServiceCategory:${simUuid(seed, 'vc-category', nodeId)}:GLOBAL`, name: 'gcc-system' },
    tags,
  };

  node.dataCentres.forEach((dc, d) => {
    out.datacenters.push({ moId: `datacenter-${d * 1000 + 3}`, name: dc });
    const c = simulatedCapacity(province, faults, nodeId, dc, t);
    if (c.vcpu.total <= 0) return;
    const cores = Math.round(c.vcpu.total / DEFAULT_VSPHERE_VCPU_OVERCOMMIT);
    const n = Math.max(2, Math.round((cores / CORES_PER_HOST) * (province.scale?.hostFactor ?? 1)));
    const w = Array.from({ length: n }, (_, i) => 0.9 + 0.2 * unitHash(seed, 'vc-host-weight', nodeId, dc, i));
    const hostCores = apportion(cores, w);
    const hostMemMiB = apportion(Math.round(c.memory.total / MiB), w);
    const busyTenths = apportion(Math.round(c.vcpu.used * 10), w);
    const busyMem = apportion(Math.round(c.memory.used), w);
    const hosts = w.map((_, i): SimVcHost => {
      const h = hashKeys(seed, 'vc-host-ip', nodeId, dc, i);
      return {
        moId: `host-${d * 10_000 + 10 + i}`,
        name: `esxi-${String(i + 1).padStart(3, '0')}.${dc}.${nodeId}.gov-cloud.sim`,
        dc,
        cores: hostCores[i]!,
        cpuMhz,
        memoryBytes: hostMemMiB[i]! * MiB,
        cpuUsageMhz: (busyTenths[i]! * cpuMhz) / 10,
        memoryUsageMb: Math.round(busyMem[i]! / MiB),
        uuid: `${(h >>> 0).toString(16).padStart(8, '0')}-${simUuid(seed, 'vc-host', nodeId, dc, i).slice(9)}`,
      };
    });
    out.hosts.push(...hosts);

    // VMs for the data centre's allocation, then dealt to hosts in blocks proportional to their size.
    let sizes: number[] = [];
    for (let left = c.vcpu.allocated, k = 0; left > 0; k++) {
      const size = Math.min(left, VM_SIZES[hashKeys(seed, 'vc-vm-size', nodeId, dc, k) % VM_SIZES.length]!);
      sizes.push(size);
      left -= size;
    }
    if (sizes.length === 0) return;
    if (vmFactor !== 1) {
      // SimScale: about vmFactor × as many VMs of at least 1 vCPU, the same allocation dealt by the same size mix.
      const count = Math.min(c.vcpu.allocated, Math.max(1, Math.round(sizes.length * vmFactor)));
      const mix = Array.from({ length: count }, (_, k) => VM_SIZES[hashKeys(seed, 'vc-vm-size', nodeId, dc, k) % VM_SIZES.length]!);
      sizes = apportion(c.vcpu.allocated - count, mix).map((s) => s + 1);
    }
    const memMiB = apportion(Math.round(c.memory.allocated / MiB), sizes);
    const diskGiB = apportion(Math.round(c.storage.allocated / GiB), sizes);
    const perHost = apportion(sizes.length, w);
    let k = 0;
    perHost.forEach((count, i) => {
      for (let j = 0; j < count; j++, k++) {
        const moId = `vm-${d * 1_000_000 + 1000 + k}`;
        const pick = unitHash(seed, 'vc-vm-tag', nodeId, dc, k);
        out.vms.push({
          moId,
          name: `${dc}-vm-${String(k + 1).padStart(5, '0')}`,
          hostMoId: hosts[i]!.moId,
          cpuCount: sizes[k]!,
          memoryMiB: memMiB[k]!,
          diskBytes: diskGiB[k]! * GiB,
          uuid: simUuid(seed, 'vc-vm-bios', nodeId, moId),
          instanceUuid: simUuid(seed, 'vc-vm-instance', nodeId, moId),
          tagId: tagIds.length && pick >= UNTAGGED_SHARE ? tagIds[hashKeys(seed, 'vc-vm-system', nodeId, dc, k) % tagIds.length]! : null,
        });
      }
    });

    const stores = Math.max(1, Math.round(n / 8));
    const sw = Array.from({ length: stores }, () => 1);
    const capGiB = apportion(Math.round(c.storage.total / GiB), sw);
    const used = apportion(Math.round(c.storage.used), sw);
    const uncommitted = apportion(Math.max(0, Math.round(c.storage.allocated - c.storage.used)), sw);
    for (let s = 0; s < stores; s++) {
      const capacity = capGiB[s]! * GiB;
      out.datastores.push({ moId: `datastore-${d * 1000 + 20 + s}`, name: `${dc}-vsan-${s + 1}`, dc, capacity, freeSpace: capacity - used[s]!, uncommitted: uncommitted[s]! });
    }
  });
  return out;
}
