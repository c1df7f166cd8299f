/**
 * Users and their API tokens: create a user, issue a token (returned once, stored hashed),
 * resolve a bearer token to a viewer, revoke a token.
 */
import { cityByCode } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { DEMO_TOKEN_PREFIX, generateToken, hashToken, sameHash } from './access-tokens.ts';
import { CITY_ROLES, cityScopeOf, READ_ONLY_ROLES, type Viewer } from './viewer.ts';

export const ROLES = Object.values(Role) as Role[];

export interface UserInput {
  username: string;
  displayName?: string;
  role: string;
  /** A city's administrative code; required for city roles. */
  cityCode?: string | null;
  /** The provider a PROVIDER account belongs to (required for that role, refused for others). */
  providerId?: string | null;
  /** The department the user works for: it then scores providers for that department only. */
  departmentCode?: string | null;
}

/** Every problem with a user's arguments at once. */
export function userInputProblems(input: UserInput): string[] {
  const problems: string[] = [];
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(input.username)) problems.push(`user "${input.username}" must be 1–64 letters, digits or . _ @ -`);
  if (!ROLES.includes(input.role as Role)) problems.push(`role "${input.role}" must be one of ${ROLES.join(', ')}`);
  if (input.cityCode && !cityByCode(input.cityCode)) problems.push(`city "${input.cityCode}" is not one of Guangdong's 21 administrative codes (e.g. 440200)`);
  if (CITY_ROLES.includes(input.role as Role) && !input.cityCode) problems.push(`role ${input.role} needs a city (--city CODE)`);
  if ((input.role === 'PROVINCIAL_ADMIN' || input.role === 'PROVINCIAL_VIEWER') && input.cityCode) problems.push(`role ${input.role} is province-wide: it takes no city`);
  if (input.role === 'PROVIDER' && !input.providerId) problems.push('role PROVIDER needs a provider (--provider ID)');
  if (input.role !== 'PROVIDER' && input.providerId) problems.push(`only PROVIDER accounts belong to a provider, not ${input.role}`);
  return problems;
}

/** Creates the user, or updates its role, city and display name when it exists. */
export async function upsertUser(prisma: PrismaClient, input: UserInput) {
  const problems = userInputProblems(input);
  const [provider, department] = await Promise.all([
    input.providerId ? prisma.provider.findUnique({ where: { id: input.providerId } }) : null,
    input.departmentCode ? prisma.department.findUnique({ where: { code: input.departmentCode } }) : null,
  ]);
  if (input.providerId && !provider) problems.push(`no provider "${input.providerId}"`);
  if (input.departmentCode && !department) problems.push(`no department "${input.departmentCode}"`);
  else if (department && input.cityCode && department.regionCode !== input.cityCode) problems.push(`department ${department.code} is not in city ${input.cityCode}`);
  if (problems.length) throw new GccError('GCC_ERR_ACCESS_INPUT', problems.join('; '));
  const data = {
    displayName: input.displayName ?? input.username, role: input.role as Role, regionCode: input.cityCode ?? null, disabledAt: null,
    providerId: input.providerId ?? null, departmentCode: input.departmentCode ?? null,
  };
  return prisma.user.upsert({ where: { username: input.username }, create: { username: input.username, ...data }, update: data });
}

export interface IssuedToken {
  id: string;
  /** The token itself: shown once, never stored. */
  token: string;
  readOnly: boolean;
  expiresAt: Date | null;
}

export async function issueToken(
  prisma: PrismaClient,
  userId: string,
  options: { label: string; readOnly: boolean; expiresAt?: Date | null; token?: string },
): Promise<IssuedToken> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  // Viewer roles and kiosks never write, whatever was asked for.
  const readOnly = options.readOnly || READ_ONLY_ROLES.includes(user.role);
  const token = options.token ?? generateToken();
  const row = await prisma.apiToken.create({
    data: { tokenHash: hashToken(token), userId, label: options.label, readOnly, expiresAt: options.expiresAt ?? null },
  });
  return { id: row.id, token, readOnly, expiresAt: row.expiresAt };
}

