/**
 * API tokens: 32 random bytes, shown once; only their SHA-256 is stored. A token is found by its
 * hash (an index lookup) and the stored hash is then compared in constant time, so the check
 * never depends on where two hashes first differ.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Recognizable in logs and secret scanners; never logged itself (logger redaction). */
export const TOKEN_PREFIX = 'gcc_';
/** Demo tokens (modules/access/demo-users.ts) are derived from the public simulation seed. */
export const DEMO_TOKEN_PREFIX = 'gcc_demo_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The token of an `Authorization: Bearer <token>` header; undefined when there is no such header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** "30d", "12h", "1y" → milliseconds; undefined when not of that form. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)([mhdwy])$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n * UNITS_MS[m[2]!]! : undefined;
}
