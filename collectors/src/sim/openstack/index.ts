export { buildSimulatedOpenStack, type SimulatedOpenStackOptions } from './app.ts';
export { SIM_ELASTIC_PROJECT, type SimCredentials, type SimQuota } from './context.ts';
export type { SimFault, SimService } from './faults.ts';
export { nodeHypervisors, splitDataCentre, type SimHypervisor } from './hypervisors.ts';
export { BUSY_SERIES } from '../../openstack/busy-series.ts';
