/**
 * A vCenter session: `POST /api/session` with HTTP basic auth answers the session id as a JSON
 * string; every later request, REST or VI/JSON, carries it in `vmware-api-session-id`. Sessions
 * expire after idle time (30 min by default) or a vCenter restart: a 401 logs in once more.
 */
import type { z } from 'zod';
import type { CmpCredentials } from '../core/cmp-adapter.ts';
import { assertOk, httpRequest, parseJson, type HttpOptions } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { sessionSchema } from './schemas.ts';

/** VI/JSON release path; vCenter 8.0 U1 and later answer it. */
export const VIM_RELEASE = '8.0.1.0';
export const SESSION_HEADER = 'vmware-api-session-id';

export class VcenterClient {
  #session: string | null = null;

  constructor(
    readonly base: string,
    readonly node: string,
    private readonly credentials: CmpCredentials,
  ) {}

  async #login(http: HttpOptions): Promise<string> {
    const url = `${this.base}/api/session`;
    const basic = Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64');
    const res = await httpRequest(url, { method: 'POST', headers: { authorization: `Basic ${basic}`, accept: 'application/json' } }, http);
    assertOk(res, url, this.node);
    const parsed = sessionSchema.safeParse(parseJson(res, url, this.node));
    if (!parsed.success) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${url} answered without a session id string`, { node: this.node });
    return parsed.data;
  }

  /** GET or POST a JSON resource under the vCenter base, validated against `schema`. */
  async json<S extends z.ZodType>(path: string, schema: S, http: HttpOptions, body?: unknown): Promise<z.infer<S>> {
    const url = `${this.base}${path}`;
    for (let attempt = 0; ; attempt++) {
      const fresh = this.#session === null;
      this.#session ??= await this.#login(http);
      const headers: Record<string, string> = { [SESSION_HEADER]: this.#session, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await httpRequest(url, { method: body === undefined ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, http);
      if (res.status === 401 && !fresh && attempt === 0) {
        this.#session = null;
        continue;
      }
      assertOk(res, url, this.node);
      const parsed = schema.safeParse(parseJson(res, url, this.node));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${new URL(url).pathname} is not in the vSphere API's shape (${issue?.path.join('.') || '(root)'}: ${issue?.message})`, { node: this.node });
      }
      return parsed.data;
    }
  }
}
