export { buildSimulatedVsphere, VCENTER_VM_LIST_LIMIT, type SimulatedVsphereOptions } from './app.ts';
export { buildVcenter, vsphereTagId, type SimVcenter, type SimVcHost, type SimVcVm, type SimVcDatastore } from './model.ts';
