export * from './postgres.ts';
export * from './victoria-metrics.ts';
