/**
 * The shapes the vSphere adapter reads, in the two JSON dialects a vCenter 8 speaks:
 * - vSphere Automation REST (`/api/...`): snake_case lists such as /api/vcenter/vm;
 * - VI/JSON (`/sdk/vim25/{release}/...`): the SOAP object model as JSON, every object tagged with
 *   `_typeName` (vendor sample: govmomi vim25/types/testdata/vminfo.json).
 * Units are the vendor's: host memorySize in bytes, quickStats memory in MB (MiB), CPU in MHz,
 * VM memory in MiB, datastore and disk sizes in bytes.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const sessionSchema = z.string().min(1);

export const datacentersSchema = z.array(z.object({ datacenter: z.string(), name: z.string() }));

export const hostsSchema = z.array(
  z.object({ host: z.string(), name: z.string(), connection_state: z.string(), power_state: z.string().optional() }),
);

export const vmsSchema = z.array(
  z.object({
    vm: z.string(),
    name: z.string(),
    power_state: z.string(),
    cpu_count: count.optional(),
    memory_size_MiB: count.optional(),
  }),
);

export const datastoresSchema = z.array(
  z.object({ datastore: z.string(), name: z.string(), type: z.string(), free_space: count.optional(), capacity: count.optional() }),
);

export const hostSummarySchema = z.object({
  _typeName: z.literal('HostListSummary'),
  hardware: z.object({ memorySize: count, cpuMhz: z.number().int().positive(), numCpuCores: count }),
  quickStats: z.object({ overallCpuUsage: count.optional(), overallMemoryUsage: count.optional() }),
});

export const datastoreSummarySchema = z.object({
  _typeName: z.literal('DatastoreSummary'),
  capacity: count,
  freeSpace: count,
  uncommitted: count.optional(),
  accessible: z.boolean(),
});

export const vmConfigSchema = z.object({
  _typeName: z.literal('VirtualMachineConfigInfo'),
  hardware: z.object({
    numCPU: count,
    memoryMB: count,
    device: z.array(z.object({ _typeName: z.string(), capacityInBytes: count.optional(), capacityInKB: count.optional() }).loose()),
  }),
});

export const categorySchema = z.object({ id: z.string(), name: z.string() });
export const idListSchema = z.array(z.string());
export const tagSchema = z.object({ id: z.string(), name: z.string(), category_id: z.string() });
export const attachedObjectsSchema = z.array(z.object({ tag_id: z.string(), object_ids: z.array(z.object({ type: z.string(), id: z.string() })) }));

export type VcHostSummary = z.infer<typeof hostSummarySchema>;
export type VcVm = z.infer<typeof vmsSchema>[number];
export type VcDatastoreSummary = z.infer<typeof datastoreSummarySchema>;
