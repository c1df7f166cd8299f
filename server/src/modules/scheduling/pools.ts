/**
 * From nodes and their latest vCPU readings to the planner's pools: one per node and CPU
 * architecture (信创), capacity and allocation split by the node's pool shares (@gcc/domain
 * splitByPools). Pure, so the benchmark and the tests build problems the way the server does.
 */
import { poolKey, splitByPools, STALE_AFTER_SECONDS, type CpuArch, type PlanningPool } from '@gcc/domain';

export interface PoolNode {
  id: string;
  kind: 'PROVINCIAL' | 'CITY' | 'PRD';
  regionCode: string;
  networkRegion: string | null;
  goLiveDate: Date | null;
  interconnectEnabled: boolean;
  cpuPools: readonly { arch: CpuArch; share: number }[];
}

export interface PoolReading {
  total: number;
  allocated: number;
  lastSampleMs: number;
}

/** Why a node is not in the elastic pool right now, or null when it is. */
export function ineligibility(node: PoolNode, reading: PoolReading | undefined, atMs: number): { zh: string; en: string } | null {
  if (node.goLiveDate === null || node.goLiveDate.getTime() > atMs) return { zh: '节点尚未上线', en: 'the node is not live yet' };
  if (node.kind === 'PRD' && !node.interconnectEnabled) return { zh: '珠三角自建政务云未开通资源互通（仅统一展示）', en: 'PRD city cloud without interconnection (display only)' };
  if (!reading || !(reading.total > 0)) return { zh: '没有容量数据', en: 'no capacity data' };
  if (atMs - reading.lastSampleMs > STALE_AFTER_SECONDS * 1000) return { zh: '数据已过期，不据此调度', en: 'its data is stale: nothing is scheduled on it' };
  return null;
}

export const ARCH_FROM_DB: Record<string, CpuArch> = { X86: 'x86', KUNPENG: 'kunpeng', HYGON: 'hygon', PHYTIUM: 'phytium' };
export const ARCH_TO_DB: Record<CpuArch, 'X86' | 'KUNPENG' | 'HYGON' | 'PHYTIUM'> = { x86: 'X86', kunpeng: 'KUNPENG', hygon: 'HYGON', phytium: 'PHYTIUM' };

export function buildPools(nodes: readonly PoolNode[], readings: ReadonlyMap<string, PoolReading>, atMs: number): PlanningPool[] {
  const pools: PlanningPool[] = [];
  for (const node of nodes) {
    const reading = readings.get(node.id);
    const why = ineligibility(node, reading, atMs);
    // A node without pools in the registry is taken as one x86 pool.
    const shares = node.cpuPools.length ? [...node.cpuPools].sort((a, b) => b.share - a.share) : [{ arch: 'x86' as const, share: 1 }];
    const totals = splitByPools(reading?.total ?? 0, shares);
    const allocated = splitByPools(reading?.allocated ?? 0, shares);
    for (const { arch } of shares) {
      pools.push({
        key: poolKey(node.id, arch),
        nodeId: node.id,
        regionCode: node.regionCode,
        networkRegion: node.networkRegion,
        arch,
        total: totals.get(arch) ?? 0,
        allocated: allocated.get(arch) ?? 0,
        eligible: why === null,
        ...(why ? { ineligibleZh: why.zh, ineligibleEn: why.en } : {}),
      });
    }
  }
  return pools;
}
