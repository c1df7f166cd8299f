/** Which adapter speaks which CMP kind: one per kind, each in its own folder. */
import type { CmpKind } from '@gcc/domain';
import { CollectorError } from '../errors.ts';
import { DockingApiAdapter } from '../docking/adapter.ts';
import { OpenStackAdapter } from '../openstack/adapter.ts';
import { PrometheusAdapter } from '../prometheus/adapter.ts';
import { VsphereAdapter } from '../vsphere/adapter.ts';
import type { CmpAdapter } from './cmp-adapter.ts';

export type AdapterRegistry = Partial<Record<CmpKind, CmpAdapter>>;

export function defaultAdapters(): AdapterRegistry {
  return { openstack: new OpenStackAdapter(), vsphere: new VsphereAdapter(), prometheus: new PrometheusAdapter(), 'docking-api': new DockingApiAdapter() };
}

export function adapterFor(registry: AdapterRegistry, kind: CmpKind, node: string): CmpAdapter {
  const adapter = registry[kind];
  if (!adapter) {
    throw new CollectorError('GCC_ERR_COLLECTOR_NO_ADAPTER', `no adapter for CMP kind "${kind}" yet (available: ${Object.keys(registry).join(', ')})`, { node });
  }
  return adapter;
}
