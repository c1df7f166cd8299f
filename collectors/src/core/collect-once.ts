/**
 * One pull of one node: adapter → snapshot → samples → VictoriaMetrics, plus the node's health
 * series. A failed pull is logged and counted (gcc_collector_pull_failures_total), never thrown:
 * the schedule goes on and the next pull may succeed.
 */
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CmpAdapter, CmpCredentials, CollectorNode, NodeSnapshot } from './cmp-adapter.ts';
import type { Sample } from './sample.ts';
import { dataCentreSamples, healthSamples } from './series.ts';
import type { VmWriter } from './vm-writer.ts';

export interface NodeHealthState {
  failuresTotal: number;
  lastSuccessMs: number | null;
}

export interface CollectOnceDeps {
  adapter: CmpAdapter;
  writer: VmWriter;
  credentials: CmpCredentials;
  logger: Logger;
  now?: () => number;
  /** Per CMP request (default 20 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Carried between pulls of the same node. */
  health?: NodeHealthState;
}

export interface CollectOutcome {
  ok: boolean;
  node: string;
  samples: number;
  durationSeconds: number;
  snapshot: NodeSnapshot | null;
  error: CollectorError | null;
}

function asCollectorError(err: unknown, node: string): CollectorError {
  if (err instanceof CollectorError) return err;
  return new CollectorError('GCC_ERR_CMP_MALFORMED', `unexpected failure: ${(err as Error)?.message ?? String(err)}`, { node, cause: err });
}

export function snapshotSamples(node: CollectorNode, snapshot: NodeSnapshot): Sample[] {
  return Object.entries(snapshot.dataCentres).flatMap(([dc, figures]) => [...dataCentreSamples(node, dc, figures, snapshot.takenAtMs)]);
}

export async function collectOnce(node: CollectorNode, deps: CollectOnceDeps): Promise<CollectOutcome> {
  const now = deps.now ?? Date.now;
  const health = deps.health ?? { failuresTotal: 0, lastSuccessMs: null };
  const log = deps.logger.child({ node: node.id, cmp: node.cmpKind });
  const started = performance.now();
  let snapshot: NodeSnapshot | null = null;
  let samples: Sample[] = [];
  let error: CollectorError | null = null;
  try {
    snapshot = await deps.adapter.collect(node, {
      credentials: deps.credentials,
      logger: log,
      now,
      timeoutMs: deps.timeoutMs ?? 20_000,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    samples = snapshotSamples(node, snapshot);
  } catch (err) {
    error = asCollectorError(err, node.id);
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const at = snapshot?.takenAtMs ?? now();
  if (error) health.failuresTotal += 1;
  else health.lastSuccessMs = at;
  const all = [...samples, ...healthSamples(node, { ok: !error, durationSeconds, samples: samples.length, failuresTotal: health.failuresTotal, lastSuccessMs: health.lastSuccessMs }, at)];

  try {
    await deps.writer.write(all);
  } catch (err) {
    const writeError = asCollectorError(err, node.id);
    if (!error) health.failuresTotal += 1;
    error ??= writeError;
    if (writeError !== error) log.error({ err: writeError }, 'could not record the failed pull in VictoriaMetrics');
  }
  if (error) {
    log.warn({ err: error, code: error.code, retryable: error.retryable, durationSeconds }, 'pull failed');
    return { ok: false, node: node.id, samples: 0, durationSeconds, snapshot, error };
  }
  log.info({ samples: samples.length, durationSeconds: Math.round(durationSeconds * 1000) / 1000 }, 'pulled');
  return { ok: true, node: node.id, samples: samples.length, durationSeconds, snapshot, error: null };
}
