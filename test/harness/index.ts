export * from './postgres.ts';
export * from './victoria-metrics.ts';
export * from './system.ts';
export * from './chromium.ts';
