// A test that makes Vue, vue-i18n or our code warn fails, even if its assertions pass.
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

let warn: MockInstance<typeof console.warn>;
let error: MockInstance<typeof console.error>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
  error = vi.spyOn(console, 'error');
});

afterEach(() => {
  const calls = [...warn.mock.calls, ...error.mock.calls];
  warn.mockRestore();
  error.mockRestore();
  if (calls.length > 0) {
    throw new Error(`unexpected console output:\n${calls.map((c) => c.map(String).join(' ')).join('\n')}`);
  }
});
