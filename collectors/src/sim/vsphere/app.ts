/**
 * A simulated vCenter 8 for every vSphere node of the simulated province, under /{nodeId}/vsphere:
 * the vSphere Automation REST API (/api/session, /api/vcenter/{datacenter,host,vm,datastore},
 * /api/cis/tagging/...) and the VI/JSON API (/sdk/vim25/8.0.1.0/{HostSystem,Datastore,VirtualMachine}/{moId}/{property}).
 * Error bodies, the 4000-VM list limit and session handling follow vCenter's; model.ts splits
 * capacityAt(t) into hosts, VMs and datastores.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SimCredentials } from '../openstack/context.ts';
import { CmpFaultTable, installFaults, type CmpFault } from '../cmp-faults.ts';
import type { SimulatedProvince } from '../province.ts';
import { buildVcenter, type SimVcenter } from './model.ts';
import { datastoreSummary, hostSummary, vmConfig } from './render.ts';

export interface SimulatedVsphereOptions {
  province: SimulatedProvince;
  nodeIds?: readonly string[];
  now?: () => number;
  credentials: SimCredentials;
  faults?: Readonly<Record<string, CmpFault>>;
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Fault and growth controls of the simulated vCenters. */
    vsphereFaults: CmpFaultTable;
    /** End every session, as an idle timeout or a vCenter restart does. */
    vsphereExpireSessions(): void;
  }
}

/** /api/vcenter/vm answers at most this many VMs; more is an error, not a page. */
export const VCENTER_VM_LIST_LIMIT = 4000;

export function vapiError(type: string, message: string, id = `com.vmware.vapi.std.errors.${type.toLowerCase()}`) {
  return { error_type: type, messages: [{ args: [], default_message: message, id }] };
}

const ERROR_TYPES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 500: 'ERROR', 503: 'SERVICE_UNAVAILABLE' };

