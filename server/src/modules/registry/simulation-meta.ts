/** The registry's record that its data is the simulated province (shown as a badge everywhere). */
export const SIMULATION_META_KEY = 'simulation';

export interface SimulationMeta {
  simulated: true;
  seed: number;
  writtenAt: string;
  provincialNode: string;
}
