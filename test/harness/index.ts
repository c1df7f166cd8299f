export * from './postgres.ts';
export * from './victoria-metrics.ts';
export * from './system.ts';
export * from './chromium.ts';
export * from './layout.ts';
export * from './console-format.ts';
