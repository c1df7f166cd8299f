/**
 * Quota changes on an OpenStack node, for scheduling orders: the Nova quota set (cores, ram) of the
 * province's elastic-scheduling project moves by a delta. Nova quotas are absolute, so this is a
 * read (GET os-quota-sets) then a write (PUT) of the sum; the server serializes orders per node
 * (row locks on approval), so no two of ours interleave on one project. The project id comes from
 * Keystone (GET /v3/projects?name=…), which needs a credential allowed to list projects and set
 * quotas (an admin of the node's domain), unlike collection's reader role.
 */
import { z } from 'zod';
import { assertOk, httpRequest, parseJson, type HttpOptions } from '../core/http.ts';
import { CollectorError } from '../errors.ts';

export interface QuotaChange {
  /** Project name in the node's Keystone (the elastic-scheduling project). */
  project: string;
  coresDelta: number;
  ramMiBDelta: number;
  /** Why (an order code), for logs. */
  reason: string;
}

export interface QuotaChangeResult {
  cores: { before: number; after: number };
  ramMiB: { before: number; after: number };
}

const projectsSchema = z.object({ projects: z.array(z.object({ id: z.string(), name: z.string() })) });
const quotaSetSchema = z.object({ quota_set: z.object({ cores: z.number().int(), ram: z.number().int() }) });

export async function changeQuota(
  endpoints: { identity: string; compute: string },
  token: string,
  change: QuotaChange,
  http: HttpOptions,
): Promise<QuotaChangeResult> {
  const node = http.node;
  const call = async (url: string, init: RequestInit = {}) => {
    const res = await httpRequest(url, { ...init, headers: { 'x-auth-token': token, accept: 'application/json', 'content-type': 'application/json', 'openstack-api-version': 'compute 2.1' } }, http);
    assertOk(res, url, node);
    return parseJson(res, url, node);
  };
  const shape = <S extends z.ZodType>(schema: S, body: unknown, url: string): z.infer<S> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${new URL(url).pathname} is not in the API's shape (${parsed.error.issues[0]?.message})`, { node });
    return parsed.data;
  };
  const listUrl = `${endpoints.identity}/projects?name=${encodeURIComponent(change.project)}`;
  const projects = shape(projectsSchema, await call(listUrl), listUrl).projects.filter((p) => p.name === change.project);
  if (projects.length !== 1) {
    throw new CollectorError('GCC_ERR_CMP_HTTP', `Keystone lists ${projects.length} projects named "${change.project}": create exactly one elastic-scheduling project on the node`, { node });
  }
  const quotaUrl = `${endpoints.compute}/os-quota-sets/${encodeURIComponent(projects[0]!.id)}`;
  const before = shape(quotaSetSchema, await call(quotaUrl), quotaUrl).quota_set;
  const cores = before.cores + change.coresDelta;
  const ram = before.ram + change.ramMiBDelta;
  if (cores < 0 || ram < 0) {
    throw new CollectorError('GCC_ERR_CMP_HTTP', `project ${change.project} holds ${before.cores} cores / ${before.ram} MiB: cannot take away ${-change.coresDelta} cores / ${-change.ramMiBDelta} MiB`, { node });
  }
  const after = shape(quotaSetSchema, await call(quotaUrl, { method: 'PUT', body: JSON.stringify({ quota_set: { cores, ram } }) }), quotaUrl).quota_set;
  return { cores: { before: before.cores, after: after.cores }, ramMiB: { before: before.ram, after: after.ram } };
}
