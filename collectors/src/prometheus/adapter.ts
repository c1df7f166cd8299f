/**
 * The Prometheus adapter: one GET of the node's /federate (or exporter /metrics) endpoint with
 * HTTP basic auth, asking only for the families mapping.ts names; the text is parsed strictly
 * (text-format.ts) and normalized (normalize.ts). Nothing is half-read: a bad line rejects the pull.
 * The inventory is a second GET for openstack-exporter's per-project families (inventory.ts).
 */
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { assertOk, httpOptionsFor, httpRequest } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import type { InventorySnapshot, InventorySource } from '../inventory/inventory.ts';
import { prometheusInventory } from './inventory.ts';
import { INVENTORY_FAMILIES, WANTED_FAMILIES } from './mapping.ts';
import { MappingError, normalizePrometheus } from './normalize.ts';
import { ExpositionError, parseExposition, type MetricFamily } from './text-format.ts';

export function federateUrl(endpoint: string, families: readonly string[] = WANTED_FAMILIES): string {
  const match = families.map((n) => `match[]=${encodeURIComponent(`{__name__="${n}"}`)}`).join('&');
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${match}`;
}

export class PrometheusAdapter implements CmpAdapter, InventorySource {
  readonly kind = 'prometheus' as const;
  /** Nodes already told they carry no inventory: said once per node, not every pull. */
  readonly #noInventory = new Set<string>();

  async #families(node: CollectorNode, ctx: CollectContext, families: readonly string[]): Promise<Map<string, MetricFamily>> {
    const url = federateUrl(node.endpoint, families);
    const basic = Buffer.from(`${ctx.credentials.username}:${ctx.credentials.password}`).toString('base64');
    const res = await httpRequest(url, { headers: { authorization: `Basic ${basic}`, accept: 'text/plain;version=0.0.4' } }, httpOptionsFor(node, ctx));
    assertOk(res, url, node.id);
    try {
      return parseExposition(res.text);
    } catch (err) {
      if (err instanceof ExpositionError) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${new URL(node.endpoint).pathname} is not Prometheus text: ${err.message}`, { node: node.id, cause: err });
      throw err;
    }
  }

  async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
    const takenAtMs = ctx.now();
    const families = await this.#families(node, ctx, WANTED_FAMILIES);
    const where = new URL(node.endpoint).pathname;
    try {
      return { nodeId: node.id, takenAtMs, dataCentres: normalizePrometheus(families, node.dataCentres ?? []) };
    } catch (err) {
      if (err instanceof MappingError) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${where}: ${err.message}`, { node: node.id, cause: err });
      throw err;
    }
  }

  async collectInventory(node: CollectorNode, ctx: CollectContext): Promise<InventorySnapshot> {
    const takenAtMs = ctx.now();
    const { systems, missing } = prometheusInventory(await this.#families(node, ctx, Object.values(INVENTORY_FAMILIES)));
    if (missing && !this.#noInventory.has(node.id)) {
      this.#noInventory.add(node.id);
      ctx.logger.info({ node: node.id, reason: missing }, 'this Prometheus node reports no business-system inventory');
    } else if (!missing) this.#noInventory.delete(node.id);
    return { nodeId: node.id, takenAtMs, systems };
  }
}
