/** Nova: os-hypervisors (list, detail, statistics) and os-availability-zone/detail, with microversions and paging. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { novaError } from './error-bodies.ts';
import { rejectUnauthenticated, type SimContext } from './context.ts';
import type { SimHypervisor } from './hypervisors.ts';
import { atLeast, format, parseMicroversion, type Microversion } from './microversion.ts';
import { renderHypervisor, renderStatistics } from './nova-render.ts';

export const NOVA_MIN = { major: 2, minor: 1 };
/** 2024.1 (Caracal); everything from 2.88 on looks like 2.88 here. */
export const NOVA_MAX = { major: 2, minor: 96 };
/** Nova's [api] max_limit default: a page never holds more, asked or not. */
const MAX_LIMIT = 1000;

type Req = FastifyRequest<{ Params: { nodeId: string }; Querystring: { limit?: string; marker?: string } }>;

/** Authenticates and negotiates the microversion; answers the error itself and returns null when either fails. */
export function negotiate(ctx: SimContext, request: FastifyRequest<{ Params: { nodeId: string } }>, reply: FastifyReply): Microversion | null {
  if (!ctx.authorized(request, request.params.nodeId)) {
    void rejectUnauthenticated(reply);
    return null;
  }
  const mv = parseMicroversion(request.headers, 'compute', NOVA_MIN, NOVA_MAX);
  if (!mv.ok) {
    void reply.code(mv.status).send(novaError(mv.status, mv.message));
    return null;
  }
  const v = format(mv.version);
  void reply.header('openstack-api-version', `compute ${v}`).header('x-openstack-nova-api-version', v).header('vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
  return mv.version;
}

/**
 * One page of a Nova list: at most `limit` items (never more than max_limit) after the `marker`'s
 * item; like Nova, a full page always carries a next link, even when nothing follows. The link
 * keeps the request's other query parameters.
 */
export function novaPage<T>(ctx: SimContext, request: FastifyRequest<{ Params: { nodeId: string }; Querystring: Record<string, string | undefined> }>, all: readonly T[], idOf: (item: T) => string, path: string): { items: T[]; next: string | null } | { error: string } {
  const { limit: rawLimit, marker, ...rest } = request.query;
  let limit = MAX_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit)) return { error: `Invalid input for query parameters limit. Value: ${rawLimit}. '${rawLimit}' does not match '^[0-9]*$'` };
    limit = Math.min(MAX_LIMIT, Number(rawLimit));
  }
  let start = 0;
  if (marker !== undefined) {
    const idx = all.findIndex((x) => idOf(x) === marker);
    if (idx < 0) return { error: `marker [${marker}] not found` };
    start = idx + 1;
  }
  const items = all.slice(start, start + limit);
  const last = items.at(-1);
  const query = new URLSearchParams({ ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Record<string, string>), limit: String(limit) });
  if (last) query.set('marker', idOf(last));
  const next = last && items.length === limit ? `${ctx.baseUrl(request)}/${request.params.nodeId}/compute/v2.1/${path}?${query}` : null;
  return { items, next };
}

export function novaRoutes(app: FastifyInstance, ctx: SimContext): void {
  const node = (id: string) => ctx.province.nodes.find((n) => n.id === id)!;
  // Ordered as Nova lists them: by id (integers before 2.53, UUIDs sort as strings after).
  const sorted = (hosts: SimHypervisor[], v: Microversion) =>
    atLeast(v, 53) ? [...hosts].sort((a, b) => (a.uuid < b.uuid ? -1 : 1)) : hosts;

  for (const detail of [false, true]) {
    const path = detail ? 'os-hypervisors/detail' : 'os-hypervisors';
    app.get(`/:nodeId/compute/v2.1/${path}`, async (request: Req, reply) => {
      const v = negotiate(ctx, request, reply);
      if (!v) return reply;
      const hosts = sorted(ctx.hypervisors(request.params.nodeId), v);
      // Hypervisors are paged from 2.33 on; ids are UUIDs from 2.53.
      const p = atLeast(v, 33) ? novaPage(ctx, request, hosts, (h) => String(atLeast(v, 53) ? h.uuid : h.id), path) : { items: hosts, next: null };
      if ('error' in p) return reply.code(400).send(novaError(400, p.error));
      const body: Record<string, unknown> = { hypervisors: p.items.map((h) => renderHypervisor(ctx.province.seed, node(request.params.nodeId), h, v, detail)) };
      if (p.next) body.hypervisors_links = [{ href: p.next, rel: 'next' }];
      return body;
    });
  }

  app.get('/:nodeId/compute/v2.1/os-hypervisors/statistics', async (request: Req, reply) => {
    const v = negotiate(ctx, request, reply);
    if (!v) return reply;
    if (atLeast(v, 88)) return reply.code(404).send(novaError(404, 'The resource could not be found.'));
    return renderStatistics(ctx.hypervisors(request.params.nodeId));
  });

  app.get('/:nodeId/compute/v2.1/os-availability-zone/detail', async (request: Req, reply) => {
    const v = negotiate(ctx, request, reply);
    if (!v) return reply;
    const updatedAt = new Date(ctx.now()).toISOString().replace('Z', '000');
    const service = { available: true, active: true, updated_at: updatedAt };
    const zones = new Map<string, Record<string, unknown>>();
    for (const h of ctx.hypervisors(request.params.nodeId)) {
      const hosts = zones.get(h.dc) ?? {};
      hosts[h.serviceHost] = { 'nova-compute': service };
      zones.set(h.dc, hosts);
    }
    return {
      availabilityZoneInfo: [
        // Control-plane services sit in Nova's "internal" zone, which holds no capacity.
        { zoneName: 'internal', zoneState: { available: true }, hosts: { [`${request.params.nodeId}-ctl-01`]: { 'nova-scheduler': service, 'nova-conductor': service } } },
        ...[...zones].map(([zoneName, hosts]) => ({ zoneName, zoneState: { available: true }, hosts })),
      ],
    };
  });
}
