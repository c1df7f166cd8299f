/**
 * Per-node tokens of the security platforms: `gccsec_` + 32 random bytes (base64url), shown once
 * when created; only the SHA-256 is stored. Lookups are cached for CACHE_MS so 2,000 events/s do
 * not cost 2,000 token queries; a revocation takes effect at once on the replica that made it and
 * within CACHE_MS on the others.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { GccError } from '../../errors.ts';

const PREFIX = 'gccsec_';
const CACHE_MS = 30_000;
/** lastUsedAt is a hint for operators, written at most this often per token. */
const TOUCH_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newTokenValue(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export interface TokenIdentity {
  tokenId: string;
  nodeId: string;
}

export interface TokenResolver {
  /** The node a token belongs to, or null when unknown or revoked. */
  resolve(token: string): Promise<TokenIdentity | null>;
  forget(tokenHash?: string): void;
}

export function createTokenResolver(prisma: PrismaClient): TokenResolver {
  const cache = new Map<string, { at: number; identity: TokenIdentity | null; touchedAt: number }>();
  return {
    async resolve(token) {
      if (!token.startsWith(PREFIX) || token.length > 100) return null;
      const h = hashToken(token);
      const now = Date.now();
      let hit = cache.get(h);
      if (!hit || now - hit.at > CACHE_MS) {
        const row = await prisma.securityIngestToken.findUnique({ where: { tokenHash: h }, select: { id: true, nodeId: true, revokedAt: true } });
        hit = { at: now, identity: row && !row.revokedAt ? { tokenId: row.id, nodeId: row.nodeId } : null, touchedAt: hit?.touchedAt ?? 0 };
        if (cache.size > 10_000) cache.clear();
        cache.set(h, hit);
      }
      if (hit.identity && now - hit.touchedAt > TOUCH_MS) {
        hit.touchedAt = now;
        // A hint only: never let it fail or delay ingestion.
        prisma.securityIngestToken.update({ where: { id: hit.identity.tokenId }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
      }
      return hit.identity;
    },
    forget(tokenHash) {
      if (tokenHash) cache.delete(tokenHash);
      else cache.clear();
    },
  };
}

export async function createIngestToken(prisma: PrismaClient, nodeId: string, label: string): Promise<{ id: string; token: string }> {
  const node = await prisma.node.findUnique({ where: { id: nodeId }, select: { id: true } });
  if (!node) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node "${nodeId}" in the registry`);
  const token = newTokenValue();
  const row = await prisma.securityIngestToken.create({ data: { nodeId, label, tokenHash: hashToken(token) } });
  return { id: row.id, token };
}
