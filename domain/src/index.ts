export * from './geography.ts';
export * from './nodes.ts';
export * from './plan.ts';
export * from './metrics.ts';
export * from './indicators.ts';
export * from './queries.ts';
export * from './evaluation.ts';
