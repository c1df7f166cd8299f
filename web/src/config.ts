/** How often live panels poll the server. Collectors write every few minutes; 30 s keeps the wall current. */
export const REFRESH_INTERVAL_MS = 30_000;
