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

/** The one project the simulated Keystone lists besides the collector's: the province's elastic-scheduling project. */
export const SIM_ELASTIC_PROJECT = 'gcc-elastic';
/** Share of a node's allocation held by the elastic project when the simulator starts. */
const ELASTIC_SHARE = 0.5;

/**
 * The elastic project's quota. The simulated tenant fills (or empties) its quota at once, so a
 * quota change moves the node's Placement usages by the difference from the starting quota and the
 * next collection sees it. (A real cloud moves usages when the workloads are re-provisioned.)
 */
export interface SimQuota {
  cores: number;
  ramMb: number;
  baseCores: number;
  baseRamMb: number;
}

/** Adds `delta` (may be negative) over the hosts' values, evenly, none below 0. */
function spread(values: number[], delta: number): number[] {
  const out = [...values];
  let left = Math.round(delta);
  for (let pass = 0; left !== 0 && pass < 50; pass++) {
    const open = out.map((v, i) => i).filter((i) => left > 0 || out[i]! > 0);
    if (!open.length) break;
    const each = Math.trunc(left / open.length) || Math.sign(left);
    for (const i of open) {
      if (left === 0) break;
      const step = left > 0 ? Math.min(each, left) : Math.max(each, left, -out[i]!);
      out[i]! += step;
      left -= step;
    }
  }
  return out;
}

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
  /** The elastic-scheduling project's Nova quota on a node (quota-routes.ts). */
  quota(nodeId: string): SimQuota;
  setQuota(nodeId: string, cores: number, ramMb: number): SimQuota;
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
  const quotas = new Map<string, SimQuota>();
  const rawHypervisors = (nodeId: string) => {
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
  };
  const quota = (nodeId: string): SimQuota => {
    let q = quotas.get(nodeId);
    if (!q) {
      const hosts = rawHypervisors(nodeId);
      const cores = Math.floor(hosts.reduce((s, h) => s + h.usage.VCPU, 0) * ELASTIC_SHARE);
      const ramMb = Math.floor(hosts.reduce((s, h) => s + h.usage.MEMORY_MB, 0) * ELASTIC_SHARE);
      quotas.set(nodeId, (q = { cores, ramMb, baseCores: cores, baseRamMb: ramMb }));
    }
    return q;
  };
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
      const hosts = rawHypervisors(nodeId);
      const q = quotas.get(nodeId);
      if (!q || (q.cores === q.baseCores && q.ramMb === q.baseRamMb)) return hosts;
      const vcpu = spread(hosts.map((h) => h.usage.VCPU), q.cores - q.baseCores);
      const mem = spread(hosts.map((h) => h.usage.MEMORY_MB), q.ramMb - q.baseRamMb);
      return hosts.map((h, i) => ({ ...h, usage: { ...h.usage, VCPU: vcpu[i]!, MEMORY_MB: mem[i]! } }));
    },
    quota,
    setQuota(nodeId, cores, ramMb) {
      const q = quota(nodeId);
      q.cores = cores;
      q.ramMb = ramMb;
      return q;
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
