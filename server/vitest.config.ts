import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'server', include: ['test/**/*.spec.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 },
});
