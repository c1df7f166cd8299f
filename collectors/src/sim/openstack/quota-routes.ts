/**
 * The part of Nova a scheduling order uses: GET/PUT /os-quota-sets/{project_id} (the project is
 * found by GET /v3/projects?name=, tenant-routes.ts). Only the elastic-scheduling project can be
 * changed; a quota change moves the node's usages (context.ts SimQuota), so the next collection shows it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { novaError } from './error-bodies.ts';
import { rejectUnauthenticated, SIM_ELASTIC_PROJECT, type SimContext } from './context.ts';
import { simProjectId } from './tenants.ts';

type Req = FastifyRequest<{ Params: { nodeId: string; projectId?: string } }>;

export function quotaRoutes(app: FastifyInstance, ctx: SimContext): void {
  const elasticId = (nodeId: string) => simProjectId(ctx.province.seed, nodeId, SIM_ELASTIC_PROJECT);

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
