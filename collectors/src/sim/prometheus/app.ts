/**
 * A simulated Prometheus for every Prometheus node of the simulated province, at
 * /{nodeId}/prometheus/federate (HTTP basic auth, as behind the operators' reverse proxy). It
 * federates what openstack-exporter and the libvirt recording rules would give (see
 * prometheus/mapping.ts), formatted as Go's client prints floats (`1.2000000476837158`, `3`,
 * `2.03948032e+09`), with HELP and TYPE lines, honouring `match[]={__name__="…"}` selectors. It
 * also scrapes openstack-exporter's identity service and slow per-project metrics, so the node's
 * projects tagged gcc-system=<code> and what they use are there (the inventory, mapping.ts).
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { BUSY_SERIES } from '../../openstack/busy-series.ts';
import { INVENTORY_FAMILIES, PLACEMENT_FAMILIES, ZONE_FAMILY } from '../../prometheus/mapping.ts';
import { escapeLabelValue } from '../../core/sample.ts';
import { CmpFaultTable, installFaults, simulatedCapacity, type CmpFault } from '../cmp-faults.ts';
import { splitDataCentre, type SimHypervisor } from '../openstack/hypervisors.ts';
import { SIM_ELASTIC_PROJECT, type SimCredentials } from '../openstack/context.ts';
import { nodeTenants, type SimTenants } from '../openstack/tenants.ts';
import type { SimulatedProvince } from '../province.ts';

export interface SimulatedPrometheusOptions {
  province: SimulatedProvince;
  nodeIds?: readonly string[];
  now?: () => number;
  credentials: SimCredentials;
  faults?: Readonly<Record<string, CmpFault>>;
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    prometheusFaults: CmpFaultTable;
  }
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), which client_golang uses: exponent form from 1e21 down to 1e6 and below 1e-4. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

interface Line {
  labels: Record<string, string>;
  value: number;
}

function family(name: string, help: string, type: string, lines: Line[]): string {
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const l of lines) {
    const labels = Object.entries(l.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
    out.push(`${name}{${labels}} ${goFloat(l.value)}`);
  }
  return out.join('\n');
}

export function renderFederation(hosts: readonly SimHypervisor[], invalid: boolean): string {
  const per = (rc: 'VCPU' | 'MEMORY_MB' | 'DISK_GB', h: SimHypervisor) => {
    if (rc === 'VCPU') return { total: h.vcpus, reserved: 0, ratio: h.ratios.vcpu, usage: h.usage.VCPU };
    if (rc === 'MEMORY_MB') return { total: h.memoryMb, reserved: h.reservedMemoryMb, ratio: h.ratios.memory, usage: h.usage.MEMORY_MB };
    return { total: h.localGb, reserved: 0, ratio: h.ratios.disk, usage: h.usage.DISK_GB };
  };
  const placement = (field: 'total' | 'reserved' | 'ratio' | 'usage') =>
    hosts.flatMap((h, i) =>
      (['DISK_GB', 'MEMORY_MB', 'VCPU'] as const)
        // The `invalid` fault drops one host's VCPU allocation ratio.
        .filter((rc) => !(invalid && field === 'ratio' && i === 0 && rc === 'VCPU'))
        .map((rc) => ({ labels: { hostname: h.hostname, resourcetype: rc }, value: per(rc, h)[field] })),
    );
  const busy = (f: (h: SimHypervisor) => number) => hosts.map((h) => ({ labels: { hypervisor_hostname: h.hostname, instance: `${h.serviceHost}:9177`, job: 'libvirt' }, value: f(h) }));
  return [
    family(PLACEMENT_FAMILIES.ratio, 'resource_allocation_ratio', 'gauge', placement('ratio')),
    family(PLACEMENT_FAMILIES.reserved, 'resource_reserved', 'gauge', placement('reserved')),
    family(PLACEMENT_FAMILIES.total, 'resource_total', 'gauge', placement('total')),
    family(PLACEMENT_FAMILIES.usage, 'resource_usage', 'gauge', placement('usage')),
    family(ZONE_FAMILY, 'vcpus_available', 'gauge', hosts.map((h) => ({ labels: { aggregates: '', availability_zone: h.dc, hostname: h.hostname }, value: h.vcpus }))),
    family(BUSY_SERIES.vcpu, 'Busy vCPUs of the guests (recording rule over libvirt_domain_info_cpu_time_seconds_total)', 'untyped', busy((h) => h.busy.vcpus)),
    family(BUSY_SERIES.memory, 'Guest memory in use, bytes (recording rule)', 'untyped', busy((h) => h.busy.memoryBytes)),
    family(BUSY_SERIES.storage, 'Bytes written on guest disks (recording rule)', 'untyped', busy((h) => h.busy.diskBytes)),
  ].join('\n') + '\n';
}

/** openstack-exporter's project_info and per-project usage (nova limits, MiB; cinder, GiB), labels sorted as client_golang prints them. */
export function renderTenantFamilies({ projects, servers }: SimTenants): string {
  const used = new Map<string, { vcpus: number; ram: number; disk: number }>();
  for (const s of servers) {
    const u = used.get(s.projectId) ?? { vcpus: 0, ram: 0, disk: 0 };
    u.vcpus += s.flavor.vcpus;
    u.ram += s.flavor.ram;
    u.disk += s.flavor.disk;
    used.set(s.projectId, u);
  }
  const perTenant = (f: (u: { vcpus: number; ram: number; disk: number }) => number) => projects.map((p) => ({ labels: { tenant: p.name, tenant_id: p.id }, value: f(used.get(p.id) ?? { vcpus: 0, ram: 0, disk: 0 }) }));
  const info = projects.map((p) => ({
    labels: { description: p.description, domain_id: 'default', enabled: 'true', id: p.id, is_domain: 'false', name: p.name, parent_id: 'default', tags: p.tags.join(',') },
    value: 1,
  }));
  return [
    family(INVENTORY_FAMILIES.projectInfo, 'project_info', 'gauge', info),
    family(INVENTORY_FAMILIES.vcpus, 'limits_vcpus_used', 'gauge', perTenant((u) => u.vcpus)),
    family(INVENTORY_FAMILIES.memory, 'limits_memory_used', 'gauge', perTenant((u) => u.ram)),
    family(INVENTORY_FAMILIES.volumes, 'limits_volume_used_gb', 'gauge', perTenant((u) => u.disk)),
  ].join('\n') + '\n';
}

