/**
 * Capacity of one data centre at an instant, from its node's model. Pure in (model, dc, t, seed):
 * total and allocated follow slow curves; used (busy) adds a diurnal wave and a little
 * per-quarter-hour noise. Values are in the catalogue's base units, rounded the way a CMP reports
 * them (whole vCPU, whole MiB of memory, whole GiB of storage).
 */
import type { Measure, Resource } from '@gcc/domain';
import { interpolate } from './curve.ts';
import type { NodeModel } from './node-model.ts';
import { unitHash } from './prng.ts';

export type CapacityFigures = Record<Resource, Record<Measure, number>>;

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
/** Busiest at 15:00 China time (07:00 UTC). */
const PEAK_UTC_MS = 7 * 3_600_000;

export function zeroFigures(): CapacityFigures {
  return {
    vcpu: { total: 0, allocated: 0, used: 0 },
    memory: { total: 0, allocated: 0, used: 0 },
    storage: { total: 0, allocated: 0, used: 0 },
  };
}

export function capacityFromModel(seed: number, model: NodeModel, dc: string, t: number): CapacityFigures {
  const share = model.dcShares[dc];
  if (share === undefined) throw new Error(`node ${model.nodeId} has no data centre "${dc}"`);
  if (!(t >= model.goLiveMs)) return zeroFigures();

  const vcpuExact = interpolate(model.vcpuKnots, t) * share;
  const mean = interpolate(model.allocationKnots, t);
  const s = model.allocationSpread;
  const ratio: Record<Resource, number> = { vcpu: mean + s, memory: mean, storage: mean - s };

  const phase = (((t - PEAK_UTC_MS) % DAY_MS) / DAY_MS) * 2 * Math.PI;
  const wave = Math.cos(phase);
  const bucket = Math.floor(t / QUARTER_HOUR_MS);
  const busyAt = (r: Resource): number => {
    const noise = (unitHash(seed, 'busy', model.nodeId, dc, r, bucket) - 0.5) * 0.03;
    const diurnal = r === 'storage' ? 0.1 * model.diurnalAmplitude : model.diurnalAmplitude;
    return Math.min(0.6, Math.max(0.2, model.busy[r] + diurnal * wave + noise));
  };

  const quantum: Record<Resource, number> = { vcpu: 1, memory: MiB, storage: GiB };
  const totals: Record<Resource, number> = {
    vcpu: Math.round(vcpuExact),
    memory: Math.round((vcpuExact * model.memoryGiBPerVcpu * GiB) / MiB) * MiB,
    storage: Math.round(vcpuExact * model.storageGiBPerVcpu) * GiB,
  };
  const out = zeroFigures();
  for (const r of ['vcpu', 'memory', 'storage'] as const) {
    const total = totals[r];
    const allocated = Math.round((total * Math.min(0.97, Math.max(0, ratio[r]))) / quantum[r]) * quantum[r];
    const usedExact = allocated * busyAt(r);
    out[r] = { total, allocated, used: r === 'vcpu' ? Math.round(usedExact * 10) / 10 : Math.round(usedExact) };
  }
  return out;
}
