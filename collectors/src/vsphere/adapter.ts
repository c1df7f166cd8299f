/**
 * The vSphere adapter: a vCenter session, then per Datacenter its hosts (REST list + VI/JSON
 * summary for hardware and quick stats), the VMs on each host (REST list, filtered by host because
 * /api/vcenter/vm refuses to list more than 4000 VMs) and its datastores (REST list + VI/JSON
 * summary for `uncommitted`). normalize.ts does the arithmetic; inventory reads the `gcc-system` tags.
 */
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { httpOptionsFor, mapLimit } from '../core/http.ts';
import type { InventorySnapshot, InventorySource } from '../inventory/inventory.ts';
import { VcenterClient, VIM_RELEASE } from './client.ts';
import { collectVsphereInventory, type VmDiskCache } from './inventory.ts';
import { DEFAULT_VSPHERE_VCPU_OVERCOMMIT, normalizeVsphere, type VsphereDataCentreReading } from './normalize.ts';
import { datacentersSchema, datastoreSummarySchema, datastoresSchema, hostSummarySchema, hostsSchema, vmsSchema, type VcVm } from './schemas.ts';

const CONCURRENCY = 16;

export interface VsphereAdapterOptions {
  /** vCPU per physical core when the node's config sets none. */
  vcpuOvercommit?: number;
}

export class VsphereAdapter implements CmpAdapter, InventorySource {
  readonly kind = 'vsphere' as const;
  readonly #clients = new Map<string, VcenterClient>();
  /** VMs seen by the last pull of each node, for the inventory that follows it. */
  readonly #lastVms = new Map<string, { atMs: number; vms: VcVm[] }>();
  readonly #disks: VmDiskCache = new Map();
  readonly #defaultOvercommit: number;

  constructor(options: VsphereAdapterOptions = {}) {
    this.#defaultOvercommit = options.vcpuOvercommit ?? DEFAULT_VSPHERE_VCPU_OVERCOMMIT;
  }

  #client(node: CollectorNode, ctx: CollectContext): VcenterClient {
    const base = node.endpoint.replace(/\/+$/, '');
    const key = `${node.id} ${base} ${ctx.credentials.username}`;
    let c = this.#clients.get(key);
    if (!c) this.#clients.set(key, (c = new VcenterClient(base, node.id, ctx.credentials)));
    return c;
  }

  async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
    const takenAtMs = ctx.now();
    const http = httpOptionsFor(node, ctx);
    const vc = this.#client(node, ctx);
    const datacenters = await vc.json('/api/vcenter/datacenter', datacentersSchema, http);
    const readings: Record<string, VsphereDataCentreReading> = {};
    const allVms: VcVm[] = [];
    for (const dc of datacenters) {
      const q = `datacenters=${encodeURIComponent(dc.datacenter)}`;
      const [hosts, stores] = await Promise.all([vc.json(`/api/vcenter/host?${q}`, hostsSchema, http), vc.json(`/api/vcenter/datastore?${q}`, datastoresSchema, http)]);
      const connected = hosts.filter((h) => h.connection_state === 'CONNECTED');
      const perHost = await mapLimit(connected, CONCURRENCY, async (h) => {
        const [summary, vms] = await Promise.all([
          vc.json(`/sdk/vim25/${VIM_RELEASE}/HostSystem/${encodeURIComponent(h.host)}/summary`, hostSummarySchema, http),
          vc.json(`/api/vcenter/vm?hosts=${encodeURIComponent(h.host)}`, vmsSchema, http),
        ]);
        return { summary, vms };
      });
      const datastores = await mapLimit(stores, CONCURRENCY, (s) => vc.json(`/sdk/vim25/${VIM_RELEASE}/Datastore/${encodeURIComponent(s.datastore)}/summary`, datastoreSummarySchema, http));
      const vms = perHost.flatMap((p) => p.vms);
      allVms.push(...vms);
      readings[dc.name] = { hosts: perHost.map((p) => p.summary), vms, datastores };
    }
    this.#lastVms.set(node.id, { atMs: takenAtMs, vms: allVms });
    const unknown = node.dataCentres?.length ? Object.keys(readings).filter((dc) => !node.dataCentres!.includes(dc)) : [];
    if (unknown.length) ctx.logger.warn({ node: node.id, datacenters: unknown }, 'vCenter datacenters the registry does not know; written under their own names');
    return { nodeId: node.id, takenAtMs, dataCentres: normalizeVsphere(readings, node.vcpuOvercommit ?? this.#defaultOvercommit) };
  }

  async collectInventory(node: CollectorNode, ctx: CollectContext): Promise<InventorySnapshot> {
    const http = httpOptionsFor(node, ctx);
    const last = this.#lastVms.get(node.id);
    const takenAtMs = ctx.now();
    const vms = last?.vms ?? (await this.collect(node, ctx), this.#lastVms.get(node.id)!.vms);
    return collectVsphereInventory(this.#client(node, ctx), node.id, vms, this.#disks, takenAtMs, http);
  }
}
