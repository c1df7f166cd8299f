/** What every route of the simulated OpenStack shares: the province, the clock, tokens and faults. */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatedProvince } from '../province.ts';
import { keystoneError, UNAUTHENTICATED } from './error-bodies.ts';
import type { FaultTable } from './faults.ts';
import { nodeHypervisors, type SimHypervisor } from './hypervisors.ts';

export interface SimCredentials {
  username: string;
  password: string;
  /** Project the collector's user is scoped to; any name is accepted when the request names none. */
  projectName?: string;
}

export const TOKEN_TTL_MS = 3_600_000;

export interface SimContext {
  province: SimulatedProvince;
  nodeIds: ReadonlySet<string>;
  /** Clock of the simulated clouds, snapped to whole seconds so one pull sees one instant. */
  now(): number;
  credentials: SimCredentials;
  faults: FaultTable;
  publicUrl: string | undefined;
  issueToken(nodeId: string): { token: string; issuedAt: number; expiresAt: number };
  /** True when the request carries a live token issued by this node's Keystone. */
  authorized(request: FastifyRequest, nodeId: string): boolean;
  hypervisors(nodeId: string): SimHypervisor[];
  /** Forget every token, as a Keystone revocation (or restart with new fernet keys) would. */
  revokeTokens(): void;
  baseUrl(request: FastifyRequest): string;
}

export function createContext(opts: {
  province: SimulatedProvince;
  nodeIds: readonly string[];
  now: () => number;
  credentials: SimCredentials;
  faults: FaultTable;
  publicUrl?: string;
}): SimContext {
  const tokens = new Map<string, { nodeId: string; expiresAt: number }>();
  const cache = new Map<string, SimHypervisor[]>();
  const now = () => Math.floor(opts.now() / 1000) * 1000;
  return {
    province: opts.province,
    nodeIds: new Set(opts.nodeIds),
    now,
    credentials: opts.credentials,
    faults: opts.faults,
    publicUrl: opts.publicUrl?.replace(/\/+$/, ''),
    issueToken(nodeId) {
      const issuedAt = now();
      for (const [k, v] of tokens) if (v.expiresAt <= issuedAt) tokens.delete(k);
      const token = `gAAAAAB${randomBytes(48).toString('base64url')}`;
      const expiresAt = issuedAt + TOKEN_TTL_MS;
      tokens.set(token, { nodeId, expiresAt });
      return { token, issuedAt, expiresAt };
    },
    authorized(request, nodeId) {
      const raw = request.headers['x-auth-token'];
      const entry = typeof raw === 'string' ? tokens.get(raw) : undefined;
      return entry !== undefined && entry.nodeId === nodeId && entry.expiresAt > now();
    },
    hypervisors(nodeId) {
      // Many requests of one pull ask for the same instant: keep the last split per node.
      const t = now();
      const key = `${nodeId}@${t}`;
      let hosts = cache.get(key);
      if (!hosts) {
        for (const k of cache.keys()) if (k.startsWith(`${nodeId}@`)) cache.delete(k);
        hosts = nodeHypervisors(opts.province, nodeId, t);
        cache.set(key, hosts);
      }
      return hosts;
    },
    revokeTokens() {
      tokens.clear();
    },
    baseUrl(request) {
      return this.publicUrl ?? `${request.protocol}://${request.host}`;
    },
  };
}

/** Keystone middleware's answer to a missing or stale token, the same for every service. */
export function rejectUnauthenticated(reply: FastifyReply) {
  return reply
    .code(401)
    .header('www-authenticate', 'Keystone uri="/identity"')
    .send(keystoneError(401, UNAUTHENTICATED));
}