type Req = FastifyRequest<{ Params: { nodeId: string; id?: string; moId?: string; prop?: string }; Querystring: Record<string, string | string[] | undefined> }>;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function buildSimulatedVsphere(options: SimulatedVsphereOptions): FastifyInstance {
  const province = options.province;
  const known = new Set(province.nodes.map((n) => n.id));
  const nodeIds = new Set(options.nodeIds ?? known);
  for (const id of nodeIds) if (!known.has(id)) throw new Error(`buildSimulatedVsphere: unknown node id ${id}`);
  if (!options.credentials?.username || !options.credentials.password) throw new Error('buildSimulatedVsphere: credentials.username and credentials.password are required');
  const now = () => Math.floor((options.now ?? Date.now)() / 1000) * 1000;
  const faults = new CmpFaultTable(options.faults);
  const sessions = new Map<string, string>();
  const cache = new Map<string, { key: string; vc: SimVcenter }>();
  const vcenter = (nodeId: string): SimVcenter => {
    const key = `${now()} ${faults.growth(nodeId)}`;
    const hit = cache.get(nodeId);
    if (hit?.key === key) return hit.vc;
    const vc = buildVcenter(province, faults, nodeId, now());
    cache.set(nodeId, { key, vc });
    return vc;
  };

  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.decorate('vsphereFaults', faults);
  app.decorate('vsphereExpireSessions', () => sessions.clear());
  installFaults(app, faults, {
    errorBody: (status) => vapiError(ERROR_TYPES[status] ?? 'ERROR', 'simulated failure'),
    malformedBody: '{"value": [{"host": "host-10", "name": ',
    malformedType: 'application/json',
  });
  app.addHook('onRequest', async (request, reply) => {
    const nodeId = request.url.split('/')[1];
    if (nodeId && !nodeIds.has(nodeId)) return reply.code(404).send(vapiError('NOT_FOUND', `no simulated vCenter for node "${nodeId}"`));
  });

  const authorized = (request: Req, reply: FastifyReply): boolean => {
    const id = request.headers['vmware-api-session-id'];
    if (typeof id === 'string' && sessions.get(id) === request.params.nodeId) return true;
    void reply.code(401).send(vapiError('UNAUTHENTICATED', 'This method requires authentication.', 'vapi.method.authentication.required'));
    return false;
  };
  const P = '/:nodeId/vsphere';

  app.post(`${P}/api/session`, async (request: Req, reply) => {
    const auth = request.headers.authorization ?? '';
    const [user, ...rest] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [];
    if (user !== options.credentials.username || rest.join(':') !== options.credentials.password) {
      return reply.code(401).send(vapiError('UNAUTHENTICATED', 'Authentication required.', 'com.vmware.vapi.endpoint.method.authentication.required'));
    }
    const id = randomBytes(16).toString('hex');
    sessions.set(id, request.params.nodeId);
    return reply.code(201).send(JSON.stringify(id));
  });
  app.delete(`${P}/api/session`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    sessions.delete(String(request.headers['vmware-api-session-id']));
    return reply.code(204).send();
  });

  app.get(`${P}/api/vcenter/datacenter`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    return vcenter(request.params.nodeId).datacenters.map((d) => ({ datacenter: d.moId, name: d.name }));
  });
  const dcNames = (vc: SimVcenter, q: Req['query']) => {
    const ids = list(q.datacenters);
    return ids.length ? new Set(vc.datacenters.filter((d) => ids.includes(d.moId)).map((d) => d.name)) : null;
  };
  app.get(`${P}/api/vcenter/host`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    const vc = vcenter(request.params.nodeId);
    const dcs = dcNames(vc, request.query);
    return vc.hosts.filter((h) => !dcs || dcs.has(h.dc)).map((h) => ({ host: h.moId, name: h.name, connection_state: 'CONNECTED', power_state: 'POWERED_ON' }));
  });
  app.get(`${P}/api/vcenter/vm`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    const vc = vcenter(request.params.nodeId);
    const hosts = new Set(list(request.query.hosts));
    const ids = new Set(list(request.query.vms));
    const dcs = dcNames(vc, request.query);
    const dcOfHost = new Map(vc.hosts.map((h) => [h.moId, h.dc]));
    const vms = vc.vms.filter((v) => (!hosts.size || hosts.has(v.hostMoId)) && (!ids.size || ids.has(v.moId)) && (!dcs || dcs.has(dcOfHost.get(v.hostMoId)!)));
    if (vms.length > VCENTER_VM_LIST_LIMIT) {
      return reply.code(400).send(vapiError('UNABLE_TO_ALLOCATE_RESOURCE', 'Too many virtual machines. Add more filter criteria to reduce the number.', 'com.vmware.api.vcenter.vm.max_limit_exceeded'));
    }
    return vms.map((v) => ({ vm: v.moId, name: v.name, power_state: 'POWERED_ON', cpu_count: v.cpuCount, memory_size_MiB: v.memoryMiB }));
  });
  app.get(`${P}/api/vcenter/datastore`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    const vc = vcenter(request.params.nodeId);
    const dcs = dcNames(vc, request.query);
    return vc.datastores.filter((d) => !dcs || dcs.has(d.dc)).map((d) => ({ datastore: d.moId, name: d.name, type: 'VSAN', free_space: d.freeSpace, capacity: d.capacity }));
  });

  const vim = (type: string, prop: string, render: (vc: SimVcenter, moId: string, nodeId: string) => unknown) =>
    app.get(`${P}/sdk/vim25/:release/${type}/:moId/${prop}`, async (request: Req, reply) => {
      if (!authorized(request, reply)) return reply;
      const body = render(vcenter(request.params.nodeId), request.params.moId!, request.params.nodeId);
      if (body === undefined) {
        return reply.code(500).send({ _typeName: 'ManagedObjectNotFound', faultCause: null, faultMessage: [], obj: { _typeName: 'ManagedObjectReference', type, value: request.params.moId } });
      }
      return body;
    });
  vim('HostSystem', 'summary', (vc, moId, nodeId) => {
    const h = vc.hosts.find((x) => x.moId === moId);
    return h && hostSummary(h, faults.invalid(nodeId));
  });
  vim('Datastore', 'summary', (vc, moId) => {
    const d = vc.datastores.find((x) => x.moId === moId);
    return d && datastoreSummary(d);
  });
  vim('VirtualMachine', 'config', (vc, moId) => {
    const v = vc.vms.find((x) => x.moId === moId);
    return v && vmConfig(v);
  });

  // Tagging: one category, `gcc-system`, one tag per business system running here.
  app.get(`${P}/api/cis/tagging/category`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    return [vcenter(request.params.nodeId).category.id];
  });
  app.get(`${P}/api/cis/tagging/category/:id`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    const c = vcenter(request.params.nodeId).category;
    if (request.params.id !== c.id) return reply.code(404).send(vapiError('NOT_FOUND', `Category ${request.params.id} not found.`));
    return { id: c.id, name: c.name, description: '业务系统编码 (business system code)', cardinality: 'SINGLE', associable_types: ['VirtualMachine'], used_by: [] };
  });
  app.post(`${P}/api/cis/tagging/tag`, async (request: FastifyRequest<{ Params: { nodeId: string }; Querystring: { action?: string }; Body: { category_id?: string } }>, reply) => {
    if (!authorized(request as unknown as Req, reply)) return reply;
    const vc = vcenter(request.params.nodeId);
    if (request.query.action !== 'list-tags-for-category') return reply.code(400).send(vapiError('INVALID_ARGUMENT', 'unsupported action'));
    return request.body?.category_id === vc.category.id ? [...vc.tags.keys()] : [];
  });
  app.get(`${P}/api/cis/tagging/tag/:id`, async (request: Req, reply) => {
    if (!authorized(request, reply)) return reply;
    const vc = vcenter(request.params.nodeId);
    const name = vc.tags.get(request.params.id!);
    if (name === undefined) return reply.code(404).send(vapiError('NOT_FOUND', `Tag ${request.params.id} not found.`));
    return { id: request.params.id, name, category_id: vc.category.id, description: '', used_by: [] };
  });
  app.post(`${P}/api/cis/tagging/tag-association`, async (request: FastifyRequest<{ Params: { nodeId: string }; Querystring: { action?: string }; Body: { tag_ids?: string[] } }>, reply) => {
    if (!authorized(request as unknown as Req, reply)) return reply;
    if (request.query.action !== 'list-attached-objects-on-tags') return reply.code(400).send(vapiError('INVALID_ARGUMENT', 'unsupported action'));
    const vc = vcenter(request.params.nodeId);
    const wanted = new Set(request.body?.tag_ids ?? []);
    const byTag = new Map<string, { type: string; id: string }[]>();
    for (const v of vc.vms) {
      if (!v.tagId || !wanted.has(v.tagId)) continue;
      const objects = byTag.get(v.tagId) ?? [];
      objects.push({ type: 'VirtualMachine', id: v.moId });
      byTag.set(v.tagId, objects);
    }
    return [...wanted].filter((id) => vc.tags.has(id)).map((id) => ({ tag_id: id, object_ids: byTag.get(id) ?? [] }));
  });
  return app;
}
