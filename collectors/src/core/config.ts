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
 *
 * `serverUrl` (optional) is the console server: the collector takes more nodes from it and posts
 * each node's business-system inventory there (targets.ts, inventory/post-inventory.ts).
 * The nodes are re-read while the collector runs (targets.ts); vmUrl and intervalSeconds are not.
 */
import { z } from 'zod';
import { CollectorError } from '../errors.ts';
import type { CmpCredentials, CollectorNode } from './cmp-adapter.ts';
import { inSelection, selectNodes, type NodeSelection } from './shard.ts';

export const DEFAULT_CMP_USERNAME = 'gcc-collector';
export const DEFAULT_CMP_PROJECT = 'gcc-monitoring';

export const nodeSchema = z.object({
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
  /** The console server: node list (GET /api/collector/nodes) and inventory posts; needs GCC_COLLECTOR_TOKEN. */
  serverUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:4000' }).optional(),
  nodes: z.array(nodeSchema),
});

export type CollectorConfigInput = z.input<typeof configSchema>;

export interface CollectorConfig {
  readonly vmUrl: string;
  readonly intervalSeconds: number;
  readonly serverUrl?: string;
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

const problemsOf = (error: z.ZodError, prefix = '') => error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== '').join('.') || '(root)'}: ${i.message}`);
const invalid = (problems: string[]) => new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `invalid collector configuration: ${problems.join('; ')}`);

/** Validates a configuration document (credentials aside): every problem in one error, then frozen. */
export function parseCollectorConfig(raw: unknown): CollectorConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw invalid(problemsOf(parsed.error));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const n of parsed.data.nodes) {
    if (seen.has(n.id)) problems.push(`nodes: "${n.id}" is listed twice`);
    seen.add(n.id);
  }
  if (!parsed.data.nodes.length && !parsed.data.serverUrl) problems.push('nodes: must list at least one node (or set serverUrl to take them from the server)');
  if (problems.length) throw invalid(problems);
  const { vmUrl, intervalSeconds, serverUrl, nodes } = parsed.data;
  return deepFreeze({ vmUrl: vmUrl.replace(/\/+$/, ''), intervalSeconds, ...(serverUrl ? { serverUrl: serverUrl.replace(/\/+$/, '') } : {}), nodes });
}

/** One node as the server lists it: the node, or what is wrong with it. */
export function parseCollectorNode(raw: unknown, where: string): { ok: true; node: CollectorNode } | { ok: false; problems: string[] } {
  const parsed = nodeSchema.safeParse(raw);
  return parsed.success ? { ok: true, node: deepFreeze(parsed.data) } : { ok: false, problems: problemsOf(parsed.error, where) };
}

/** A node's CMP credentials from the variable its credentialRef names; null when it is not set. */
export function credentialsFor(node: Pick<CollectorNode, 'credentialRef'>, env: Readonly<Record<string, string | undefined>>): CmpCredentials | null {
  const password = env[node.credentialRef];
  if (!password) return null;
  return {
    username: env[`${node.credentialRef}_USERNAME`] || DEFAULT_CMP_USERNAME,
    password,
    projectName: env[`${node.credentialRef}_PROJECT`] || DEFAULT_CMP_PROJECT,
    domainName: 'Default',
  };
}

export function missingCredentialError(refs: readonly string[]): CollectorError {
  const many = refs.length > 1;
  return new CollectorError('GCC_ERR_COLLECTOR_CREDENTIAL_MISSING', `the environment variable${many ? 's' : ''} ${refs.join(', ')} named by credentialRef ${many ? 'are' : 'is'} not set: export the CMP password there`);
}

/**
 * `select` keeps this process's share of the nodes (shard.ts); credentials are needed only for
 * those. With a serverUrl the node list also comes from the server, so a --nodes name the file
 * lacks is not an error here.
 */
export function resolveConfig(raw: unknown, env: Readonly<Record<string, string | undefined>>, select?: NodeSelection): ResolvedConfig {
  const config = parseCollectorConfig(raw);
  const nodes = !select ? config.nodes : config.serverUrl ? config.nodes.filter((n) => inSelection(n.id, select)) : selectNodes(config.nodes, select);
  const credentials = new Map<string, CmpCredentials>();
  const missing = new Set<string>();
  for (const n of nodes) {
    const c = credentialsFor(n, env);
    if (c) credentials.set(n.id, c);
    else missing.add(n.credentialRef);
  }
  if (missing.size) throw missingCredentialError([...missing]);
  return { config: nodes === config.nodes ? config : deepFreeze({ ...config, nodes }), credentials };
}
