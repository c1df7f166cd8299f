export { buildApp, type AppDeps } from './app.ts';
export { DEFAULT_LIMITS, loadConfig, type QueryLimits, type ServerConfig, type DatabaseTarget } from './config.ts';
export { ERROR_CODES, GccError, type ErrorCode } from './errors.ts';
export { openDatabase, type Database } from './infra/db/open-database.ts';
export { migrate } from './infra/db/migrate.ts';
export { createVmClient, type VmClient } from './infra/vm/vm-client.ts';
export { writeReferenceData } from './modules/registry/reference-data.ts';
export { writeSimulatedProvince } from './modules/registry/simulated-province.ts';
