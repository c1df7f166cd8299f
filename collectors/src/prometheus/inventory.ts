/** Prometheus exposition (mapping.ts INVENTORY_FAMILIES) → the node's business-system inventory. Pure. */
import { mergeInventory, systemCodeFromTags, type InventoryItem } from '../inventory/inventory.ts';
import { INVENTORY_FAMILIES } from './mapping.ts';
import type { MetricFamily } from './text-format.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export interface PrometheusInventory {
  systems: InventoryItem[];
  /** Why there is none, when the exposition lacks the families an inventory needs. */
  missing: string | null;
}

export function prometheusInventory(families: ReadonlyMap<string, MetricFamily>): PrometheusInventory {
  const info = families.get(INVENTORY_FAMILIES.projectInfo)?.samples ?? [];
  if (!info.length) return { systems: [], missing: `no ${INVENTORY_FAMILIES.projectInfo} series (openstack-exporter's identity service is not scraped)` };
  const vcpus = families.get(INVENTORY_FAMILIES.vcpus)?.samples ?? [];
  if (!vcpus.length) return { systems: [], missing: `no ${INVENTORY_FAMILIES.vcpus} series (openstack-exporter runs with --disable-slow-metrics)` };
  const perTenant = (name: string) => {
    const out = new Map<string, number>();
    for (const s of families.get(name)?.samples ?? []) if (s.labels.tenant_id && Number.isFinite(s.value)) out.set(s.labels.tenant_id, s.value);
    return out;
  };
  const cpu = perTenant(INVENTORY_FAMILIES.vcpus);
  const memory = perTenant(INVENTORY_FAMILIES.memory);
  const volumes = perTenant(INVENTORY_FAMILIES.volumes);
  const items: InventoryItem[] = [];
  for (const s of info) {
    const id = s.labels.id;
    const code = systemCodeFromTags(s.labels.tags ? s.labels.tags.split(',') : []);
    const v = id ? (cpu.get(id) ?? 0) : 0;
    if (!id || code === null || !(v > 0)) continue;
    items.push({ systemCode: code, projectId: id, vcpu: v, memoryBytes: Math.max(0, memory.get(id) ?? 0) * MiB, storageBytes: Math.max(0, volumes.get(id) ?? 0) * GiB });
  }
  return { systems: mergeInventory(items), missing: null };
}
