/**
 * Which simulated business systems run on a node at an instant, and what each holds: the systems
 * the registry has ON_CLOUD on that node that day, sharing most of each data centre's allocation
 * (the rest is the platform's own: monitoring, backup, bastion hosts). Used by every simulated CMP
 * that reports an inventory, so all kinds tell the same story.
 */
import { RESOURCES, type Resource } from '@gcc/domain';
import { apportion } from './apportion.ts';
import type { CapacityFigures } from './capacity.ts';
import { isoDate } from './dates.ts';
import { unitHash } from './prng.ts';
import type { SimulatedProvince, SimSystem } from './province.ts';
import { statusOn } from './systems.ts';

/** Share of a data centre's allocation held by business systems. */
export const SYSTEMS_SHARE = 0.85;

const QUANTUM: Readonly<Record<Resource, number>> = { vcpu: 1, memory: 1024 ** 2, storage: 1024 ** 3 };

export function runningSystems(province: SimulatedProvince, nodeId: string, t: number): SimSystem[] {
  const day = isoDate(t);
  return province.systems.filter((s) => s.nodeId === nodeId && statusOn(s, day) === 'ON_CLOUD');
}

export interface SimFootprint {
  system: SimSystem;
  dc: string;
  vcpu: number;
  memoryBytes: number;
  storageBytes: number;
}

/** Each running system's share of its data centre's allocation (whole vCPU, MiB, GiB). */
export function systemFootprints(province: SimulatedProvince, nodeId: string, t: number, capacity: (dc: string) => CapacityFigures): SimFootprint[] {
  const node = province.nodes.find((n) => n.id === nodeId)!;
  const systems = runningSystems(province, nodeId, t);
  const byDc = new Map<string, SimSystem[]>();
  for (const s of systems) {
    const dc = node.dataCentres[Math.floor(unitHash(province.seed, 'system-dc', s.code) * node.dataCentres.length)]!;
    const list = byDc.get(dc) ?? [];
    list.push(s);
    byDc.set(dc, list);
  }
  const out: SimFootprint[] = [];
  for (const [dc, list] of byDc) {
    const c = capacity(dc);
    const weights = list.map((s) => 0.2 + unitHash(province.seed, 'system-size', s.code));
    const parts = Object.fromEntries(RESOURCES.map((r) => [r, apportion(Math.floor((c[r].allocated * SYSTEMS_SHARE) / QUANTUM[r]), weights)])) as Record<Resource, number[]>;
    list.forEach((system, i) => out.push({ system, dc, vcpu: parts.vcpu[i]!, memoryBytes: parts.memory[i]! * QUANTUM.memory, storageBytes: parts.storage[i]! * QUANTUM.storage }));
  }
  return out;
}
