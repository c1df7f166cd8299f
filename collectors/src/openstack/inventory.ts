/**
 * Which business systems run on an OpenStack node: Keystone projects tagged `gcc-system=<code>`
 * (GET /v3/projects lists every project with its tags; the `?tags=` filter matches whole tags only,
 * so it cannot ask for "any gcc-system tag"), and what each holds: the flavors of its servers, from
 * one paged GET /servers/detail?all_tenants=1. From microversion 2.47 Nova embeds each server's
 * flavor (vcpus, ram MiB, disk/ephemeral GiB, swap MiB); older Novas give a flavor id, looked up
 * in GET /flavors/detail?is_public=None (private flavors too, for an admin).
 *
 * A project counts only while it holds a server that holds resources: a tagged project without
 * servers is a system being prepared, not one running. Storage is what Placement counts as
 * DISK_GB for the flavor: root + ephemeral disk + swap. Volumes (Cinder) are not counted.
 */
import type { z } from 'zod';
import { mergeInventory, systemCodeFromTags, type InventoryItem } from '../inventory/inventory.ts';
import type { Logger } from '../log.ts';
import { novaPages } from './nova-pages.ts';
import { flavorsSchema, projectsSchema, serversSchema, type FlavorSize, type Project, type Server } from './schemas.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** Statuses whose server holds no resources (offloaded, being deleted) or never started. */
const NOT_RUNNING = new Set(['SHELVED_OFFLOADED', 'SOFT_DELETED', 'DELETED', 'ERROR']);

export type JsonGet = <S extends z.ZodType>(url: string, schema: S) => Promise<z.infer<S>>;

export interface OpenStackInventoryResult {
  systems: InventoryItem[];
  /** Flavor ids of servers in tagged projects that /flavors/detail did not list (counted as 0). */
  unknownFlavors: string[];
}

/** Pure: tagged projects joined with their running servers' sizes. */
export function openstackInventory(projects: readonly Project[], servers: readonly Server[], flavors: ReadonlyMap<string, FlavorSize>): OpenStackInventoryResult {
  const codeOf = new Map<string, string>();
  for (const p of projects) {
    const code = systemCodeFromTags(p.tags);
    if (code !== null) codeOf.set(p.id, code);
  }
  const items: InventoryItem[] = [];
  const unknown = new Set<string>();
  for (const s of servers) {
    const systemCode = codeOf.get(s.tenant_id);
    if (systemCode === undefined || NOT_RUNNING.has(s.status.toUpperCase())) continue;
    const size: FlavorSize | undefined = 'vcpus' in s.flavor ? s.flavor : flavors.get(s.flavor.id);
    if (!size) unknown.add((s.flavor as { id: string }).id);
    items.push({
      systemCode,
      projectId: s.tenant_id,
      vcpu: size?.vcpus ?? 0,
      memoryBytes: (size?.ram ?? 0) * MiB,
      storageBytes: size ? (size.disk + size.ephemeral) * GiB + size.swap * MiB : 0,
    });
  }
  return { systems: mergeInventory(items), unknownFlavors: [...unknown].sort() };
}

/** Reads the projects, servers and (before 2.47) flavors, and joins them. */
export async function readOpenStackInventory(o: { identity: string; compute: string; node: string; logger: Logger; get: JsonGet }): Promise<InventoryItem[]> {
  const projects: Project[] = [];
  let url: string | null = `${o.identity}/projects`;
  // Keystone answers the whole list at once; a `links.next` (a paging proxy) is followed all the same.
  for (let pages = 0; url !== null && pages < 100; pages++) {
    const page: z.infer<typeof projectsSchema> = await o.get(url, projectsSchema);
    projects.push(...page.projects);
    if (page.truncated) o.logger.warn({ node: o.node, projects: projects.length }, "Keystone truncated the project list at its list_limit: systems of the projects left out are not reported (raise [DEFAULT] list_limit or [resource] list_limit)");
    url = page.links?.next ? `${o.identity}/projects${new URL(page.links.next, o.identity).search}` : null;
  }
  if (!projects.some((p) => systemCodeFromTags(p.tags) !== null)) return [];

  const servers = await novaPages(o.compute, '/servers/detail', '?all_tenants=1', o.node, async (u) => {
    const page = await o.get(u, serversSchema);
    return { items: page.servers, links: page.servers_links };
  });
  const flavors = new Map<string, FlavorSize>();
  if (servers.some((s) => !('vcpus' in s.flavor))) {
    const all = await novaPages(o.compute, '/flavors/detail', '?is_public=None', o.node, async (u) => {
      const page = await o.get(u, flavorsSchema);
      return { items: page.flavors, links: page.flavors_links };
    });
    for (const f of all) flavors.set(f.id, { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: f['OS-FLV-EXT-DATA:ephemeral'], swap: f.swap === '' ? 0 : f.swap });
  }
  const result = openstackInventory(projects, servers, flavors);
  if (result.unknownFlavors.length) {
    o.logger.warn({ node: o.node, flavors: result.unknownFlavors.slice(0, 5), count: result.unknownFlavors.length }, 'servers of deleted flavors (Nova before 2.47 cannot tell their size): counted with no vCPU, memory or storage');
  }
  return result.systems;
}
