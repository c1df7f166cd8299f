/** Which adapter speaks which CMP kind. Only OpenStack so far; the others fail with a clear code. */
import type { CmpKind } from '@gcc/domain';
import { CollectorError } from '../errors.ts';
import { OpenStackAdapter } from '../openstack/adapter.ts';
import type { CmpAdapter } from './cmp-adapter.ts';

export type AdapterRegistry = Partial<Record<CmpKind, CmpAdapter>>;

export function defaultAdapters(): AdapterRegistry {
  return { openstack: new OpenStackAdapter() };
}

export function adapterFor(registry: AdapterRegistry, kind: CmpKind, node: string): CmpAdapter {
  const adapter = registry[kind];
  if (!adapter) {
    throw new CollectorError('GCC_ERR_COLLECTOR_NO_ADAPTER', `no adapter for CMP kind "${kind}" yet (available: ${Object.keys(registry).join(', ')})`, { node });
  }
  return adapter;
}
