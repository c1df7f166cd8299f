/**
 * The vSphere adapter's VI/JSON schemas on govmomi's own vSphere 8 sample, and the simulated vCenter
 * answering in the same wire format (same `_typeName`s and keys where it answers at all).
 */
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.ts';
import { vmConfigSchema } from '../src/vsphere/schemas.ts';
import { vmConfig } from '../src/sim/vsphere/render.ts';
import { normalizeVsphere } from '../src/vsphere/normalize.ts';

const VMINFO = fixture('vsphere/govmomi-vminfo.json');

function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

describe('VirtualMachineConfigInfo (vendor sample)', () => {
  it('parses, and the disk sizes come out in bytes', () => {
    const parsed = vmConfigSchema.parse(VMINFO);
    expect(parsed.hardware.numCPU).toBe(1);
    expect(parsed.hardware.memoryMB).toBe(2048);
    const disks = parsed.hardware.device.filter((d) => d._typeName === 'VirtualDisk');
    expect(disks.map((d) => d.capacityInBytes)).toEqual([4294967296]);
    expect(disks[0]!.capacityInKB! * 1024).toBe(disks[0]!.capacityInBytes);
  });

  it('the simulator’s config has the sample’s types and keys for everything it sends', () => {
    const sim = vmConfig({ moId: 'vm-1', name: 'x', hostMoId: 'host-1', cpuCount: 4, memoryMiB: 8192, diskBytes: 100 * 1024 ** 3, uuid: 'u', instanceUuid: 'i', tagId: null }) as Record<string, unknown>;
    const want = shape(VMINFO) as Record<string, unknown>;
    const got = shape(sim) as Record<string, unknown>;
    for (const key of Object.keys(got)) {
      if (key === 'hardware') continue;
      expect(want[key], key).toBeDefined();
      if (typeof want[key] !== 'object') expect(got[key], key).toEqual(want[key]);
    }
    const wantDisk = (VMINFO.hardware as { device: { _typeName: string }[] }).device.find((d) => d._typeName === 'VirtualDisk')!;
    const simDisk = (sim.hardware as { device: { _typeName: string }[] }).device.find((d) => d._typeName === 'VirtualDisk')!;
    for (const [k, v] of Object.entries(simDisk)) expect(typeof (wantDisk as Record<string, unknown>)[k], `VirtualDisk.${k}`).toBe(typeof v);
  });
});

describe('normalizeVsphere', () => {
  it('turns MHz, MB and bytes into vCPU and bytes, with the configured overcommit', () => {
    const host = (cores: number, mhz: number, mem: number, cpuUse: number, memUse: number) =>
      ({ _typeName: 'HostListSummary' as const, hardware: { numCpuCores: cores, cpuMhz: mhz, memorySize: mem }, quickStats: { overallCpuUsage: cpuUse, overallMemoryUsage: memUse } });
    const out = normalizeVsphere(
      {
        dc1: {
          hosts: [host(32, 2600, 512 * 1024 ** 3, 26000, 100_000), host(32, 2600, 512 * 1024 ** 3, 13000, 50_000)],
          vms: [{ vm: 'vm-1', name: 'a', power_state: 'POWERED_ON', cpu_count: 8, memory_size_MiB: 32768 }, { vm: 'vm-2', name: 'b', power_state: 'POWERED_OFF', cpu_count: 4, memory_size_MiB: 8192 }],
          datastores: [{ _typeName: 'DatastoreSummary', capacity: 10 * 1024 ** 4, freeSpace: 6 * 1024 ** 4, uncommitted: 1024 ** 4, accessible: true }, { _typeName: 'DatastoreSummary', capacity: 1024 ** 4, freeSpace: 0, accessible: false }],
        },
      },
      2.5,
    );
    expect(out.dc1!.vcpu).toEqual({ total: 160, allocated: 12, used: 15, physical: 64 });
    expect(out.dc1!.memory).toEqual({ total: 1024 * 1024 ** 3, allocated: 40960 * 1024 ** 2, used: 150_000 * 1024 ** 2, physical: 1024 * 1024 ** 3 });
    expect(out.dc1!.storage).toEqual({ total: 10 * 1024 ** 4, allocated: 5 * 1024 ** 4, used: 4 * 1024 ** 4, physical: 10 * 1024 ** 4 });
  });
});
