export { buildSimulatedOpenStack, type SimulatedOpenStackOptions } from './app.ts';
export type { SimCredentials } from './context.ts';
export type { SimFault, SimService } from './faults.ts';
export { nodeHypervisors, splitDataCentre, type SimHypervisor } from './hypervisors.ts';
export { BUSY_SERIES } from '../../openstack/busy-series.ts';
