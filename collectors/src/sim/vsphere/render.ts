/**
 * VI/JSON bodies of the simulated vCenter, in the wire format of vSphere 8's JSON API: every data
 * object carries `_typeName`, references are ManagedObjectReference objects (compare
 * test/fixtures/vsphere/govmomi-vminfo.json, the vendor's own sample).
 */
import type { SimVcDatastore, SimVcHost, SimVcVm } from './model.ts';

const moref = (type: string, value: string) => ({ _typeName: 'ManagedObjectReference', type, value });

/** `invalid`: the fault control that breaks the contract (memorySize as a string). */
export function hostSummary(h: SimVcHost, invalid = false) {
  return {
    _typeName: 'HostListSummary',
    host: moref('HostSystem', h.moId),
    hardware: {
      _typeName: 'HostHardwareSummary',
      vendor: 'Simulated',
      model: 'SIM-2288H',
      uuid: h.uuid,
      memorySize: invalid ? String(h.memoryBytes) : h.memoryBytes,
      cpuModel: 'Simulated x86 CPU @ ' + (h.cpuMhz / 1000).toFixed(2) + 'GHz',
      cpuMhz: h.cpuMhz,
      numCpuPkgs: 2,
      numCpuCores: h.cores,
      numCpuThreads: h.cores * 2,
      numNics: 4,
      numHBAs: 2,
    },
    runtime: { _typeName: 'HostRuntimeInfo', connectionState: 'connected', powerState: 'poweredOn', inMaintenanceMode: false, inQuarantineMode: false },
    config: { _typeName: 'HostConfigSummary', name: h.name, port: 443, product: { _typeName: 'AboutInfo', name: 'VMware ESXi', fullName: 'VMware ESXi 8.0.1 build-21495797 (simulated)', version: '8.0.1', build: '21495797', apiVersion: '8.0.1.0' } },
    quickStats: {
      _typeName: 'HostListSummaryQuickStats',
      overallCpuUsage: h.cpuUsageMhz,
      overallMemoryUsage: h.memoryUsageMb,
      distributedCpuFairness: 1000,
      distributedMemoryFairness: 1000,
      availablePMemCapacity: 0,
      uptime: 8_640_000,
    },
    overallStatus: 'green',
    rebootRequired: false,
    managementServerIp: '10.0.0.10',
    maxEVCModeKey: 'intel-icelake',
  };
}

export function datastoreSummary(d: SimVcDatastore) {
  return {
    _typeName: 'DatastoreSummary',
    datastore: moref('Datastore', d.moId),
    name: d.name,
    url: `ds:///vmfs/volumes/vsan:${d.moId}/`,
    capacity: d.capacity,
    freeSpace: d.freeSpace,
    uncommitted: d.uncommitted,
    accessible: true,
    multipleHostAccess: true,
    type: 'vsan',
    maintenanceMode: 'normal',
  };
}

export function vmConfig(v: SimVcVm) {
  const kb = v.diskBytes / 1024;
  return {
    _typeName: 'VirtualMachineConfigInfo',
    changeVersion: '2024-05-06T08:00:00.000000Z',
    modified: '1970-01-01T00:00:00Z',
    name: v.name,
    guestFullName: 'Kylin Linux Advanced Server V10 (64-bit)',
    version: 'vmx-20',
    uuid: v.uuid,
    instanceUuid: v.instanceUuid,
    template: false,
    guestId: 'otherLinux64Guest',
    annotation: '模拟数据 SIMULATED',
    files: { _typeName: 'VirtualMachineFileInfo', vmPathName: `[vsanDatastore] ${v.name}/${v.name}.vmx` },
    hardware: {
      _typeName: 'VirtualHardware',
      numCPU: v.cpuCount,
      numCoresPerSocket: 1,
      autoCoresPerSocket: true,
      memoryMB: v.memoryMiB,
      device: [
        { _typeName: 'ParaVirtualSCSIController', key: 1000, deviceInfo: { _typeName: 'Description', label: 'SCSI controller 0', summary: 'VMware paravirtual SCSI' }, busNumber: 0 },
        {
          _typeName: 'VirtualDisk',
          key: 2000,
          deviceInfo: { _typeName: 'Description', label: 'Hard disk 1', summary: `${kb.toLocaleString('en-US')} KB` },
          backing: { _typeName: 'VirtualDiskFlatVer2BackingInfo', fileName: `[vsanDatastore] ${v.name}/${v.name}.vmdk`, diskMode: 'persistent', thinProvisioned: true },
          controllerKey: 1000,
          unitNumber: 0,
          capacityInKB: kb,
          capacityInBytes: v.diskBytes,
        },
        { _typeName: 'VirtualVmxnet3', key: 4000, deviceInfo: { _typeName: 'Description', label: 'Network adapter 1', summary: 'DVSwitch: gov-extranet' } },
      ],
    },
    cpuAllocation: { _typeName: 'ResourceAllocationInfo', reservation: 0, expandableReservation: false, limit: -1, shares: { _typeName: 'SharesInfo', shares: 1000 * v.cpuCount, level: 'normal' } },
    memoryAllocation: { _typeName: 'ResourceAllocationInfo', reservation: 0, expandableReservation: false, limit: -1, shares: { _typeName: 'SharesInfo', shares: 10 * v.memoryMiB, level: 'normal' } },
  };
}
