/**
 * The docking-API adapter: an OAuth 2.0 client-credentials token, then GET /v1/capacity (and, for
 * the inventory, /v1/systems page by page). Every body is validated against the checked-in OpenAPI
 * document (contract.ts) before a figure is read; units are converted from the field names' MiB/GiB.
 */
import type { Resource } from '@gcc/domain';
import type { CmpAdapter, CollectContext, CollectorNode, DataCentreFigures, NodeSnapshot, ResourceFigures } from '../core/cmp-adapter.ts';
import { assertOk, httpOptionsFor, httpRequest, parseJson, type HttpOptions } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { mergeInventory, type InventorySnapshot, type InventorySource } from '../inventory/inventory.ts';
import { DOCKING_API_MAJOR, dockingProblems, type DockingSchemaName } from './contract.ts';
import type { DockingCapacity, DockingMeasures, DockingSystemsPage, DockingToken } from './types.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TOKEN_MARGIN_MS = 60_000;
const PAGE_SIZE = 1000;
const MAX_PAGES = 1000;

const FIELDS: Readonly<Record<Resource, { field: 'vcpu' | 'memoryMiB' | 'storageGiB'; unit: number }>> = {
  vcpu: { field: 'vcpu', unit: 1 },
  memory: { field: 'memoryMiB', unit: MiB },
  storage: { field: 'storageGiB', unit: GiB },
};

function figures(m: DockingMeasures, unit: number): ResourceFigures {
  const scale = (v: number) => (unit === 1 ? v : Math.round(v * unit));
  return { total: scale(m.total), allocated: scale(m.allocated), used: m.used === null ? null : scale(m.used), ...(m.physical !== undefined ? { physical: scale(m.physical) } : {}) };
}

export function normalizeDocking(body: DockingCapacity): Record<string, DataCentreFigures> {
  const out: Record<string, DataCentreFigures> = {};
  for (const dc of body.dataCentres) {
    out[dc.code] = Object.fromEntries(Object.entries(FIELDS).map(([r, { field, unit }]) => [r, figures(dc[field], unit)])) as DataCentreFigures;
  }
  return out;
}

/** Tokens belong to one docking endpoint: a node moved to another asks anew. */
const tokenKey = (node: CollectorNode) => `${node.id} ${node.endpoint}`;

export class DockingApiAdapter implements CmpAdapter, InventorySource {
  readonly kind = 'docking-api' as const;
  readonly #tokens = new Map<string, { token: string; expiresAtMs: number }>();

  #base(node: CollectorNode): string {
    return `${node.endpoint.replace(/\/+$/, '')}/${DOCKING_API_MAJOR}`;
  }

  async #get<T>(node: CollectorNode, ctx: CollectContext, path: string, schema: DockingSchemaName): Promise<T> {
    const http = httpOptionsFor(node, ctx);
    const url = `${this.#base(node)}${path}`;
    for (let attempt = 0; ; attempt++) {
      const fresh = !this.#tokens.has(tokenKey(node));
      const token = await this.#token(node, ctx, http);
      const res = await httpRequest(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, http);
      if (res.status === 401 && !fresh && attempt === 0) {
        this.#tokens.delete(tokenKey(node));
        continue;
      }
      assertOk(res, url, node.id);
      return this.#conform<T>(node, `GET ${new URL(url).pathname}`, schema, parseJson(res, url, node.id));
    }
  }

  #conform<T>(node: CollectorNode, what: string, schema: DockingSchemaName, body: unknown): T {
    const problems = dockingProblems(schema, body);
    if (problems.length) {
      const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
      throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${what} does not follow docking API ${DOCKING_API_MAJOR} (${schema}): ${problems.slice(0, 3).join('; ')}${more}`, { node: node.id });
    }
    return body as T;
  }

  async #token(node: CollectorNode, ctx: CollectContext, http: HttpOptions): Promise<string> {
    const cached = this.#tokens.get(tokenKey(node));
    if (cached && cached.expiresAtMs - TOKEN_MARGIN_MS > ctx.now()) return cached.token;
    const url = `${this.#base(node)}/oauth/token`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: ctx.credentials.username, client_secret: ctx.credentials.password });
    const res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }, http);
    assertOk(res, url, node.id);
    const body = this.#conform<DockingToken>(node, `POST ${new URL(url).pathname}`, 'TokenResponse', parseJson(res, url, node.id));
    this.#tokens.set(tokenKey(node), { token: body.access_token, expiresAtMs: ctx.now() + body.expires_in * 1000 });
    return body.access_token;
  }

  async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
    const takenAtMs = ctx.now();
    const body = await this.#get<DockingCapacity>(node, ctx, '/capacity', 'Capacity');
    const codes = body.dataCentres.map((d) => d.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `GET /v1/capacity lists data centre "${dup}" twice (dataCentres[${codes.lastIndexOf(dup)}].code)`, { node: node.id });
    return { nodeId: node.id, takenAtMs, dataCentres: normalizeDocking(body) };
  }

  async collectInventory(node: CollectorNode, ctx: CollectContext): Promise<InventorySnapshot> {
    const takenAtMs = ctx.now();
    const items: DockingSystemsPage['items'] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `GET /v1/systems: more than ${MAX_PAGES} pages, giving up`, { node: node.id });
      const body = await this.#get<DockingSystemsPage>(node, ctx, `/systems?page=${page}&pageSize=${PAGE_SIZE}`, 'SystemsPage');
      items.push(...body.items);
      if (items.length >= body.total || body.items.length === 0) break;
    }
    return {
      nodeId: node.id,
      takenAtMs,
      systems: mergeInventory(items.map((i) => ({ systemCode: i.systemCode, projectId: i.projectId, vcpu: i.vcpu, memoryBytes: Math.round(i.memoryMiB * MiB), storageBytes: Math.round(i.storageGiB * GiB) }))),
    };
  }
}
