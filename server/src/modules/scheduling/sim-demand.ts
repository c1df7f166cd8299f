/**
 * Scheduling demand of the simulated province (demo data, marked simulated): pending resource
 * requests and the footprints of the largest running systems, deterministic in the seed. A real
 * installation gets requests from its request workflow and footprints from CMP inventories.
 */
import { NODE_DEFINITIONS, type CpuArch } from '@gcc/domain';
import { mulberry32, systemFootprints, type SimulatedProvince } from '@gcc/collectors/sim';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { ARCH_TO_DB } from './pools.ts';

/** Largest running systems per node that become migration candidates. */
const WORKLOADS_PER_NODE = 8;
const REQUESTS = 14;
/** Share of systems and requests whose data must stay in their city. */
const RESIDENT_SHARE = 0.3;

function pickArch(rand: () => number, pools: readonly { arch: CpuArch; share: number }[]): CpuArch {
  let u = rand();
  for (const p of pools) {
    if ((u -= p.share) <= 0) return p.arch;
  }
  return pools[0]?.arch ?? 'x86';
}

export interface SimDemand {
  requests: { code: string; departmentCode: string; regionCode: string; arch: CpuArch; vcpu: number; memoryBytes: number; dataResidency: boolean }[];
  workloads: { systemCode: string; nodeId: string; arch: CpuArch; vcpu: number; memoryBytes: number; dataResidency: boolean; regionCode: string }[];
}

export function simulatedDemand(province: SimulatedProvince, atMs: number): SimDemand {
  const rand = mulberry32(province.seed * 7 + 1107);
  const workloads: SimDemand['workloads'] = [];
  for (const node of province.nodes) {
    const footprints = systemFootprints(province, node.id, atMs, (dc) => province.capacityAt(node.id, dc, atMs))
      .sort((a, b) => b.vcpu - a.vcpu || a.system.code.localeCompare(b.system.code))
      .slice(0, WORKLOADS_PER_NODE);
    for (const f of footprints) {
      if (f.vcpu < 8) continue;
      workloads.push({
        systemCode: f.system.code, nodeId: node.id, arch: pickArch(rand, node.cpuPools), vcpu: f.vcpu, memoryBytes: f.memoryBytes,
        dataResidency: rand() < RESIDENT_SHARE, regionCode: f.system.regionCode,
      });
    }
  }
  const requests: SimDemand['requests'] = [];
  const departments = province.departments;
  for (let i = 0; i < REQUESTS; i++) {
    const d = departments[Math.floor(rand() * departments.length)]!;
    const nodeId = NODE_DEFINITIONS.find((n) => n.regionCode === d.regionCode)?.id;
    const node = province.nodes.find((n) => n.id === nodeId) ?? province.nodes[0]!;
    const vcpu = [16, 32, 48, 64, 96, 128, 256][Math.floor(rand() * 7)]!;
    requests.push({
      code: `REQ-SIM-${String(i + 1).padStart(3, '0')}`, departmentCode: d.code, regionCode: d.regionCode, arch: pickArch(rand, node.cpuPools),
      vcpu, memoryBytes: vcpu * 4 * 1024 ** 3, dataResidency: rand() < RESIDENT_SHARE,
    });
  }
  return { requests, workloads };
}

/** Writes the simulated demand once (idempotent: existing rows are left alone). */
export async function writeSimulatedDemand(prisma: PrismaClient, province: SimulatedProvince, atMs: number): Promise<void> {
  if ((await prisma.resourceRequest.count({ where: { simulated: true } })) > 0) return;
  const demand = simulatedDemand(province, atMs);
  await prisma.resourceRequest.createMany({ data: demand.requests.map((r) => ({ ...r, arch: ARCH_TO_DB[r.arch], simulated: true })) });
  await prisma.schedulingWorkload.createMany({ data: demand.workloads.map((w) => ({ ...w, arch: ARCH_TO_DB[w.arch], simulated: true })), skipDuplicates: true });
}
