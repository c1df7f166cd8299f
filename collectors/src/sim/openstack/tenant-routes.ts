/**
 * Keystone GET /v3/projects (with tags, and the tags / tags-any / not-tags / not-tags-any / name
 * filters) and Nova GET /servers/detail (all_tenants, project_id, paging; the flavor embedded from
 * 2.47) and GET /flavors/detail (is_public; the simulated systems' flavors are private), over the
 * tenants of tenants.ts. Shapes follow Keystone's and Nova's api-ref samples.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { keystoneError, novaError } from './error-bodies.ts';
import { SIM_ELASTIC_PROJECT, type SimContext } from './context.ts';
import { simUuid } from './ids.ts';
import { atLeast, type Microversion } from './microversion.ts';
import { negotiate, novaPage } from './nova-routes.ts';
import { flavorId, flavorName, nodeTenants, type SimFlavor, type SimServer, type SimTenants } from './tenants.ts';

type Req = FastifyRequest<{ Params: { nodeId: string }; Querystring: Record<string, string | undefined> }>;

/** Keystone's tag filters: comma-separated, whole tags; `tags` all of them, `tags-any` one of them. */
function tagFilter(q: Record<string, string | undefined>): (tags: readonly string[]) => boolean {
  const list = (k: string) => (q[k] === undefined ? null : q[k]!.split(','));
  const all = list('tags');
  const any = list('tags-any');
  const notAll = list('not-tags');
  const notAny = list('not-tags-any');
  return (tags) =>
    (!all || all.every((t) => tags.includes(t))) &&
    (!any || any.some((t) => tags.includes(t))) &&
    (!notAll || !notAll.every((t) => tags.includes(t))) &&
    (!notAny || !notAny.some((t) => tags.includes(t)));
}

