/** Helpers the simulator tests share: the registry's view of systems, node totals at an instant. */
import { parseDay, RESOURCES, type AllocationFigures, type Resource, type SystemDates } from '@gcc/domain';
import type { SimSystem, SimulatedProvince } from '../src/sim/index.ts';

/** A simulated system as the registry stores it (server/src/modules/registry/simulated-province.ts). */
export function systemDates(s: SimSystem): SystemDates {
  const first = (status: string) => s.history.find((h) => h.status === status)?.at ?? null;
  const current = s.history.at(-1)!.status;
  const excluded = first('EXEMPT') ?? first('CLASSIFIED');
  const onCloud = first('ON_CLOUD');
  return {
    registeredAt: parseDay(s.registeredAt),
    onCloudAt: onCloud ? parseDay(onCloud) : null,
    excludedAt: excluded ? parseDay(excluded) : null,
    exclusion: current === 'CLASSIFIED' ? 'classified' : current === 'EXEMPT' ? 'exempt' : null,
  };
}

export function nodeFigures(p: SimulatedProvince, nodeId: string, t: number): Record<Resource, AllocationFigures & { used: number }> {
  const node = p.nodes.find((n) => n.id === nodeId)!;
  const out = {} as Record<Resource, AllocationFigures & { used: number }>;
  for (const r of RESOURCES) out[r] = { total: 0, allocated: 0, used: 0 };
  for (const dc of node.dataCentres) {
    const c = p.capacityAt(nodeId, dc, t);
    for (const r of RESOURCES) {
      out[r].total += c[r].total;
      out[r].allocated += c[r].allocated;
      out[r].used += c[r].used;
    }
  }
  return out;
}
