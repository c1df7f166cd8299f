import { createRequire } from 'node:module';
import { defineProject } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineProject({
  // graphql 16 ships CommonJS (main) and ESM (module) builds. Vite's resolver prefers `module`,
  // mercurius require()s `main`: two copies whose types reject each other ("from another module or
  // realm"). Node itself resolves `main` for both, so tests load that one too.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { name: 'server', include: ['test/**/*.spec.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 },
});
