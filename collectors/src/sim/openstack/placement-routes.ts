/** Placement: resource providers, their inventories and usages (the source of capacity from Nova 2.88 on). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { placementError } from './error-bodies.ts';
import { rejectUnauthenticated, type SimContext } from './context.ts';
import type { SimHypervisor } from './hypervisors.ts';
import { atLeast, format, parseMicroversion, type Microversion } from './microversion.ts';

const PLACEMENT_MIN = { major: 1, minor: 0 };
const PLACEMENT_MAX = { major: 1, minor: 39 };

type Req = FastifyRequest<{ Params: { nodeId: string; uuid?: string } }>;

function negotiate(ctx: SimContext, request: Req, reply: FastifyReply): Microversion | null {
  if (!ctx.authorized(request, request.params.nodeId)) {
    void rejectUnauthenticated(reply);
    return null;
  }
  const mv = parseMicroversion(request.headers, 'placement', PLACEMENT_MIN, PLACEMENT_MAX);
  const requestId = `req-${randomUUID()}`;
  void reply.header('openstack-request-id', requestId);
  if (!mv.ok) {
    void reply.code(mv.status).send(placementError(mv.status, mv.message, requestId));
    return null;
  }
  void reply.header('openstack-api-version', `placement ${format(mv.version)}`).header('vary', 'openstack-api-version');
  return mv.version;
}

function provider(ctx: SimContext, request: Req, reply: FastifyReply): SimHypervisor | null {
  const h = ctx.hypervisors(request.params.nodeId).find((x) => x.uuid === request.params.uuid);
  if (!h) {
    void reply.code(404).send(placementError(404, `No resource provider with uuid ${request.params.uuid} found`, String(reply.getHeader('openstack-request-id'))));
    return null;
  }
  return h;
}

export function placementRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/:nodeId/placement', async (request: Req) => ({
    versions: [{ id: 'v1.0', max_version: format(PLACEMENT_MAX), min_version: format(PLACEMENT_MIN), status: 'CURRENT', links: [{ rel: 'self', href: `${ctx.baseUrl(request)}/${request.params.nodeId}/placement/` }] }],
  }));

  app.get('/:nodeId/placement/resource_providers', async (request: Req, reply) => {
    const v = negotiate(ctx, request, reply);
    if (!v) return reply;
    return {
      resource_providers: ctx.hypervisors(request.params.nodeId).map((h) => {
        const self = `/resource_providers/${h.uuid}`;
        const rels = ['aggregates', 'inventories', 'usages', ...(atLeast(v, 6, 1) ? ['traits'] : []), ...(atLeast(v, 11, 1) ? ['allocations'] : [])];
        return {
          generation: h.generation,
          uuid: h.uuid,
          links: [{ href: self, rel: 'self' }, ...rels.map((rel) => ({ href: `${self}/${rel}`, rel }))],
          name: h.hostname,
          ...(atLeast(v, 14, 1) ? { parent_provider_uuid: null, root_provider_uuid: h.uuid } : {}),
        };
      }),
    };
  });

  app.get('/:nodeId/placement/resource_providers/:uuid/inventories', async (request: Req, reply) => {
    if (!negotiate(ctx, request, reply)) return reply;
    const h = provider(ctx, request, reply);
    if (!h) return reply;
    const body = {
      inventories: {
        DISK_GB: { allocation_ratio: h.ratios.disk, max_unit: h.localGb, min_unit: 1, reserved: 0, step_size: 1, total: h.localGb },
        MEMORY_MB: { allocation_ratio: h.ratios.memory, max_unit: h.memoryMb, min_unit: 1, reserved: h.reservedMemoryMb, step_size: 1, total: h.memoryMb },
        VCPU: { allocation_ratio: h.ratios.vcpu, max_unit: h.vcpus, min_unit: 1, reserved: 0, step_size: 1, total: h.vcpus },
      },
      resource_provider_generation: h.generation,
    };
    // Placement stores ratios as floats and prints them so (16.0, 1.2000000476837158); JSON.stringify would say 16.
    return reply.type('application/json').send(JSON.stringify(body).replace(/"allocation_ratio":(\d+)(?=[,}])/g, '"allocation_ratio":$1.0'));
  });

  app.get('/:nodeId/placement/resource_providers/:uuid/usages', async (request: Req, reply) => {
    if (!negotiate(ctx, request, reply)) return reply;
    const h = provider(ctx, request, reply);
    if (!h) return reply;
    return { resource_provider_generation: h.generation, usages: { DISK_GB: h.usage.DISK_GB, MEMORY_MB: h.usage.MEMORY_MB, VCPU: h.usage.VCPU } };
  });
}
