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
