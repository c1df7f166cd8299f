/**
 * Nova's hypervisor and statistics bodies at a given microversion, field for field as in Nova's
 * api_samples: capacity fields until 2.87 (gone at 2.88), cpu_info a JSON string before 2.28,
 * UUID ids from 2.53, uptime from 2.88.
 */
import type { CpuArch } from '@gcc/domain';
import { unitHash } from '../prng.ts';
import type { SimNode } from '../province.ts';
import type { SimHypervisor } from './hypervisors.ts';
import { atLeast, type Microversion } from './microversion.ts';

const CPU_MODELS: Record<CpuArch, { arch: string; model: string; vendor: string }> = {
  x86: { arch: 'x86_64', model: 'Cascadelake-Server', vendor: 'Intel' },
  hygon: { arch: 'x86_64', model: 'Dhyana', vendor: 'Hygon' },
  kunpeng: { arch: 'aarch64', model: 'Kunpeng-920', vendor: 'HiSilicon' },
  phytium: { arch: 'aarch64', model: 'FT-2000+', vendor: 'Phytium' },
};

export function hostArch(seed: number, node: SimNode, h: SimHypervisor): CpuArch {
  let x = unitHash(seed, 'arch', node.id, h.dc, h.index);
  for (const p of node.cpuPools) {
    x -= p.share;
    if (x < 0) return p.arch;
  }
  return node.cpuPools[0]?.arch ?? 'x86';
}

function cpuInfo(seed: number, node: SimNode, h: SimHypervisor) {
  const cpu = CPU_MODELS[hostArch(seed, node, h)];
  return { arch: cpu.arch, model: cpu.model, vendor: cpu.vendor, features: ['pge', 'clflush'], topology: { cores: Math.max(1, Math.round(h.vcpus / 4)), threads: 2, sockets: 2 } };
}

export function renderHypervisor(seed: number, node: SimNode, h: SimHypervisor, v: Microversion, detail: boolean): Record<string, unknown> {
  const uuids = atLeast(v, 53);
  const id = uuids ? h.uuid : h.id;
  const base = { id, hypervisor_hostname: h.hostname, state: 'up', status: 'enabled' };
  if (!detail) return base;
  const service = { host: h.serviceHost, id: uuids ? h.serviceUuid : h.serviceId, disabled_reason: null };
  const common = { ...base, host_ip: h.hostIp, hypervisor_type: 'QEMU', hypervisor_version: 8002000, service };
  if (atLeast(v, 88)) return { ...common, uptime: null };
  const memoryUsed = h.usage.MEMORY_MB + h.reservedMemoryMb;
  const info = cpuInfo(seed, node, h);
  return {
    ...common,
    cpu_info: atLeast(v, 28) ? info : JSON.stringify(info),
    current_workload: 0,
    disk_available_least: h.localGb - h.usage.DISK_GB - Math.round(h.localGb * 0.02),
    free_disk_gb: h.localGb - h.usage.DISK_GB,
    free_ram_mb: h.memoryMb - memoryUsed,
    local_gb: h.localGb,
    local_gb_used: h.usage.DISK_GB,
    memory_mb: h.memoryMb,
    // Nova counts the host's reserved memory as used.
    memory_mb_used: memoryUsed,
    running_vms: Math.round(h.usage.VCPU / 4),
    vcpus: h.vcpus,
    vcpus_used: h.usage.VCPU,
  };
}

export function renderStatistics(hosts: readonly SimHypervisor[]) {
  const sum = (f: (h: SimHypervisor) => number) => hosts.reduce((s, h) => s + f(h), 0);
  const memoryUsed = sum((h) => h.usage.MEMORY_MB + h.reservedMemoryMb);
  return {
    hypervisor_statistics: {
      count: hosts.length,
      current_workload: 0,
      disk_available_least: sum((h) => h.localGb - h.usage.DISK_GB - Math.round(h.localGb * 0.02)),
      free_disk_gb: sum((h) => h.localGb - h.usage.DISK_GB),
      free_ram_mb: sum((h) => h.memoryMb) - memoryUsed,
      local_gb: sum((h) => h.localGb),
      local_gb_used: sum((h) => h.usage.DISK_GB),
      memory_mb: sum((h) => h.memoryMb),
      memory_mb_used: memoryUsed,
      running_vms: sum((h) => Math.round(h.usage.VCPU / 4)),
      vcpus: sum((h) => h.vcpus),
      vcpus_used: sum((h) => h.usage.VCPU),
    },
  };
}
