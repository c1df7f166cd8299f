/**
 * The OpenStack adapter: Keystone for a token and the catalog, Nova for hypervisors and
 * availability zones (which data centre a host is in), Placement for capacity and allocation,
 * the deployment's Prometheus for busy figures (busy-series.ts). normalize.ts does the arithmetic;
 * inventory.ts reads which business systems run here (tagged projects and their servers).
 */
import type { Resource } from '@gcc/domain';
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { assertOk, httpOptionsFor, httpRequest, mapLimit, parseJson, type HttpOptions } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import type { InventorySnapshot, InventorySource } from '../inventory/inventory.ts';
import { BUSY_SERIES, MONITORING_SERVICE_TYPE } from './busy-series.ts';
import { readOpenStackInventory, type JsonGet } from './inventory.ts';
import { authenticate, endpointFor, type KeystoneToken } from './keystone.ts';
import { normalizeOpenStack, type BusyByHost, type ProviderReading } from './normalize.ts';
import { novaPages } from './nova-pages.ts';
import { parsePrometheusText } from './prometheus-text.ts';
import { changeQuota, type QuotaChange, type QuotaChangeResult } from './quota.ts';
import {
  availabilityZonesSchema, hypervisorsSchema, inventoriesSchema, resourceProvidersSchema, usagesSchema,
  type AvailabilityZones,
} from './schemas.ts';
import type { z } from 'zod';

/** Ask for the newest Nova microversion: paging and field changes are handled for any answer. */
const NOVA_VERSION = 'compute latest';
/** 1.14 adds root/parent provider uuids (nested providers). */
const PLACEMENT_VERSION = 'placement 1.14';
/** Renew a token this long before Keystone says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const PLACEMENT_CONCURRENCY = 16;

/** Tokens belong to one Keystone: a node moved to another endpoint authenticates anew. */
const tokenKey = (node: CollectorNode) => `${node.id} ${node.endpoint}`;

export class OpenStackAdapter implements CmpAdapter, InventorySource {
  readonly kind = 'openstack' as const;
  readonly #tokens = new Map<string, KeystoneToken>();

  collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
    const takenAtMs = ctx.now();
    return this.#authed(node, ctx, (auth, http) => this.#collect(node, ctx, auth, http, takenAtMs));
  }

  /** Tagged Keystone projects and what their servers hold (inventory.ts). */
  collectInventory(node: CollectorNode, ctx: CollectContext): Promise<InventorySnapshot> {
    const takenAtMs = ctx.now();
    return this.#authed(node, ctx, async (auth, http) => {
      const systems = await readOpenStackInventory({
        identity: endpointFor(auth.catalog, 'identity', node.id, false) ?? node.endpoint.replace(/\/+$/, ''),
        compute: endpointFor(auth.catalog, 'compute', node.id, true)!,
        node: node.id,
        logger: ctx.logger,
        get: (url, schema) => this.#json(url, schema, auth.token, NOVA_VERSION, http),
      });
      return { nodeId: node.id, takenAtMs, systems };
    });
  }

  /**
   * Scheduling orders (server/src/modules/scheduling): move the Nova quota of the node's
   * elastic-scheduling project by a delta. The next collection shows the result.
   */
  executeQuotaChange(node: CollectorNode, change: QuotaChange, ctx: CollectContext): Promise<QuotaChangeResult> {
    return this.#authed(node, ctx, (auth, http) => {
      const endpoints = { identity: endpointFor(auth.catalog, 'identity', node.id, false) ?? node.endpoint.replace(/\/+$/, ''), compute: endpointFor(auth.catalog, 'compute', node.id, true)! };
      ctx.logger.info({ node: node.id, project: change.project, cores: change.coresDelta, ramMiB: change.ramMiBDelta, reason: change.reason }, 'changing quota');
      return changeQuota(endpoints, auth.token, change, http);
    });
  }

  /** Runs with a token; a token revoked or expired early is replaced once, then the failure stands. */
  async #authed<T>(node: CollectorNode, ctx: CollectContext, run: (auth: KeystoneToken, http: HttpOptions) => Promise<T>): Promise<T> {
    const http = httpOptionsFor(node, ctx);
    try {
      return await run(await this.#token(node, ctx, http), http);
    } catch (err) {
      if (err instanceof CollectorError && err.code === 'GCC_ERR_CMP_AUTH' && this.#tokens.has(tokenKey(node))) {
        this.#tokens.delete(tokenKey(node));
        ctx.logger.info({ node: node.id }, 'token refused; authenticating again');
        return run(await this.#token(node, ctx, http), http);
      }
      throw err;
    }
  }

  async #token(node: CollectorNode, ctx: CollectContext, http: HttpOptions): Promise<KeystoneToken> {
    const cached = this.#tokens.get(tokenKey(node));
    if (cached && cached.expiresAtMs - TOKEN_MARGIN_MS > ctx.now()) return cached;
    const fresh = await authenticate(node.endpoint, ctx.credentials, http);
    this.#tokens.set(tokenKey(node), fresh);
    return fresh;
  }

  /** GET a JSON resource, validated against the API's shape. */
  async #json<S extends z.ZodType>(url: string, schema: S, token: string, version: string | null, http: HttpOptions): Promise<z.infer<S>> {
    const headers: Record<string, string> = { 'x-auth-token': token, accept: 'application/json' };
    if (version) headers['openstack-api-version'] = version;
    const res = await httpRequest(url, { headers }, http);
    assertOk(res, url, http.node);
    const parsed = schema.safeParse(parseJson(res, url, http.node));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${new URL(url).pathname} is not in the API's shape (${issue?.path.join('.')}: ${issue?.message})`, { node: http.node });
    }
    return parsed.data;
  }

  async #collect(node: CollectorNode, ctx: CollectContext, auth: KeystoneToken, http: HttpOptions, takenAtMs: number): Promise<NodeSnapshot> {
    const compute = endpointFor(auth.catalog, 'compute', node.id, true)!;
    const placement = endpointFor(auth.catalog, 'placement', node.id, true)!;
    const monitoring = endpointFor(auth.catalog, MONITORING_SERVICE_TYPE, node.id, false);
    const nova: JsonGet = (url, schema) => this.#json(url, schema, auth.token, NOVA_VERSION, http);
    const get: JsonGet = (url, schema) => this.#json(url, schema, auth.token, PLACEMENT_VERSION, http);

    const [hypervisors, zones, providers, busy] = await Promise.all([
      // Every hypervisor, following Nova's next links (2.33+).
      novaPages(compute, '/os-hypervisors/detail', '', node.id, async (url) => {
        const page = await nova(url, hypervisorsSchema);
        return { items: page.hypervisors, links: page.hypervisors_links };
      }),
      nova(`${compute}/os-availability-zone/detail`, availabilityZonesSchema) as Promise<AvailabilityZones>,
      get(`${placement}/resource_providers`, resourceProvidersSchema),
      monitoring ? this.#busy(monitoring, auth.token, http, node.id) : Promise.resolve(null),
    ]);
    const readings = await mapLimit(providers.resource_providers, PLACEMENT_CONCURRENCY, async (provider): Promise<ProviderReading> => {
      const base = `${placement}/resource_providers/${encodeURIComponent(provider.uuid)}`;
      const [inv, use] = await Promise.all([get(`${base}/inventories`, inventoriesSchema), get(`${base}/usages`, usagesSchema)]);
      return { provider, inventories: inv.inventories, usages: use.usages };
    });

    const result = normalizeOpenStack({ providers: readings, hypervisors, zones, busy, dataCentres: node.dataCentres ?? [] });
    if (result.unplaced.length) {
      ctx.logger.warn({ node: node.id, providers: result.unplaced.slice(0, 5), count: result.unplaced.length }, 'resource providers without an availability zone; counted in the first data centre');
    }
    if (!busy) ctx.logger.debug({ node: node.id }, 'no monitoring service in the catalog: used (busy) figures unknown');
    return { nodeId: node.id, takenAtMs, dataCentres: result.dataCentres };
  }

  async #busy(monitoring: string, token: string, http: HttpOptions, node: string): Promise<BusyByHost> {
    const match = Object.values(BUSY_SERIES).map((n) => `match[]=${encodeURIComponent(`{__name__="${n}"}`)}`).join('&');
    const url = `${monitoring}/federate?${match}`;
    const res = await httpRequest(url, { headers: { 'x-auth-token': token } }, http);
    assertOk(res, url, node);
    const byName = new Map<string, Resource>(Object.entries(BUSY_SERIES).map(([r, n]) => [n, r as Resource]));
    const out = new Map<string, Partial<Record<Resource, number>>>();
    let samples;
    try {
      samples = parsePrometheusText(res.text);
    } catch (err) {
      throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${monitoring}/federate is not Prometheus text (${(err as Error).message})`, { node, cause: err });
    }
    for (const s of samples) {
      const resource = byName.get(s.name);
      const host = s.labels.hypervisor_hostname;
      if (!resource || !host || !Number.isFinite(s.value)) continue;
      const entry = out.get(host) ?? {};
      entry[resource] = (entry[resource] ?? 0) + s.value;
      out.set(host, entry);
    }
    return out;
  }
}
