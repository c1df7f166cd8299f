/**
 * A simulated OpenStack CMP for every node of the simulated province, one virtual cloud per node
 * under /{nodeId}/: Keystone v3, Nova, Placement and the deployment's Prometheus; projects tagged
 * with the business systems the node runs, and their servers (tenants.ts). Shapes follow the
 * vendors' api_samples (see collectors/test/fixtures/). The app factory is apart from the CLI that
 * listens, so tests can `inject`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { SimulatedProvince } from '../province.ts';
import { createContext, type SimCredentials } from './context.ts';
import { FaultTable, type SimFault, type SimService } from './faults.ts';
import { keystoneRoutes } from './keystone-routes.ts';
import { monitoringRoutes } from './monitoring-routes.ts';
import { novaRoutes } from './nova-routes.ts';
import { placementRoutes } from './placement-routes.ts';
import { quotaRoutes } from './quota-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';

export interface SimulatedOpenStackOptions {
  province: SimulatedProvince;
  /** Nodes to host (default: all). */
  nodeIds?: readonly string[];
  /** Clock of the simulated clouds (ms); default Date.now. */
  now?: () => number;
  credentials: SimCredentials;
  /** Faults to start with; change them later through `app.simFaults`. */
  faults?: Readonly<Record<string, SimFault>>;
  /** Base URL written into the service catalog; default: taken from each request's Host. */
  publicUrl?: string;
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    simFaults: FaultTable;
    /** Revoke every issued token: the next request with one gets 401. */
    simRevokeTokens(): void;
  }
}

const SERVICES = new Set<SimService>(['identity', 'compute', 'placement', 'monitoring']);

export function buildSimulatedOpenStack(options: SimulatedOpenStackOptions): FastifyInstance {
  const known = new Set(options.province.nodes.map((n) => n.id));
  const nodeIds = options.nodeIds ?? [...known];
  const unknown = nodeIds.filter((id) => !known.has(id));
  if (unknown.length) throw new Error(`buildSimulatedOpenStack: unknown node ids ${unknown.join(', ')}`);
  if (!options.credentials?.username || !options.credentials.password) {
    throw new Error('buildSimulatedOpenStack: credentials.username and credentials.password are required');
  }

  const faults = new FaultTable(options.faults);
  const ctx = createContext({ province: options.province, nodeIds, now: options.now ?? Date.now, credentials: options.credentials, faults, publicUrl: options.publicUrl });
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.decorate('simFaults', faults);
  app.decorate('simRevokeTokens', () => ctx.revokeTokens());

  // Requests that hang for a timeout fault are released when the app closes.
  const hanging = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const release of hanging) release();
  });

  app.addHook('onRequest', async (request, reply) => {
    const [nodeId, service] = request.url.split('?')[0]!.split('/').slice(1, 3);
    if (!nodeId || nodeId === 'health') return;
    if (!ctx.nodeIds.has(nodeId)) {
      return reply.code(404).send({ error: { code: 404, message: `no simulated cloud for node "${nodeId}"`, title: 'Not Found' } });
    }
    const fault = service && SERVICES.has(service as SimService) ? faults.get(nodeId, service as SimService) : undefined;
    if (!fault) return;
    switch (fault.kind) {
      case 'error': {
        const status = fault.status ?? 500;
        return reply.code(status).send({ error: { code: status, message: 'simulated failure', title: 'Internal Server Error' } });
      }
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.delayMs));
        return;
      case 'timeout':
        await new Promise<void>((r) => hanging.add(r));
        return reply.code(503).send({ error: { code: 503, message: 'simulated cloud shut down', title: 'Service Unavailable' } });
      case 'malformed':
        return reply.code(200).type('application/json').send('{"hypervisors": [{"id": 1, "vcpus": "lots"');
    }
  });

  app.get('/health', async () => ({ status: 'ok', simulated: true, nodes: nodeIds.length }));
  app.get('/', async (request) => ({
    simulated: true,
    description: 'Simulated OpenStack CMPs of the simulated province (demo data, not real nodes)',
    seed: options.province.seed,
    nodes: nodeIds.map((id) => ({ id, identity: `${ctx.baseUrl(request)}/${id}/identity/v3` })),
  }));
  keystoneRoutes(app, ctx);
  novaRoutes(app, ctx);
  placementRoutes(app, ctx);
  monitoringRoutes(app, ctx);
  quotaRoutes(app, ctx);
  tenantRoutes(app, ctx);
  return app;
}
