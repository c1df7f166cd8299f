/**
 * The overcommit ratios behind a simulated node's `physical` figures, by the kind its CMP speaks:
 * Placement's allocation ratios for OpenStack, Prometheus (openstack-exporter) and the docking API
 * (whose simulated platforms report the same), the province's vSphere rule for vCenters.
 */
import { DEFAULT_VSPHERE_VCPU_OVERCOMMIT } from '../vsphere/normalize.ts';
import { nodeRatios, type Ratios } from './openstack/hypervisors.ts';
import type { SimulatedProvince } from './province.ts';

export function simRatios(province: SimulatedProvince, nodeId: string): Ratios {
  const node = province.nodes.find((n) => n.id === nodeId);
  if (node?.cmpKind === 'vsphere') return { vcpu: DEFAULT_VSPHERE_VCPU_OVERCOMMIT, memory: 1, disk: 1 };
  return nodeRatios(province.seed, nodeId);
}
