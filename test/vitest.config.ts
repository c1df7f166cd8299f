import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test',
    include: ['integration/**/*.spec.ts', 'e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser tests share one running system (started once, stopped at the end).
    globalSetup: ['e2e/global-system.ts'],
  },
});
