/**
 * The console's API layer as other packages see it: the server's tests load every query document
 * from here and validate it against the server's schema and limits (schema drift fails a test).
 */
export * from './city-queries.ts';
export * from './client.ts';
export * from './errors.ts';
export * from './live.ts';
export * from './queries.ts';
export * from './screen-queries.ts';
export * from './report-queries.ts';
export * from './scheduling-queries.ts';
export * from './security-queries.ts';
