/**
 * vCenter figures → the catalogue's base units, per data centre (a vSphere Datacenter whose name is
 * the registry's data-centre code). Pure: tests feed it recorded shapes.
 *
 *   vCPU    physical = Σ host numCpuCores;  total = ⌊physical × overcommit⌋
 *           allocated = Σ VM cpu_count;     used = Σ host overallCpuUsage (MHz) ÷ cpuMhz (busy cores)
 *   memory  total = physical = Σ host memorySize (bytes; no memory overcommit)
 *           allocated = Σ VM memory_size_MiB × MiB;  used = Σ host overallMemoryUsage (MB = MiB) × MiB
 *   storage total = physical = Σ datastore capacity
 *           allocated = Σ (capacity − freeSpace + uncommitted)  (vSphere's "provisioned")
 *           used = Σ (capacity − freeSpace)
 *
 * vSphere has no allocation ratio of its own: what a core may carry is the province's rule, set per
 * node (`vcpuOvercommit` in the collector config), DEFAULT_VSPHERE_VCPU_OVERCOMMIT otherwise.
 * Every VM counts as allocated whatever its power state: its owner holds the resources.
 */
import type { DataCentreFigures } from '../core/cmp-adapter.ts';
import type { VcDatastoreSummary, VcHostSummary, VcVm } from './schemas.ts';

export const DEFAULT_VSPHERE_VCPU_OVERCOMMIT = 3;

const MiB = 1024 ** 2;

export interface VsphereDataCentreReading {
  hosts: readonly VcHostSummary[];
  vms: readonly VcVm[];
  datastores: readonly VcDatastoreSummary[];
}

export function normalizeVsphere(byDc: Readonly<Record<string, VsphereDataCentreReading>>, vcpuOvercommit: number): Record<string, DataCentreFigures> {
  const out: Record<string, DataCentreFigures> = {};
  for (const [dc, r] of Object.entries(byDc)) {
    let cores = 0;
    let busy = 0;
    let memory = 0;
    let memoryUsed = 0;
    for (const h of r.hosts) {
      cores += h.hardware.numCpuCores;
      busy += (h.quickStats.overallCpuUsage ?? 0) / h.hardware.cpuMhz;
      memory += h.hardware.memorySize;
      memoryUsed += (h.quickStats.overallMemoryUsage ?? 0) * MiB;
    }
    let vcpuAllocated = 0;
    let memoryAllocated = 0;
    for (const vm of r.vms) {
      vcpuAllocated += vm.cpu_count ?? 0;
      memoryAllocated += (vm.memory_size_MiB ?? 0) * MiB;
    }
    let capacity = 0;
    let written = 0;
    let provisioned = 0;
    for (const ds of r.datastores) {
      if (!ds.accessible) continue;
      capacity += ds.capacity;
      written += ds.capacity - ds.freeSpace;
      provisioned += ds.capacity - ds.freeSpace + (ds.uncommitted ?? 0);
    }
    out[dc] = {
      vcpu: { total: Math.floor(cores * vcpuOvercommit), allocated: vcpuAllocated, used: Math.round(busy * 10) / 10, physical: cores },
      memory: { total: memory, allocated: memoryAllocated, used: memoryUsed, physical: memory },
      storage: { total: capacity, allocated: provisioned, used: written, physical: capacity },
    };
  }
  return out;
}
