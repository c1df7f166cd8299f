/**
 * Executes an order's quota changes through the node's CMP adapter. OpenStack: the Nova quota of
 * the node's elastic-scheduling project (`gcc-elastic` unless configured) moves by the order's
 * vCPU and memory (collectors/src/openstack/quota.ts). Other CMP kinds have no quota adapter yet:
 * their orders fail with that reason and nothing is changed.
 */
import { OpenStackAdapter, createLogger, DEFAULT_CMP_USERNAME, DEFAULT_CMP_PROJECT, type CollectorNode } from '@gcc/collectors';
import type { CpuArch } from '@gcc/domain';
import { GccError } from '../../errors.ts';

export const DEFAULT_ELASTIC_PROJECT = 'gcc-elastic';

export interface QuotaTarget {
  id: string;
  kind: 'PROVINCIAL' | 'CITY' | 'PRD';
  regionCode: string;
  cmpKind: string;
  cmpEndpoint: string;
  cmpCredentialRef: string;
  simulated: boolean;
}

export interface QuotaDelta {
  vcpu: number;
  memoryBytes: number;
  arch: CpuArch;
  orderCode: string;
}

export interface QuotaOutcome {
  cores: { before: number; after: number };
  ramMiB: { before: number; after: number };
}

export interface QuotaExecutor {
  change(node: QuotaTarget, delta: QuotaDelta): Promise<QuotaOutcome>;
}

const CMP_KINDS: Record<string, CollectorNode['cmpKind']> = { OPENSTACK: 'openstack', VSPHERE: 'vsphere', PROMETHEUS: 'prometheus', DOCKING_API: 'docking-api' };

/**
 * The executor the server uses: credentials from the environment variables each node's
 * credentialRef names (as the collector reads them), resolved once when the executor is built.
 */
export function cmpQuotaExecutor(env: Readonly<Record<string, string | undefined>>, options: { project?: string; timeoutMs?: number } = {}): QuotaExecutor {
  const adapter = new OpenStackAdapter();
  const logger = createLogger({ level: 'warn', name: 'scheduling' });
  return {
    async change(node, delta) {
      const kind = CMP_KINDS[node.cmpKind];
      if (kind !== 'openstack') {
        throw new GccError('GCC_ERR_SCHED_EXECUTION', `node ${node.id}: its CMP (${kind ?? node.cmpKind}) has no quota adapter yet; only OpenStack nodes execute orders`);
      }
      const password = env[node.cmpCredentialRef];
      if (!password) throw new GccError('GCC_ERR_SCHED_EXECUTION', `node ${node.id}: the variable ${node.cmpCredentialRef} holding its CMP password is not set on the server`);
      const target: CollectorNode = {
        id: node.id, regionCode: node.regionCode, kind: node.kind === 'PROVINCIAL' ? 'provincial' : node.kind === 'PRD' ? 'prd' : 'city',
        cmpKind: 'openstack', endpoint: node.cmpEndpoint, credentialRef: node.cmpCredentialRef, simulated: node.simulated,
      };
      try {
        return await adapter.executeQuotaChange(target, {
          project: options.project ?? DEFAULT_ELASTIC_PROJECT,
          coresDelta: delta.vcpu,
          ramMiBDelta: Math.round(delta.memoryBytes / 1024 ** 2),
          reason: delta.orderCode,
        }, {
          credentials: {
            username: env[`${node.cmpCredentialRef}_USERNAME`] || DEFAULT_CMP_USERNAME, password,
            projectName: env[`${node.cmpCredentialRef}_PROJECT`] || DEFAULT_CMP_PROJECT, domainName: 'Default',
          },
          logger, now: Date.now, timeoutMs: options.timeoutMs ?? 10_000,
        });
      } catch (cause) {
        if (cause instanceof GccError) throw cause;
        throw new GccError('GCC_ERR_SCHED_EXECUTION', `node ${node.id}: ${(cause as Error).message}`, { cause, retryable: (cause as { retryable?: boolean }).retryable ?? false });
      }
    },
  };
}
