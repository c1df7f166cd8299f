/**
 * Sends a node's inventory to the server (POST {serverUrl}/api/inventory/:nodeId with the
 * collector's bearer token: an OPERATOR or PROVINCIAL_ADMIN user's), and the adapter wrapper that
 * does so after every good pull. A failed post is logged with the server's code and reason and
 * never fails the pull: capacity figures and the inventory are independent. An empty inventory is
 * not sent (the server never un-places a system, so it would change nothing).
 */
import type { AdapterRegistry } from '../core/adapters.ts';
import type { CmpAdapter, CollectContext, CollectorNode, NodeSnapshot } from '../core/cmp-adapter.ts';
import { httpRequest } from '../core/http.ts';
import { CollectorError } from '../errors.ts';
import { hasInventory, type InventorySnapshot, type InventorySource } from './inventory.ts';

export interface InventoryPostOptions {
  serverUrl: string;
  /** The collector's API token (GCC_COLLECTOR_TOKEN). */
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Read a node's inventory at most this often (default 5 min): it changes over days, and reading it costs the CMP more than a pull. */
  everyMs?: number;
  /** Inventories read or posted at once, across nodes (default 2), so the first pass does not crowd out the pulls. */
  concurrency?: number;
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
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${o.token}` };
  const res = await httpRequest(url, { method: 'POST', headers, body }, { node: snapshot.nodeId, timeoutMs: o.timeoutMs ?? 30_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  let answer: { code?: string; message?: string } & Partial<InventoryPostResult> = {};
  try {
    answer = JSON.parse(res.text);
  } catch {
    // not JSON: reported by status below
  }
  if (res.status !== 200) {
    const hint = res.status === 401 || res.status === 403 ? ' (check GCC_COLLECTOR_TOKEN: an OPERATOR or PROVINCIAL_ADMIN token, not read-only)' : '';
    const code = answer.code ? ` ${answer.code}` : '';
    throw new CollectorError('GCC_ERR_INVENTORY_POST_FAILED', `the server refused the inventory (${res.status}${code}): ${answer.message ?? res.text.slice(0, 200)}${hint}`, { node: snapshot.nodeId, status: res.status, retryable: res.status >= 500 || res.status === 429 });
  }
  return answer as InventoryPostResult;
}

export interface InventoryPostingAdapter extends CmpAdapter {
  /** Resolves when no inventory of any node is being read or posted (`collect.ts --once` waits for it). */
  idle(): Promise<void>;
}

/**
 * The adapters, plus: after a good pull, read the node's inventory (when the kind has one) and post
 * it, every `everyMs` at most. This runs beside the schedule, not inside the pull: the pull's
 * deadline aborts its signal when it returns (cockatiel), and a slow inventory must not fail good
 * capacity figures. One inventory per node at a time, and `concurrency` in all, across the
 * adapters wrapped together: the others wait their turn.
 */
export function withInventoryPostingAll(adapters: AdapterRegistry, o: InventoryPostOptions): { adapters: AdapterRegistry; idle(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  const startedAt = new Map<string, number>();
  const everyMs = o.everyMs ?? 5 * 60_000;
  const concurrency = o.concurrency ?? 2;
  let active = 0;
  const waiting: (() => void)[] = [];
  // A finishing inventory hands its slot to the next waiting one.
  const turn = () => (active < concurrency ? (active++, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)));
  const done = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const inventory = async (adapter: CmpAdapter & InventorySource, node: CollectorNode, ctx: CollectContext) => {
    await turn();
    try {
      const own: CollectContext = { ...ctx };
      delete own.signal;
      const snapshot = await adapter.collectInventory(node, own);
      if (!snapshot.systems.length) return void ctx.logger.debug({ node: node.id }, 'no business system seen running: nothing to post');
      const r = await postInventory(snapshot, { ...o, ...(ctx.fetch && !o.fetch ? { fetch: ctx.fetch } : {}) });
      const changed = r.becameOnCloud.length > 0 || r.placed.length > 0;
      ctx.logger[changed ? 'info' : 'debug']({ node: node.id, systems: r.systems, becameOnCloud: r.becameOnCloud.length, placed: r.placed.length }, 'inventory posted');
    } catch (err) {
      ctx.logger.warn({ err, node: node.id }, 'inventory not posted; capacity figures unaffected');
    } finally {
      done();
    }
  };
  const wrap = (adapter: CmpAdapter): CmpAdapter => {
    if (!hasInventory(adapter)) return adapter;
    return {
      kind: adapter.kind,
      async collect(node: CollectorNode, ctx: CollectContext): Promise<NodeSnapshot> {
        const snapshot = await adapter.collect(node, ctx);
        const now = ctx.now();
        const last = startedAt.get(node.id);
        if (running.has(node.id) || (last !== undefined && now - last < everyMs)) return snapshot;
        startedAt.set(node.id, now);
        running.set(node.id, inventory(adapter, node, ctx).finally(() => running.delete(node.id)));
        return snapshot;
      },
    };
  };
  return {
    adapters: Object.fromEntries(Object.entries(adapters).map(([kind, a]) => [kind, wrap(a)])) as AdapterRegistry,
    idle: async () => void (await Promise.all(running.values())),
  };
}

/** One adapter with inventory posting (withInventoryPostingAll for several sharing one limit). */
export function withInventoryPosting(adapter: CmpAdapter, o: InventoryPostOptions): InventoryPostingAdapter {
  const { adapters, idle } = withInventoryPostingAll({ [adapter.kind]: adapter }, o);
  return { kind: adapter.kind, collect: (node, ctx) => adapters[adapter.kind]!.collect(node, ctx), idle };
}
