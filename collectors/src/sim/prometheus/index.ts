export { buildSimulatedPrometheus, renderFederation, goFloat, type SimulatedPrometheusOptions } from './app.ts';
