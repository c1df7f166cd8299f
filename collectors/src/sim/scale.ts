/**
 * SIMULATION ONLY, for benchmarks (bench/collectors.ts): the simulated province at another size.
 *
 * - `nodes`: the province's 22 nodes repeated until there are that many (a whole country); a copy
 *   is named `<id>-x<k>` (k = 2, 3, …), speaks its original's CMP kind and has its capacity curve,
 *   data centres and CPU pools, but no business systems of its own.
 * - `hostFactor`, `vmFactor` (SimScale): each data centre split into more, smaller hypervisors and
 *   vCenter VMs; the capacity the collector reads back is unchanged.
 */
import type { SimScale, SimulatedProvince } from './province.ts';

export interface ScaleOptions extends SimScale {
  /** Nodes in all (default: the province's own). */
  nodes?: number;
}

export interface ScaledProvince extends SimulatedProvince {
  /** The province node a node id was copied from (itself for the originals). */
  sourceOf(nodeId: string): string;
}

export function scaleProvince(province: SimulatedProvince, o: ScaleOptions): ScaledProvince {
  const base = province.nodes;
  const total = o.nodes ?? base.length;
  if (!Number.isInteger(total) || total < 1) throw new Error(`scaleProvince: nodes must be a whole number ≥ 1, got ${total}`);
  for (const [name, f] of [['hostFactor', o.hostFactor], ['vmFactor', o.vmFactor]] as const) {
    if (f !== undefined && !(f > 0)) throw new Error(`scaleProvince: ${name} must be > 0, got ${f}`);
  }
  const source = new Map<string, string>();
  const nodes = Array.from({ length: total }, (_, i) => {
    const original = base[i % base.length]!;
    const copy = Math.floor(i / base.length);
    const id = copy === 0 ? original.id : `${original.id}-x${copy + 1}`;
    source.set(id, original.id);
    return { ...original, id };
  });
  const scale: SimScale = { ...(o.hostFactor !== undefined ? { hostFactor: o.hostFactor } : {}), ...(o.vmFactor !== undefined ? { vmFactor: o.vmFactor } : {}) };
  const sourceOf = (nodeId: string) => {
    const s = source.get(nodeId);
    if (s === undefined) throw new Error(`the simulated province has no node "${nodeId}"`);
    return s;
  };
  return {
    ...province,
    nodes,
    scale,
    sourceOf,
    capacityAt: (nodeId, dc, t) => province.capacityAt(sourceOf(nodeId), dc, t),
  };
}
