/**
 * How busy the guests of an OpenStack cloud are. Nova and Placement know only what is allocated;
 * the deployments this console federates register their Prometheus in the Keystone catalog
 * (service type `monitoring`) and record, per hypervisor, three rules over the libvirt exporter:
 *   hypervisor:vcpus_busy:sum        Σ rate(libvirt_domain_info_cpu_time_seconds_total[5m]): busy vCPUs
 *   hypervisor:memory_used_bytes:sum guest memory in use
 *   hypervisor:disk_used_bytes:sum   bytes actually written on guest disks
 * labelled hypervisor_hostname (= Placement's resource provider name). The adapter reads them from
 * Prometheus' standard /federate endpoint. Without a `monitoring` service, `used` is unknown.
 */
export const MONITORING_SERVICE_TYPE = 'monitoring';

export const BUSY_SERIES = Object.freeze({
  vcpu: 'hypervisor:vcpus_busy:sum',
  memory: 'hypervisor:memory_used_bytes:sum',
  storage: 'hypervisor:disk_used_bytes:sum',
});
