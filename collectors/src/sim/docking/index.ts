export { buildSimulatedDocking, type SimulatedDockingOptions } from './app.ts';
