export { DockingApiAdapter, normalizeDocking } from './adapter.ts';
export { dockingProblems, dockingApiDocument, DOCKING_API_DOCUMENT, DOCKING_API_MAJOR, type DockingSchemaName } from './contract.ts';
export type * from './types.ts';
