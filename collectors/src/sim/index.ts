/** The simulated province and its simulated CMPs: demo data, labelled simulated everywhere. */
export {
  simulateProvince, DEFAULT_SIM_SEED,
  type SimulatedProvince, type SimNode, type SimDepartment, type SimSystem, type SystemStatus, type CpuPool, type CapacityFigures,
} from './province.ts';
export { OUTCOMES, AT_RISK_ON, SIM_REFERENCE_DATE, type UptakeOutcome } from './outcomes.ts';
export { statusOn } from './systems.ts';
export { mulberry32, rngFor } from './prng.ts';
export { backfillHistory, withPhysical, type BackfillOptions, type BackfillResult } from './backfill.ts';
export * from './openstack/index.ts';
