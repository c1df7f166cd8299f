/** Keystone v3 password authentication and service-catalog lookup. */
import type { CmpCredentials } from '../core/cmp-adapter.ts';
import { assertOk, httpRequest, parseJson, type HttpOptions } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { tokenSchema, type Catalog } from './schemas.ts';

export interface KeystoneToken {
  token: string;
  expiresAtMs: number;
  catalog: Catalog;
}

export async function authenticate(identityUrl: string, c: CmpCredentials, o: HttpOptions): Promise<KeystoneToken> {
  const url = `${identityUrl.replace(/\/+$/, '')}/auth/tokens`;
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: c.domainName }, password: c.password } } },
      scope: { project: { name: c.projectName, domain: { name: c.domainName } } },
    },
  };
  const res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, o);
  assertOk(res, url, o.node);
  const token = res.headers.get('x-subject-token');
  const parsed = tokenSchema.safeParse(parseJson(res, url, o.node));
  if (!token || !parsed.success) {
    throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${url} answered without ${token ? 'a token body' : 'an X-Subject-Token header'}`, { node: o.node });
  }
  const expires = Date.parse(parsed.data.token.expires_at);
  return { token, expiresAtMs: Number.isNaN(expires) ? 0 : expires, catalog: parsed.data.token.catalog };
}

/** The public endpoint of a service type (in the node's only region, or the first listed). */
export function endpointFor(catalog: Catalog, type: string, node: string, required: boolean): string | null {
  const service = catalog.find((s) => s.type === type);
  const endpoint = service?.endpoints.find((e) => e.interface === 'public') ?? service?.endpoints[0];
  if (!endpoint) {
    if (!required) return null;
    throw new CollectorError('GCC_ERR_CMP_CATALOG', `the Keystone catalog lists no "${type}" service: the CMP cannot be read without it`, { node });
  }
  return endpoint.url.replace(/\/+$/, '');
}
