/** The simulated province and its simulated CMPs: demo data, labelled simulated everywhere. */
export {
  simulateProvince, DEFAULT_SIM_SEED,
  type SimulationOptions, type SimulatedProvince, type SimScale, type SimNode, type SimDepartment, type SimSystem, type SystemStatus, type CpuPool, type CapacityFigures,
} from './province.ts';
export { OUTCOMES, AT_RISK_ON, type UptakeOutcome } from './outcomes.ts';
export { EARLIEST_SIM_REFERENCE_DATE, TEST_SIM_REFERENCE_DATE, referenceDateOf, referenceDateProblem } from './reference-date.ts';
export { statusOn } from './systems.ts';
export { mulberry32, rngFor } from './prng.ts';
export { backfillHistory, withPhysical, type BackfillOptions, type BackfillResult } from './backfill.ts';
export * from './openstack/index.ts';
export { buildSimulatedCmps, simCmpEndpoint, type SimulatedCmps, type SimulatedCmpsOptions } from './province-cmps.ts';
export { scaleProvince, type ScaleOptions, type ScaledProvince } from './scale.ts';
export { CmpFaultTable, simulatedCapacity, type CmpFault } from './cmp-faults.ts';
export { runningSystems, systemFootprints, SYSTEMS_SHARE, type SimFootprint } from './running-systems.ts';
export { simRatios } from './sim-ratios.ts';
export * from './vsphere/index.ts';
export * from './prometheus/index.ts';
export * from './docking/index.ts';
export * from './security/index.ts';