export function tenantRoutes(app: FastifyInstance, ctx: SimContext): void {
  // One pull asks several pages of the same instant: keep the last tenants per node.
  const cache = new Map<string, { at: number; tenants: SimTenants }>();
  const tenants = (nodeId: string): SimTenants => {
    const at = ctx.now();
    const hit = cache.get(nodeId);
    if (hit?.at === at) return hit.tenants;
    const fresh = nodeTenants(ctx.province, nodeId, at, SIM_ELASTIC_PROJECT);
    cache.set(nodeId, { at, tenants: fresh });
    return fresh;
  };

  app.get('/:nodeId/identity/v3/projects', async (request: Req, reply) => {
    const { nodeId } = request.params;
    if (!ctx.authorized(request, nodeId)) return reply.code(401).send(keystoneError(401, 'The request you have made requires authentication.'));
    const base = `${ctx.baseUrl(request)}/${nodeId}/identity/v3/projects`;
    const tagged = tagFilter(request.query);
    const projects = tenants(nodeId)
      .projects.filter((p) => (request.query.name === undefined || p.name === request.query.name) && tagged(p.tags))
      .map((p) => ({ is_domain: false, description: p.description, domain_id: 'default', enabled: true, id: p.id, links: { self: `${base}/${p.id}` }, name: p.name, parent_id: 'default', tags: p.tags, options: {} }));
    return { links: { next: null, previous: null, self: base }, projects };
  });

  const renderFlavor = (request: Req, f: SimFlavor, v: Microversion) => {
    if (atLeast(v, 47)) return { disk: f.disk, ephemeral: 0, extra_specs: {}, original_name: flavorName(f), ram: f.ram, swap: 0, vcpus: f.vcpus };
    const id = flavorId(ctx.province.seed, f);
    return { id, links: [{ href: `${ctx.baseUrl(request)}/${request.params.nodeId}/compute/flavors/${id}`, rel: 'bookmark' }] };
  };

  const renderServer = (request: Req, s: SimServer, v: Microversion) => {
    const compute = `${ctx.baseUrl(request)}/${request.params.nodeId}/compute/v2.1`;
    const active = s.status === 'ACTIVE';
    return {
      'OS-DCF:diskConfig': 'AUTO',
      'OS-EXT-AZ:availability_zone': s.dc,
      'OS-EXT-STS:power_state': active ? 1 : 4,
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:vm_state': active ? 'active' : 'stopped',
      'OS-SRV-USG:launched_at': s.created.replace('Z', '.000000'),
      'OS-SRV-USG:terminated_at': null,
      accessIPv4: '',
      accessIPv6: '',
      addresses: {},
      config_drive: '',
      created: s.created,
      flavor: renderFlavor(request, s.flavor, v),
      hostId: createHash('sha224').update(`${s.projectId}${s.dc}`).digest('hex'),
      id: s.id,
      // Booted from a volume: no image.
      image: '',
      key_name: null,
      links: [
        { href: `${compute}/servers/${s.id}`, rel: 'self' },
        { href: `${ctx.baseUrl(request)}/${request.params.nodeId}/compute/servers/${s.id}`, rel: 'bookmark' },
      ],
      metadata: {},
      name: s.name,
      'os-extended-volumes:volumes_attached': [],
      progress: 0,
      security_groups: [{ name: 'default' }],
      status: s.status,
      tenant_id: s.projectId,
      updated: s.created,
      user_id: simUuid(ctx.province.seed, 'user', request.params.nodeId, 'provisioning').replace(/-/g, ''),
      ...(atLeast(v, 9) ? { locked: false } : {}),
      ...(atLeast(v, 19) ? { description: null } : {}),
      ...(atLeast(v, 26) ? { tags: [] } : {}),
    };
  };

  app.get('/:nodeId/compute/v2.1/servers/detail', async (request: Req, reply) => {
    const v = negotiate(ctx, request, reply);
    if (!v) return reply;
    const { nodeId } = request.params;
    const t = tenants(nodeId);
    const q = request.query;
    // Without all_tenants an admin sees its own project's servers only (the collector's: none).
    const allTenants = q.all_tenants !== undefined && !['0', 'false', 'False'].includes(q.all_tenants);
    const project = q.project_id ?? q.tenant_id ?? (allTenants ? undefined : t.projects[0]!.id);
    const servers = project === undefined ? t.servers : t.servers.filter((s) => s.projectId === project);
    const p = novaPage(ctx, request, servers, (s) => s.id, 'servers/detail');
    if ('error' in p) return reply.code(400).send(novaError(400, p.error));
    const body: Record<string, unknown> = { servers: p.items.map((s) => renderServer(request, s, v)) };
    if (p.next) body.servers_links = [{ href: p.next, rel: 'next' }];
    return body;
  });

  app.get('/:nodeId/compute/v2.1/flavors/detail', async (request: Req, reply) => {
    const v = negotiate(ctx, request, reply);
    if (!v) return reply;
    const t = tenants(request.params.nodeId);
    // The operators' flavor is public; the systems' flavors were made for them, private.
    const ops = t.projects.find((p) => p.name === 'ops')!.id;
    const byId = new Map<string, { f: SimFlavor; isPublic: boolean }>();
    for (const s of t.servers) {
      const id = flavorId(ctx.province.seed, s.flavor);
      byId.set(id, { f: s.flavor, isPublic: (byId.get(id)?.isPublic ?? false) || s.projectId === ops });
    }
    const wanted = request.query.is_public;
    const list = [...byId.entries()]
      .filter(([, x]) => (wanted === undefined || wanted === 'true' ? x.isPublic : wanted === 'false' ? !x.isPublic : true))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const p = novaPage(ctx, request, list, ([id]) => id, 'flavors/detail');
    if ('error' in p) return reply.code(400).send(novaError(400, p.error));
    const flavors = p.items.map(([id, { f, isPublic }]) => ({
      'OS-FLV-DISABLED:disabled': false,
      disk: f.disk,
      'OS-FLV-EXT-DATA:ephemeral': 0,
      id,
      links: [{ href: `${ctx.baseUrl(request)}/${request.params.nodeId}/compute/v2.1/flavors/${id}`, rel: 'self' }],
      name: flavorName(f),
      'os-flavor-access:is_public': isPublic,
      ram: f.ram,
      rxtx_factor: 1.0,
      // An empty string for no swap before 2.75, as Nova answers.
      swap: atLeast(v, 75) ? 0 : '',
      vcpus: f.vcpus,
      ...(atLeast(v, 55) ? { description: null } : {}),
    }));
    const body: Record<string, unknown> = { flavors };
    if (p.next) body.flavors_links = [{ href: p.next, rel: 'next' }];
    return body;
  });
}
