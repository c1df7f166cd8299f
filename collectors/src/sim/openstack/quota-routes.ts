/**
 * The parts of Keystone and Nova a scheduling order uses: GET /v3/projects?name= and
 * GET/PUT /os-quota-sets/{project_id}. Only the elastic-scheduling project can be changed; a
 * quota change moves the node's usages (context.ts SimQuota), so the next collection shows it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { keystoneError, novaError } from './error-bodies.ts';
import { rejectUnauthenticated, SIM_ELASTIC_PROJECT, type SimContext } from './context.ts';
import { simUuid } from './ids.ts';

type Req = FastifyRequest<{ Params: { nodeId: string; projectId?: string }; Querystring: { name?: string } }>;

export function quotaRoutes(app: FastifyInstance, ctx: SimContext): void {
  const elasticId = (nodeId: string) => simUuid(ctx.province.seed, 'project', nodeId, SIM_ELASTIC_PROJECT).replace(/-/g, '');

  app.get('/:nodeId/identity/v3/projects', async (request: Req, reply) => {
    if (!ctx.authorized(request, request.params.nodeId)) return reply.code(401).send(keystoneError(401, 'The request you have made requires authentication.'));
    const { nodeId } = request.params;
    const all = [{ id: elasticId(nodeId), name: SIM_ELASTIC_PROJECT, domain_id: 'default', enabled: true, description: '全省一片云 elastic scheduling (simulated)' }];
    const projects = request.query.name === undefined ? all : all.filter((p) => p.name === request.query.name);
    return { projects, links: { self: `${ctx.baseUrl(request)}/${nodeId}/identity/v3/projects`, next: null, previous: null } };
  });

  const render = (nodeId: string) => {
    const q = ctx.quota(nodeId);
    return { quota_set: { id: elasticId(nodeId), cores: q.cores, ram: q.ramMb, instances: -1, key_pairs: 100, metadata_items: 128, server_groups: 10, server_group_members: 10 } };
  };
  const known = (request: Req) => request.params.projectId === elasticId(request.params.nodeId);

  app.get('/:nodeId/compute/v2.1/os-quota-sets/:projectId', async (request: Req, reply) => {
    if (!ctx.authorized(request, request.params.nodeId)) return rejectUnauthenticated(reply);
    if (!known(request)) return reply.code(404).send(novaError(404, `Project ${request.params.projectId} could not be found.`));
    return render(request.params.nodeId);
  });

  app.put<{ Params: { nodeId: string; projectId: string }; Body: { quota_set?: { cores?: unknown; ram?: unknown } } }>('/:nodeId/compute/v2.1/os-quota-sets/:projectId', async (request, reply) => {
    if (!ctx.authorized(request, request.params.nodeId)) return rejectUnauthenticated(reply);
    if (!known(request as unknown as Req)) return reply.code(404).send(novaError(404, `Project ${request.params.projectId} could not be found.`));
    const set = request.body?.quota_set;
    const current = ctx.quota(request.params.nodeId);
    const cores = set?.cores ?? current.cores;
    const ram = set?.ram ?? current.ramMb;
    if (!Number.isInteger(cores) || !Number.isInteger(ram) || (cores as number) < -1 || (ram as number) < -1) {
      return reply.code(400).send(novaError(400, `Invalid input for field/attribute quota_set. Value: ${JSON.stringify(set)}. cores and ram must be integers ≥ -1`));
    }
    ctx.setQuota(request.params.nodeId, cores as number, ram as number);
    return render(request.params.nodeId);
  });
}