/** Keeps the families a `match[]={__name__="x"}` list asks for; no selectors = everything. */
function select(text: string, selectors: string[]): string {
  if (!selectors.length) return text;
  const names = new Set(selectors.map((s) => /__name__\s*=\s*"([^"]+)"/.exec(s)?.[1] ?? /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(s)?.[1]).filter(Boolean));
  return text
    .split('\n')
    .filter((l) => {
      const name = l.startsWith('#') ? l.split(' ')[2] : /^[^{\s]+/.exec(l)?.[0];
      return l === '' || (name !== undefined && names.has(name));
    })
    .join('\n');
}

export function buildSimulatedPrometheus(options: SimulatedPrometheusOptions): FastifyInstance {
  const province = options.province;
  const known = new Set(province.nodes.map((n) => n.id));
  const nodeIds = new Set(options.nodeIds ?? known);
  for (const id of nodeIds) if (!known.has(id)) throw new Error(`buildSimulatedPrometheus: unknown node id ${id}`);
  if (!options.credentials?.username || !options.credentials.password) throw new Error('buildSimulatedPrometheus: credentials.username and credentials.password are required');
  const now = () => Math.floor((options.now ?? Date.now)() / 1000) * 1000;
  const faults = new CmpFaultTable(options.faults);
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.decorate('prometheusFaults', faults);
  installFaults(app, faults, { errorBody: (s) => `simulated failure (${s})\n`, malformedBody: 'openstack_placement_resource_total{hostname="h1",resourcetype="VCPU" 96\n', malformedType: 'text/plain; version=0.0.4' });

  app.get('/:nodeId/prometheus/federate', async (request: FastifyRequest<{ Params: { nodeId: string }; Querystring: Record<string, string | string[]> }>, reply) => {
    const { nodeId } = request.params;
    if (!nodeIds.has(nodeId)) return reply.code(404).type('text/plain').send(`no simulated Prometheus for node "${nodeId}"\n`);
    const auth = request.headers.authorization ?? '';
    const [user, ...pw] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [];
    if (user !== options.credentials.username || pw.join(':') !== options.credentials.password) {
      return reply.code(401).header('www-authenticate', 'Basic realm="prometheus"').type('text/plain').send('Unauthorized\n');
    }
    const node = province.nodes.find((n) => n.id === nodeId)!;
    const t = now();
    const hosts = node.dataCentres.flatMap((dc) => splitDataCentre(province.seed, nodeId, dc, simulatedCapacity(province, faults, nodeId, dc, t), province.scale?.hostFactor));
    const raw = request.query['match[]'];
    const selectors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const tenants = !selectors.length || selectors.some((m) => Object.values(INVENTORY_FAMILIES).some((n) => m.includes(n)));
    const text = renderFederation(hosts, faults.invalid(nodeId)) + (tenants ? renderTenantFamilies(nodeTenants(province, nodeId, t, SIM_ELASTIC_PROJECT)) : '');
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(select(text, selectors));
  });
  return app;
}
