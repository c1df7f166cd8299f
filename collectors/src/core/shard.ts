/**
 * Splitting the province between collector processes: `--shard i/n` takes the nodes whose stable
 * hash (FNV-1a of the id, the same on every machine and every run) mod n is i; `--nodes a,b` takes
 * the nodes named. Run n processes with 0/n … (n-1)/n and every node is pulled by exactly one.
 */
import { CollectorError } from '../errors.ts';

export interface NodeSelection {
  shard?: { index: number; count: number };
  nodeIds?: readonly string[];
}

/** 32-bit FNV-1a of the node id. */
export function nodeHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function parseShard(raw: string): { index: number; count: number } {
  const m = raw.trim().match(/^(\d+)\/(\d+)$/);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new CollectorError('GCC_ERR_COLLECTOR_SHARD_INVALID', `--shard must be INDEX/COUNT with 0 ≤ INDEX < COUNT, such as 2/4, got "${raw}"`);
  }
  return { index, count };
}

export function inShard(id: string, shard: { index: number; count: number }): boolean {
  return nodeHash(id) % shard.count === shard.index;
}

/** Whether a selection keeps this node. */
export function inSelection(id: string, sel: NodeSelection): boolean {
  return (!sel.nodeIds || sel.nodeIds.includes(id)) && (!sel.shard || inShard(id, sel.shard));
}

/** The nodes a selection keeps, in configuration order; names every node it cannot find. */
export function selectNodes<N extends { id: string }>(nodes: readonly N[], sel: NodeSelection): N[] {
  if (sel.nodeIds) {
    const known = new Set(nodes.map((n) => n.id));
    const unknown = sel.nodeIds.filter((id) => !known.has(id));
    if (unknown.length) throw new CollectorError('GCC_ERR_COLLECTOR_SHARD_INVALID', `--nodes names nodes the configuration does not list: ${unknown.join(', ')}`);
  }
  const kept = nodes.filter((n) => inSelection(n.id, sel));
  if (!kept.length) {
    const what = [sel.shard ? `--shard ${sel.shard.index}/${sel.shard.count}` : '', sel.nodeIds ? `--nodes ${sel.nodeIds.join(',')}` : ''].filter(Boolean).join(' with ');
    throw new CollectorError('GCC_ERR_COLLECTOR_SHARD_INVALID', `${what} selects none of the ${nodes.length} configured nodes: use fewer shards or other nodes`);
  }
  return kept;
}
