/**
 * What the Prometheus adapter reads, and why. Some nodes give the province no API access to their
 * cloud, only their Prometheus (its /federate endpoint, or an exporter's /metrics). Capacity and
 * allocation then come from the OpenStack exporter (openstack-exporter/openstack-exporter) that
 * scrapes Placement, per compute host:
 *   openstack_placement_resource_total{hostname,resourcetype}             inventory total
 *   openstack_placement_resource_reserved{hostname,resourcetype}          reserved
 *   openstack_placement_resource_allocation_ratio{hostname,resourcetype}  overcommit (float32, 1.2000000476837158)
 *   openstack_placement_resource_usage{hostname,resourcetype}             allocated to instances
 * with resourcetype VCPU (vCPU), MEMORY_MB (MiB), DISK_GB (GiB); the same rule as Placement:
 *   total = Σ ⌊(total − reserved) × allocation_ratio⌋, physical = Σ (total − reserved), allocated = Σ usage.
 * The data centre of a host is the `availability_zone` label of openstack_nova_vcpus_available
 * (zones are named after data centres, as on the OpenStack nodes); a host without one counts in the
 * node's first data centre.
 * Busy figures are the recording rules over the libvirt exporter that the OpenStack adapter reads
 * too (openstack/busy-series.ts), labelled hypervisor_hostname; without them `used` is unknown.
 *
 * node_exporter alone is not enough: it sees hosts, not what tenants were given, so a payload
 * without openstack_placement_* families is refused with a message saying what to scrape.
 */
import { BUSY_SERIES } from '../openstack/busy-series.ts';

export const PLACEMENT_FAMILIES = Object.freeze({
  total: 'openstack_placement_resource_total',
  reserved: 'openstack_placement_resource_reserved',
  ratio: 'openstack_placement_resource_allocation_ratio',
  usage: 'openstack_placement_resource_usage',
});

export const ZONE_FAMILY = 'openstack_nova_vcpus_available';

/** Every family the adapter asks /federate for (`match[]` selectors). */
export const WANTED_FAMILIES: readonly string[] = [...Object.values(PLACEMENT_FAMILIES), ZONE_FAMILY, ...Object.values(BUSY_SERIES)];

export const RESOURCE_CLASSES = Object.freeze({ vcpu: 'VCPU', memory: 'MEMORY_MB', storage: 'DISK_GB' } as const);

/**
 * Business-system inventory, when the node's Prometheus scrapes openstack-exporter's identity
 * service and its slow per-project metrics (off with --disable-slow-metrics):
 *   openstack_identity_project_info{id,name,tags="a,b",…} 1       tags joined by commas (a Keystone tag holds none)
 *   openstack_nova_limits_vcpus_used{tenant,tenant_id}            vCPU of the project's servers
 *   openstack_nova_limits_memory_used{tenant,tenant_id}           MiB
 *   openstack_cinder_limits_volume_used_gb{tenant,tenant_id}      GiB of volumes
 * Projects tagged gcc-system=<code> that use any vCPU are the systems running (prometheus/inventory.ts).
 */
export const INVENTORY_FAMILIES = Object.freeze({
  projectInfo: 'openstack_identity_project_info',
  vcpus: 'openstack_nova_limits_vcpus_used',
  memory: 'openstack_nova_limits_memory_used',
  volumes: 'openstack_cinder_limits_volume_used_gb',
});
