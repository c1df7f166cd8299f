/**
 * Which business systems run on a vCenter: VMs carry a tag of the `gcc-system` category whose name
 * is the system's code. vCPU and memory come from the VM lists the pull just read; disk sizes from
 * each tagged VM's VI/JSON `config` (VirtualDisk capacityInBytes), cached per VM for an hour because
 * vCenter has no bulk disk listing outside the PropertyCollector and disks rarely change.
 */
import { mapLimit, type HttpOptions } from '../core/http.ts';
import { mergeInventory, SYSTEM_TAG, type InventoryItem, type InventorySnapshot } from '../inventory/inventory.ts';
import { VIM_RELEASE, type VcenterClient } from './client.ts';
import { attachedObjectsSchema, categorySchema, idListSchema, tagSchema, vmConfigSchema, type VcVm } from './schemas.ts';

const MiB = 1024 ** 2;
const DISK_TTL_MS = 3_600_000;
const CONCURRENCY = 16;

export type VmDiskCache = Map<string, { bytes: number; readAtMs: number }>;

/** Tag names by id, per vCenter: tags are created once and rarely renamed. */
const tagNames = new WeakMap<VcenterClient, Map<string, string>>();

export async function collectVsphereInventory(vc: VcenterClient, nodeId: string, vms: readonly VcVm[], disks: VmDiskCache, takenAtMs: number, http: HttpOptions): Promise<InventorySnapshot> {
  const categoryIds = await vc.json('/api/cis/tagging/category', idListSchema, http);
  let categoryId: string | null = null;
  for (const id of categoryIds) {
    const c = await vc.json(`/api/cis/tagging/category/${encodeURIComponent(id)}`, categorySchema, http);
    if (c.name === SYSTEM_TAG) {
      categoryId = c.id;
      break;
    }
  }
  if (categoryId === null) return { nodeId, takenAtMs, systems: [] };

  const tagIds = await vc.json('/api/cis/tagging/tag?action=list-tags-for-category', idListSchema, http, { category_id: categoryId });
  let names = tagNames.get(vc);
  if (!names) tagNames.set(vc, (names = new Map()));
  const unknown = tagIds.filter((id) => !names!.has(id));
  await mapLimit(unknown, CONCURRENCY, async (id) => names!.set(id, (await vc.json(`/api/cis/tagging/tag/${encodeURIComponent(id)}`, tagSchema, http)).name));
  const attached = tagIds.length ? await vc.json('/api/cis/tagging/tag-association?action=list-attached-objects-on-tags', attachedObjectsSchema, http, { tag_ids: tagIds }) : [];

  const byId = new Map(vms.map((v) => [v.vm, v]));
  const tagged: { vm: VcVm; tagId: string }[] = [];
  for (const a of attached) {
    for (const o of a.object_ids) {
      const vm = o.type === 'VirtualMachine' ? byId.get(o.id) : undefined;
      if (vm) tagged.push({ vm, tagId: a.tag_id });
    }
  }
  const stale = [...new Set(tagged.map((t) => t.vm.vm))].filter((id) => !((disks.get(id)?.readAtMs ?? -Infinity) > takenAtMs - DISK_TTL_MS));
  await mapLimit(stale, CONCURRENCY, async (id) => {
    const config = await vc.json(`/sdk/vim25/${VIM_RELEASE}/VirtualMachine/${encodeURIComponent(id)}/config`, vmConfigSchema, http);
    const bytes = config.hardware.device.filter((d) => d._typeName === 'VirtualDisk').reduce((s, d) => s + (d.capacityInBytes ?? (d.capacityInKB ?? 0) * 1024), 0);
    disks.set(id, { bytes, readAtMs: takenAtMs });
  });
  const items: InventoryItem[] = tagged.map(({ vm, tagId }) => ({
    systemCode: names!.get(tagId)!,
    projectId: tagId,
    vcpu: vm.cpu_count ?? 0,
    memoryBytes: (vm.memory_size_MiB ?? 0) * MiB,
    storageBytes: disks.get(vm.vm)?.bytes ?? 0,
  }));
  return { nodeId, takenAtMs, systems: mergeInventory(items) };
}
