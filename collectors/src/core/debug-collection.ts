/**
 * `collect --record DIR` and `collect --replay DIR`: one collection through the same adapters and
 * the same plausibility rules as the running collector, recorded from the CMPs or replayed from
 * disk, reported as normalized snapshots. Nothing is written to VictoriaMetrics.
 */
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { adapterFor, type AdapterRegistry } from './adapters.ts';
import type { CmpCredentials, CollectorNode, NodeSnapshot } from './cmp-adapter.ts';
import { assertPlausible } from './plausibility.ts';
import { createRecorder, recordedNodes, replayFetch } from './recording.ts';

export interface DebugResult {
  node: string;
  cmp: string;
  takenAt: string;
  ok: boolean;
  snapshot: NodeSnapshot | null;
  error: { code: string; message: string; retryable: boolean } | null;
}

const REPLAY_CREDENTIALS: CmpCredentials = { username: 'replay', password: 'replay', projectName: 'replay', domainName: 'Default' };

async function pull(node: CollectorNode, adapters: AdapterRegistry, credentials: CmpCredentials, logger: Logger, now: () => number, doFetch: typeof fetch, timeoutMs: number): Promise<DebugResult> {
  const at = now();
  try {
    const snapshot = await adapterFor(adapters, node.cmpKind, node.id).collect(node, { credentials, logger: logger.child({ node: node.id, cmp: node.cmpKind }), now, timeoutMs, fetch: doFetch });
    assertPlausible(node.id, snapshot, null);
    return { node: node.id, cmp: node.cmpKind, takenAt: new Date(snapshot.takenAtMs).toISOString(), ok: true, snapshot, error: null };
  } catch (err) {
    const e = err instanceof CollectorError ? err : new CollectorError('GCC_ERR_CMP_MALFORMED', `unexpected failure: ${(err as Error)?.message ?? String(err)}`, { node: node.id, cause: err });
    return { node: node.id, cmp: node.cmpKind, takenAt: new Date(at).toISOString(), ok: false, snapshot: null, error: { code: e.code, message: e.message, retryable: e.retryable } };
  }
}

/** Pulls each node once from its CMP, saving every exchange under DIR/<node id>/. */
export async function recordCollection(o: {
  dir: string;
  nodes: readonly CollectorNode[];
  credentials: ReadonlyMap<string, CmpCredentials>;
  adapters: AdapterRegistry;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Promise<DebugResult[]> {
  return Promise.all(
    o.nodes.map(async (node) => {
      const credentials = o.credentials.get(node.id)!;
      const recorder = createRecorder(o.dir, [credentials.password], o.fetch ?? fetch);
      const takenAtMs = Date.now();
      const result = await pull(node, o.adapters, credentials, o.logger, () => takenAtMs, recorder.fetch, o.timeoutMs ?? 20_000);
      recorder.save(node, takenAtMs);
      return result;
    }),
  );
}

/** Replays every node recorded in DIR offline, at the instant it was recorded. */
export async function replayRecording(o: { dir: string; adapters: AdapterRegistry; logger: Logger }): Promise<DebugResult[]> {
  const out: DebugResult[] = [];
  for (const { dir, meta } of recordedNodes(o.dir)) {
    out.push(await pull(meta.node, o.adapters, REPLAY_CREDENTIALS, o.logger, () => meta.takenAtMs, replayFetch(dir, meta.node.id), 5000));
  }
  return out;
}
