/**
 * The collector's configuration: validated once at start-up (every problem in one message), the
 * credentials resolved from the environment variables the nodes name, then frozen.
 *
 *   { "vmUrl": "http://127.0.0.1:8428", "intervalSeconds": 30,
 *     "nodes": [{ "id": "city-shaoguan", "regionCode": "440200", "kind": "city", "cmpKind": "openstack",
 *                 "endpoint": "http://127.0.0.1:4100/city-shaoguan/identity/v3",
 *                 "credentialRef": "GCC_SIM_CMP_PASSWORD", "simulated": true }] }
 *
 * `credentialRef` names the variable holding the password; `<ref>_USERNAME` and `<ref>_PROJECT`
 * may override the user (default gcc-collector) and project (default gcc-monitoring).
 */
import { z } from 'zod';
import { CollectorError } from '../errors.ts';
import type { CmpCredentials, CollectorNode } from './cmp-adapter.ts';
import { selectNodes, type NodeSelection } from './shard.ts';

export const DEFAULT_CMP_USERNAME = 'gcc-collector';
export const DEFAULT_CMP_PROJECT = 'gcc-monitoring';

const nodeSchema = z.object({
  id: z.string().min(1),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative code such as 440200'),
  kind: z.enum(['provincial', 'city', 'prd']),
  cmpKind: z.enum(['openstack', 'vsphere', 'prometheus', 'docking-api']),
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  credentialRef: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable'),
  simulated: z.boolean().default(false),
  dataCentres: z.array(z.string().min(1)).optional(),
  vcpuOvercommit: z.number().min(1).max(16).optional(),
});

const configSchema = z.object({
  vmUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8428' }),
  intervalSeconds: z.number().int().min(1).max(86_400).default(30),
  nodes: z.array(nodeSchema).min(1, 'must list at least one node'),
});

export type CollectorConfigInput = z.input<typeof configSchema>;

export interface CollectorConfig {
  readonly vmUrl: string;
  readonly intervalSeconds: number;
  readonly nodes: readonly Readonly<CollectorNode>[];
}

export interface ResolvedConfig {
  config: CollectorConfig;
  /** Per node id; kept out of `config` so the config can be logged. */
  credentials: ReadonlyMap<string, CmpCredentials>;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** `select` keeps this process's share of the nodes (shard.ts); credentials are needed only for those. */
export function resolveConfig(raw: unknown, env: Readonly<Record<string, string | undefined>>, select?: NodeSelection): ResolvedConfig {
  const parsed = configSchema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `invalid collector configuration: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  const credentials = new Map<string, CmpCredentials>();
  const missing = new Set<string>();
  for (const n of parsed.data.nodes) {
    if (seen.has(n.id)) problems.push(`nodes: "${n.id}" is listed twice`);
    seen.add(n.id);
  }
  if (problems.length) throw new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `invalid collector configuration: ${problems.join('; ')}`);
  const nodes = select ? selectNodes(parsed.data.nodes, select) : parsed.data.nodes;
  for (const n of nodes) {
    const password = env[n.credentialRef];
    if (!password) {
      missing.add(n.credentialRef);
      continue;
    }
    credentials.set(n.id, {
      username: env[`${n.credentialRef}_USERNAME`] || DEFAULT_CMP_USERNAME,
      password,
      projectName: env[`${n.credentialRef}_PROJECT`] || DEFAULT_CMP_PROJECT,
      domainName: 'Default',
    });
  }
  if (missing.size) {
    const names = [...missing].join(', ');
    throw new CollectorError('GCC_ERR_COLLECTOR_CREDENTIAL_MISSING', `the environment variable${missing.size > 1 ? 's' : ''} ${names} named by credentialRef ${missing.size > 1 ? 'are' : 'is'} not set: export the CMP password there`);
  }
  const config: CollectorConfig = { vmUrl: parsed.data.vmUrl.replace(/\/+$/, ''), intervalSeconds: parsed.data.intervalSeconds, nodes };
  return { config: deepFreeze(config), credentials };
}
