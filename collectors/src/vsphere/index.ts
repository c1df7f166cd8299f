export { VsphereAdapter, type VsphereAdapterOptions } from './adapter.ts';
export { normalizeVsphere, DEFAULT_VSPHERE_VCPU_OVERCOMMIT, type VsphereDataCentreReading } from './normalize.ts';
export { VIM_RELEASE, SESSION_HEADER } from './client.ts';