export interface TokenResolver {
  /** The viewer a token stands for; GCC_ERR_AUTH_INVALID_TOKEN when unknown, expired, revoked or its user disabled. */
  resolve(token: string, nowMs?: number): Promise<Viewer>;
  /** Forget cached resolutions (after a revocation on this replica). */
  clear(): void;
}

/**
 * Resolves tokens with a short cache so a screen polling every few seconds costs no database
 * read per request. A revocation therefore takes effect within `cacheMs` on other replicas
 * (immediately on the one that revoked).
 */
export function createTokenResolver(prisma: PrismaClient, options: { cacheMs?: number; refuseDemoTokens?: boolean } = {}): TokenResolver {
  const cacheMs = options.cacheMs ?? 10_000;
  const cache = new Map<string, { viewer: Viewer; until: number; expiresAtMs: number }>();
  const invalid = (why: string) => new GccError('GCC_ERR_AUTH_INVALID_TOKEN', `the bearer token ${why}: ask for a new one (server/src/cli/create-token.ts)`);

  return {
    clear: () => cache.clear(),
    async resolve(token, nowMs = Date.now()) {
      if (options.refuseDemoTokens && token.startsWith(DEMO_TOKEN_PREFIX)) throw invalid('is a demo token, never valid in production');
      const hash = hashToken(token);
      const hit = cache.get(hash);
      if (hit && nowMs < hit.until && nowMs < hit.expiresAtMs) return hit.viewer;
      const row = await prisma.apiToken.findUnique({ where: { tokenHash: hash }, include: { user: true } });
      if (!row || !sameHash(row.tokenHash, hash)) throw invalid('is not known');
      if (row.revokedAt && row.revokedAt.getTime() <= nowMs) throw invalid(`was revoked on ${row.revokedAt.toISOString()}`);
      if (row.expiresAt && row.expiresAt.getTime() <= nowMs) throw invalid(`expired on ${row.expiresAt.toISOString()}`);
      if (row.user.disabledAt) throw invalid('belongs to a disabled user');
      const cityScope = cityScopeOf(row.user.role, row.user.regionCode);
      if (CITY_ROLES.includes(row.user.role) && !cityScope) throw invalid(`belongs to ${row.user.role} user "${row.user.username}" who has no city`);
      if (row.user.role === 'PROVIDER' && !row.user.providerId) throw invalid(`belongs to PROVIDER user "${row.user.username}" who has no provider`);
      const viewer: Viewer = Object.freeze({
        userId: row.user.id,
        username: row.user.username,
        role: row.user.role,
        cityScope,
        readOnly: row.readOnly || READ_ONLY_ROLES.includes(row.user.role),
        tokenId: row.id,
        providerId: row.user.role === 'PROVIDER' ? row.user.providerId : null,
        departmentCode: row.user.departmentCode,
      });
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { viewer, until: nowMs + cacheMs, expiresAtMs: row.expiresAt?.getTime() ?? Infinity });
      return viewer;
    },
  };
}

/** Revokes a token: its owner or a provincial admin may. */
export async function revokeToken(prisma: PrismaClient, viewer: Viewer, tokenId: string, nowMs: number): Promise<Date> {
  const row = await prisma.apiToken.findUnique({ where: { id: tokenId } });
  if (!row || (row.userId !== viewer.userId && viewer.role !== 'PROVINCIAL_ADMIN')) {
    // The same answer for "no such token" and "not yours": token ids are not to be probed.
    throw new GccError('GCC_ERR_AUTH_FORBIDDEN', `token ${tokenId} is not one you may revoke`);
  }
  if (row.revokedAt) return row.revokedAt;
  const updated = await prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date(nowMs) } });
  return updated.revokedAt!;
}
