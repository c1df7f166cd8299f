import { defineProject } from 'vitest/config';

/**
 * Browser tests: they share one running system, started once by the global setup. A system that
 * does not start fails these tests (e2e/system-setup.ts), never the other projects' run.
 */
export default defineProject({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['e2e/global-system.ts'],
    setupFiles: ['e2e/system-setup.ts'],
  },
});
