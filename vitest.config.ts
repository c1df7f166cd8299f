import { defineConfig } from 'vitest/config';

// One run covers every package; each package is a vitest project with its own setup.
export default defineConfig({
  test: {
    projects: ['domain', 'collectors', 'server', 'web', 'test/vitest.config.ts', 'test/vitest.e2e.config.ts'],
    // Tests must not leave work behind them or pass by accident.
    allowOnly: false,
    passWithNoTests: false,
  },
});
