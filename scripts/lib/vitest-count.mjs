// The test command's last line, from vitest's JSON results: `N passed, N failed[, N skipped]`.
// A test file that failed outside its tests (a beforeAll that threw, an import that failed) has
// its tests reported as skipped or has none: those count as failed, since they did not run for
// a reason that is a failure, not a choice (it.skip in a file that ran stays skipped).
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of r.testResults ?? []) {
  const tests = file.assertionResults ?? [];
  const count = (...states) => tests.filter((t) => states.includes(t.status)).length;
  passed += count('passed');
  failed += count('failed');
  const notRun = count('skipped', 'pending', 'todo');
  if (file.status === 'failed' && count('failed') === 0) failed += Math.max(1, notRun);
  else skipped += notRun;
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
