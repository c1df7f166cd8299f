/**
 * Business-system inventory: which registered business systems run on a node, read from the CMP's
 * own grouping of workloads (OpenStack projects tagged `gcc-system=<code>`, vSphere VMs tagged in the
 * `gcc-system` category, the docking API's `systems` resource), with what they hold. The server joins
 * it with the registry (server/src/modules/inventory/), so migration rates follow what really runs.
 */
import type { CmpAdapter, CollectContext, CollectorNode } from '../core/cmp-adapter.ts';

/** The tag (OpenStack `gcc-system=<code>`) or tag category (vSphere) that names a system's code. */
export const SYSTEM_TAG = 'gcc-system';

export interface InventoryItem {
  systemCode: string;
  /** The CMP's grouping: OpenStack project id, vSphere tag id, docking-API project id. */
  projectId: string;
  vcpu: number;
  memoryBytes: number;
  storageBytes: number;
}

export interface InventorySnapshot {
  nodeId: string;
  takenAtMs: number;
  systems: InventoryItem[];
}

/** Adapters that can tell which systems run on their node implement this as well. */
export interface InventorySource {
  collectInventory(node: CollectorNode, ctx: CollectContext): Promise<InventorySnapshot>;
}

export function hasInventory(adapter: CmpAdapter): adapter is CmpAdapter & InventorySource {
  return typeof (adapter as Partial<InventorySource>).collectInventory === 'function';
}

/** Sums items of the same system and project (a system's VMs, a project's servers). */
export function mergeInventory(items: Iterable<InventoryItem>): InventoryItem[] {
  const out = new Map<string, InventoryItem>();
  for (const it of items) {
    const key = `${it.systemCode}\u0000${it.projectId}`;
    const e = out.get(key);
    if (!e) out.set(key, { ...it });
    else {
      e.vcpu += it.vcpu;
      e.memoryBytes += it.memoryBytes;
      e.storageBytes += it.storageBytes;
    }
  }
  return [...out.values()].sort((a, b) => a.systemCode.localeCompare(b.systemCode) || a.projectId.localeCompare(b.projectId));
}

/** The code in an OpenStack project tag `gcc-system=<code>`, or null. */
export function systemCodeFromTags(tags: readonly string[] | undefined): string | null {
  for (const t of tags ?? []) if (t.startsWith(`${SYSTEM_TAG}=`) && t.length > SYSTEM_TAG.length + 1) return t.slice(SYSTEM_TAG.length + 1);
  return null;
}
