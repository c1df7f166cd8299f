/** What tools outside the server (bench, scripts) may use of the access module. */
export { issueToken, upsertUser, createTokenResolver, type IssuedToken, type UserInput } from './access-service.ts';
export { writeDemoUsers, demoToken } from './demo-users.ts';
export type { Viewer } from './viewer.ts';
