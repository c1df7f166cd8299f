/** Scheduling flows → the map's lines: each end at its city's anchor, the provincial node at its marker. */
import type { ElasticFlow } from '../charts/guangdong-map-option.ts';
import type { Flow } from './scheduling-queries.ts';

export const PROVINCE_CODE = '440000';

export function toMapFlows(
  flows: readonly Flow[],
  anchors: ReadonlyMap<string, [number, number]>,
  provincial: [number, number] | null,
  label: (f: Flow) => string,
): ElasticFlow[] {
  const at = (code: string) => (code === PROVINCE_CODE ? provincial : (anchors.get(code) ?? null));
  return flows.flatMap((f) => {
    const from = at(f.fromRegionCode);
    const to = at(f.toRegionCode);
    return from && to && f.vcpu > 0 ? [{ from, to, amount: f.vcpu, label: label(f) }] : [];
  });
}
