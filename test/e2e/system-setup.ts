/**
 * Every browser test fails with the global setup's reason when the shared system did not start.
 * Checked before each test (a failing beforeAll would only skip the file's tests, and a skipped
 * test is not a failure anyone reads); the spec files' own hooks check it too (shared-system.ts).
 */
import { beforeEach, inject } from 'vitest';

beforeEach(() => {
  const error = inject('systemError');
  if (error) throw new Error(`the shared system for the browser tests did not start:\n${error}`);
});
