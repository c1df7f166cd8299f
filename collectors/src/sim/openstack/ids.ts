/** Stable identifiers for simulated OpenStack objects: the same (seed, keys) always give the same UUID. */
import { hashKeys } from '../prng.ts';

export function simUuid(seed: number, ...keys: (string | number)[]): string {
  const hex = [0, 1, 2, 3].map((i) => hashKeys(seed, ...keys, i).toString(16).padStart(8, '0')).join('');
  // Shape it as a version-4 UUID, as Nova and Placement generate.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
