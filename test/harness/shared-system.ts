/** The system started once by test/e2e/global-system.ts, as seen from a browser test file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/** The demo users' tokens the start command writes (scripts/start.sh → .data/run/demo-tokens.env). */
export interface DemoTokens {
  /** 省局 demo-province, provincial admin. */
  province: string;
  /** demo-kiosk, read-only. */
  kiosk: string;
  /** The demo city bureau user (city admin) of cityCode. */
  city: string;
  cityCode: string;
}

const DEMO_TOKEN_KEYS = {
  province: 'GCC_DEMO_PROVINCE_TOKEN',
  kiosk: 'GCC_DEMO_KIOSK_TOKEN',
  city: 'GCC_DEMO_CITY_TOKEN',
  cityCode: 'GCC_DEMO_CITY_CODE',
} as const satisfies Record<keyof DemoTokens, string>;

export function readDemoTokens(dataDir: string): DemoTokens {
  const file = join(dataDir, 'run', 'demo-tokens.env');
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=') && !l.startsWith('#'));
  const env = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const entries = Object.entries(DEMO_TOKEN_KEYS).map(([name, key]) => {
    const value = env.get(key);
    if (!value) throw new Error(`${file} has no ${key}`);
    return [name, value];
  });
  return Object.fromEntries(entries) as DemoTokens;
}

export function sharedSystem() {
  const url = inject('systemUrl');
  const env = inject('systemEnv');
  return {
    url,
    env,
    demoTokens: () => readDemoTokens(env.GCC_DATA_DIR!),
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
