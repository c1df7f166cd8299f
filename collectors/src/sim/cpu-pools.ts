/** 信创 CPU pools of a node: x86 beside domestic Kunpeng, Hygon and Phytium pools; shares sum to 1. */
import type { CpuArch, NodeKind } from '@gcc/domain';
import type { Rng } from './prng.ts';

export interface CpuPool {
  arch: CpuArch;
  share: number;
}

export function simulateCpuPools(rng: Rng, kind: NodeKind): CpuPool[] {
  // Whole percentages, so the shares add up exactly.
  const x86 = kind === 'provincial' ? rng.int(45, 55) : kind === 'city' ? rng.int(55, 75) : rng.int(72, 90);
  const rest = 100 - x86;
  const kunpeng = Math.round(rest * rng.between(0.45, 0.7));
  const pools: { arch: CpuArch; pct: number }[] = [{ arch: 'x86', pct: x86 }, { arch: 'kunpeng', pct: kunpeng }];
  const remaining = rest - kunpeng;
  if (kind !== 'prd' && rng.next() < 0.35) {
    const phytium = Math.round(remaining * 0.4);
    pools.push({ arch: 'hygon', pct: remaining - phytium }, { arch: 'phytium', pct: phytium });
  } else {
    pools.push({ arch: 'hygon', pct: remaining });
  }
  return pools.filter((p) => p.pct > 0).map((p) => ({ arch: p.arch, share: p.pct / 100 }));
}
