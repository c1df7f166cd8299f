/**
 * The parts of Keystone, Nova and Placement responses the adapter reads, as zod schemas.
 * Unknown fields pass (APIs add fields across microversions); missing ones we need fail loudly.
 */
import { z } from 'zod';

export const tokenSchema = z.object({
  token: z.object({
    expires_at: z.string(),
    catalog: z
      .array(
        z.object({
          type: z.string(),
          name: z.string().optional(),
          endpoints: z.array(z.object({ interface: z.string(), url: z.string(), region: z.string().nullish(), region_id: z.string().nullish() })),
        }),
      )
      .default([]),
  }),
});
export type Catalog = z.infer<typeof tokenSchema>['token']['catalog'];

/** Any microversion: before 2.53 ids are integers, service.host is always there. */
export const hypervisorsSchema = z.object({
  hypervisors: z.array(
    z.object({
      id: z.union([z.number(), z.string()]),
      hypervisor_hostname: z.string(),
      service: z.object({ host: z.string() }).optional(),
      state: z.string().optional(),
      status: z.string().optional(),
    }),
  ),
  hypervisors_links: z.array(z.object({ href: z.string(), rel: z.string() })).optional(),
});
export type Hypervisor = z.infer<typeof hypervisorsSchema>['hypervisors'][number];

export const availabilityZonesSchema = z.object({
  availabilityZoneInfo: z.array(
    z.object({
      zoneName: z.string(),
      hosts: z.record(z.string(), z.record(z.string(), z.unknown())).nullable(),
    }),
  ),
});
export type AvailabilityZones = z.infer<typeof availabilityZonesSchema>;

export const resourceProvidersSchema = z.object({
  resource_providers: z.array(
    z.object({
      uuid: z.string(),
      name: z.string(),
      root_provider_uuid: z.string().nullish(),
      parent_provider_uuid: z.string().nullish(),
    }),
  ),
});
export type ResourceProvider = z.infer<typeof resourceProvidersSchema>['resource_providers'][number];

const inventorySchema = z.object({
  total: z.number().int(),
  reserved: z.number().int().default(0),
  allocation_ratio: z.number().positive().default(1),
  min_unit: z.number().int().optional(),
  max_unit: z.number().int().optional(),
  step_size: z.number().int().optional(),
});
export type Inventory = z.infer<typeof inventorySchema>;

export const inventoriesSchema = z.object({
  inventories: z.record(z.string(), inventorySchema),
  resource_provider_generation: z.number().int().optional(),
});
export type Inventories = z.infer<typeof inventoriesSchema>['inventories'];

/** GET /resource_providers/{uuid}/usages: flat per resource class (consumer types only on /usages). */
export const usagesSchema = z.object({
  usages: z.record(z.string(), z.number()),
  resource_provider_generation: z.number().int().optional(),
});
export type Usages = z.infer<typeof usagesSchema>['usages'];

const link = z.object({ href: z.string(), rel: z.string() });

/**
 * GET /v3/projects: every project with its tags (Keystone ≥ Queens lists `tags` on each). Keystone
 * does not page this list; past its `list_limit` it answers a truncated list with `truncated: true`.
 */
export const projectsSchema = z.object({
  projects: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean().optional(), tags: z.array(z.string()).default([]) })),
  truncated: z.boolean().optional(),
  links: z.object({ next: z.string().nullish() }).partial().optional(),
});
export type Project = z.infer<typeof projectsSchema>['projects'][number];

const count = z.number().int().nonnegative();
/** A server's flavor as embedded from microversion 2.47 on (sizes in MiB and GiB). */
const embeddedFlavorSchema = z.object({ vcpus: count, ram: count, disk: count, ephemeral: count.default(0), swap: count.default(0), original_name: z.string().optional() });
export type FlavorSize = Pick<z.infer<typeof embeddedFlavorSchema>, 'vcpus' | 'ram' | 'disk' | 'ephemeral' | 'swap'>;

/** GET /servers/detail: before 2.47 the flavor is a reference ({ id, links }) to look up in /flavors/detail. */
export const serversSchema = z.object({
  servers: z.array(
    z.object({
      id: z.string(),
      tenant_id: z.string(),
      status: z.string(),
      flavor: z.union([embeddedFlavorSchema, z.object({ id: z.string() })]),
    }),
  ),
  servers_links: z.array(link).optional(),
});
export type Server = z.infer<typeof serversSchema>['servers'][number];

/** GET /flavors/detail: swap is "" for none before microversion 2.75. */
export const flavorsSchema = z.object({
  flavors: z.array(
    z.object({
      id: z.string(),
      vcpus: count,
      ram: count,
      disk: count,
      'OS-FLV-EXT-DATA:ephemeral': count.default(0),
      swap: z.union([count, z.literal('')]).default(0),
    }),
  ),
  flavors_links: z.array(link).optional(),
});
