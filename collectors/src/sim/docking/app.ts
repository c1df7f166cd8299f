/**
 * A simulated PRD city platform implementing the province's docking API v1
 * (collectors/docking-api/openapi.v1.json) for every docking-API node, under /{nodeId}/docking:
 * OAuth 2.0 client credentials, /v1/capacity, /v1/systems (paged), RFC 9457 problems.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SimCredentials } from '../openstack/context.ts';
import { nodeRatios } from '../openstack/hypervisors.ts';
import { simUuid } from '../openstack/ids.ts';
import { CmpFaultTable, installFaults, simulatedCapacity, type CmpFault } from '../cmp-faults.ts';
import type { SimulatedProvince } from '../province.ts';
import { systemFootprints } from '../running-systems.ts';

export interface SimulatedDockingOptions {
  province: SimulatedProvince;
  nodeIds?: readonly string[];
  now?: () => number;
  credentials: SimCredentials;
  faults?: Readonly<Record<string, CmpFault>>;
  /** Seconds a token lives (default 3600). */
  tokenTtlSeconds?: number;
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    dockingFaults: CmpFaultTable;
    dockingRevokeTokens(): void;
  }
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

const problem = (status: number, detail: string) => ({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail });

/** China Standard Time with its offset, as the API asks for. */
function cst(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

export function buildSimulatedDocking(options: SimulatedDockingOptions): FastifyInstance {
  const province = options.province;
  const known = new Set(province.nodes.map((n) => n.id));
  const nodeIds = new Set(options.nodeIds ?? known);
  for (const id of nodeIds) if (!known.has(id)) throw new Error(`buildSimulatedDocking: unknown node id ${id}`);
  if (!options.credentials?.username || !options.credentials.password) throw new Error('buildSimulatedDocking: credentials.username and credentials.password are required');
  const now = () => Math.floor((options.now ?? Date.now)() / 1000) * 1000;
  const ttl = options.tokenTtlSeconds ?? 3600;
  const faults = new CmpFaultTable(options.faults);
  const tokens = new Map<string, { nodeId: string; expiresAt: number }>();

  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.decorate('dockingFaults', faults);
  app.decorate('dockingRevokeTokens', () => tokens.clear());
  installFaults(app, faults, { errorBody: (s) => problem(s, 'simulated failure'), malformedBody: '{"apiVersion":"1.0","dataCentres":[{"code":', malformedType: 'application/json' });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.addHook('onRequest', async (request, reply) => {
    const nodeId = request.url.split('/')[1];
    if (nodeId && !nodeIds.has(nodeId)) return reply.code(404).type('application/problem+json').send(problem(404, `no simulated docking API for node "${nodeId}"`));
  });

  const authorized = (request: FastifyRequest<{ Params: { nodeId: string } }>, reply: FastifyReply) => {
    const m = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const entry = m ? tokens.get(m[1]!) : undefined;
    if (entry && entry.nodeId === request.params.nodeId && entry.expiresAt > now()) return true;
    void reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').type('application/problem+json').send(problem(401, 'missing, unknown or expired bearer token'));
    return false;
  };

  app.post('/:nodeId/docking/v1/oauth/token', async (request: FastifyRequest<{ Params: { nodeId: string }; Body: Record<string, string> | undefined }>, reply) => {
    const b = request.body ?? {};
    if (b.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    if (b.client_id !== options.credentials.username || b.client_secret !== options.credentials.password) return reply.code(401).send({ error: 'invalid_client' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { nodeId: request.params.nodeId, expiresAt: now() + ttl * 1000 });
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  });

  app.get('/:nodeId/docking/v1/capacity', async (request: FastifyRequest<{ Params: { nodeId: string } }>, reply) => {
    if (!authorized(request, reply)) return reply;
    const { nodeId } = request.params;
    const node = province.nodes.find((n) => n.id === nodeId)!;
    const t = now();
    const ratios = nodeRatios(province.seed, nodeId);
    const invalid = faults.invalid(nodeId);
    return reply.type('application/json').send({
      apiVersion: '1.0',
      generatedAt: cst(t),
      platform: { vendor: 'Simulated', product: `${nodeId} 政务云平台（模拟）`, version: '1.0' },
      dataCentres: node.dataCentres.map((dc, i) => {
        const c = simulatedCapacity(province, faults, nodeId, dc, t);
        return {
          code: dc,
          vcpu: { total: invalid && i === 0 ? -c.vcpu.total : c.vcpu.total, allocated: c.vcpu.allocated, used: c.vcpu.used, physical: Math.round(c.vcpu.total / ratios.vcpu) },
          memoryMiB: { total: c.memory.total / MiB, allocated: c.memory.allocated / MiB, used: c.memory.used / MiB, physical: Math.round(c.memory.total / MiB / ratios.memory) },
          storageGiB: { total: c.storage.total / GiB, allocated: c.storage.allocated / GiB, used: c.storage.used / GiB, physical: Math.round(c.storage.total / GiB / ratios.disk) },
        };
      }),
    });
  });

  app.get('/:nodeId/docking/v1/systems', async (request: FastifyRequest<{ Params: { nodeId: string }; Querystring: { page?: string; pageSize?: string } }>, reply) => {
    if (!authorized(request, reply)) return reply;
    const page = Number(request.query.page ?? 1);
    const pageSize = Number(request.query.pageSize ?? 500);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return reply.code(400).type('application/problem+json').send(problem(400, 'page must be ≥ 1 and pageSize 1–1000'));
    }
    const { nodeId } = request.params;
    const t = now();
    const all = systemFootprints(province, nodeId, t, (dc) => simulatedCapacity(province, faults, nodeId, dc, t));
    const items = all.slice((page - 1) * pageSize, page * pageSize).map((f) => ({
      systemCode: f.system.code,
      projectId: simUuid(province.seed, 'docking-project', nodeId, f.system.code).replace(/-/g, ''),
      projectName: f.system.nameZh,
      dataCentre: f.dc,
      vcpu: f.vcpu,
      memoryMiB: f.memoryBytes / MiB,
      storageGiB: f.storageBytes / GiB,
    }));
    return { items, page, pageSize, total: all.length };
  });
  return app;
}
