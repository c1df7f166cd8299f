/** Scheduling flows → the map's lines: each end at its city's anchor, the provincial node at its marker. */
import type { Flow } from '../../api/scheduling-queries.ts';
import type { ElasticFlow } from '../charts/guangdong-map-option.ts';

export const PROVINCE_CODE = '440000';

export type MapFlow = ElasticFlow & { state: Flow['state'] };

export function toMapFlows(
  flows: readonly Flow[],
  anchors: ReadonlyMap<string, [number, number]>,
  provincial: [number, number] | null,
  label: (f: Flow) => string,
): MapFlow[] {
  const at = (code: string) => (code === PROVINCE_CODE ? provincial : (anchors.get(code) ?? null));
  return flows.flatMap((f) => {
    const from = at(f.fromRegionCode);
    const to = at(f.toRegionCode);
    return from && to && f.vcpu > 0 ? [{ from, to, amount: f.vcpu, label: label(f), state: f.state }] : [];
  });
}

/** What the map's legend counts: lines drawn for recommendations, and for orders approved or executing. */
export function countFlows(flows: readonly MapFlow[]): { recommended: number; active: number } {
  const recommended = flows.filter((f) => f.state === 'RECOMMENDED').length;
  return { recommended, active: flows.length - recommended };
}
