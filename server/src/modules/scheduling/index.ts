/** The scheduling planner without the server around it (`@gcc/server/scheduling`): for the benchmark and tools. */
export { solvePlan, loadHighs, type SolveResult } from './solver.ts';
export { greedyPlan } from './greedy.ts';
export { buildPools, ineligibility, type PoolNode, type PoolReading } from './pools.ts';
export { simulatedDemand, writeSimulatedDemand } from './sim-demand.ts';
