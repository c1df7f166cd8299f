/** The system started once by test/e2e/global-system.ts, as seen from a browser test file. */
import { inject } from 'vitest';

export function sharedSystem() {
  const url = inject('systemUrl');
  return {
    url,
    env: inject('systemEnv'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async graphql<T = any>(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: T; errors?: { message: string; extensions?: { code?: string } }[] };
    },
  };
}
