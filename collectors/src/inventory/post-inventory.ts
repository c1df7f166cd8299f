/**
 * Sends a node's inventory to the server (POST {serverUrl}/api/inventory/:nodeId), and the adapter
 * wrapper that does so after every good pull. A failed post is logged with the server's reason and
 * never fails the pull: capacity figures and the inventory are independent.
 */
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { httpRequest } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { hasInventory, type InventorySnapshot } from './inventory.ts';

export interface InventoryPostOptions {
  serverUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface InventoryPostResult {
  systems: number;
  becameOnCloud: string[];
  placed: string[];
  untouched: { code: string; status: string }[];
}

export async function postInventory(snapshot: InventorySnapshot, o: InventoryPostOptions): Promise<InventoryPostResult> {
  const url = `${o.serverUrl.replace(/\/+$/, '')}/api/inventory/${encodeURIComponent(snapshot.nodeId)}`;
  const body = JSON.stringify({ takenAt: new Date(snapshot.takenAtMs).toISOString(), systems: snapshot.systems });
  const res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, { node: snapshot.nodeId, timeoutMs: o.timeoutMs ?? 30_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  let answer: { message?: string } & Partial<InventoryPostResult> = {};
  try {
    answer = JSON.parse(res.text);
  } catch {
    // not JSON: reported by status below
  }
  if (res.status !== 200) {
    throw new CollectorError('GCC_ERR_INVENTORY_POST_FAILED', `the server refused the inventory (${res.status}): ${answer.message ?? res.text.slice(0, 200)}`, { node: snapshot.nodeId, status: res.status, retryable: res.status >= 500 || res.status === 429 });
  }
  return answer as InventoryPostResult;
}

/** The adapter, plus: after each good pull, read the node's inventory (when the kind has one) and post it. */
export function withInventoryPosting(adapter: CmpAdapter, o: InventoryPostOptions): CmpAdapter {
  if (!hasInventory(adapter)) return adapter;
  return {
    kind: adapter.kind,
    async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
      const snapshot = await adapter.collect(node, ctx);
      try {
        const inventory = await adapter.collectInventory(node, ctx);
        const r = await postInventory(inventory, { ...o, ...(ctx.fetch && !o.fetch ? { fetch: ctx.fetch } : {}) });
        ctx.logger.info({ node: node.id, systems: r.systems, becameOnCloud: r.becameOnCloud.length, placed: r.placed.length }, 'inventory posted');
      } catch (err) {
        ctx.logger.warn({ err, node: node.id }, 'inventory not posted; capacity figures unaffected');
      }
      return snapshot;
    },
  };
}
