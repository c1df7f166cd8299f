/** Loads the vendors' recorded responses copied into test/fixtures (see fixtures/NOTICE.md). */
import { readFileSync } from 'node:fs';

export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8')) as T;
}
