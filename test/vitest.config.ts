import { defineProject } from 'vitest/config';

/** Cross-package tests that need no running system. */
export default defineProject({
  test: {
    name: 'integration',
    include: ['integration/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
