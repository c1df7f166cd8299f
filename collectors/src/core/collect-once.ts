/**
 * One pull of one node: adapter (under the node's pull policy: timeout, retries, breaker) →
 * plausibility → samples → VictoriaMetrics, plus the node's health series. A failed pull is logged
 * and counted (gcc_collector_pull_failures_total), never thrown: the schedule goes on and the next
 * pull may succeed. A rejected snapshot writes none of its figures, only the health series.
 */
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CmpAdapter, CmpCredentials, CollectContext, CollectorNode, NodeSnapshot } from './cmp-adapter.ts';
import type { PullRecord } from './node-status.ts';
import { assertPlausible } from './plausibility.ts';
import type { PullPolicy } from './pull-policy.ts';
import type { Sample } from './sample.ts';
import { dataCentreSamples, healthSamples } from './series.ts';
import type { VmWriter } from './vm-writer.ts';

export interface NodeHealthState {
  failuresTotal: number;
  lastSuccessMs: number | null;
  /** The last snapshot that passed plausibility: the reference for unit-jump checks. */
  lastGood?: NodeSnapshot | null;
  pullsTotal?: number;
  consecutiveFailures?: number;
  lastPull?: PullRecord | null;
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
  /** The node's timeout/retry/breaker policy (collector.ts makes one per node); none: one plain try. */
  policy?: PullPolicy;
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
  const attemptAt = now();
  let snapshot: NodeSnapshot | null = null;
  let samples: Sample[] = [];
  let error: CollectorError | null = null;
  const ctx: CollectContext = {
    credentials: deps.credentials,
    logger: log,
    now,
    timeoutMs: deps.timeoutMs ?? 20_000,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  try {
    snapshot = deps.policy
      ? await deps.policy.execute((signal, attempt, timeoutMs) => {
          if (attempt > 1) log.info({ attempt }, 'retrying the pull');
          // Each CMP request may take as long as the attempt (the policy adapts it to the node).
          return deps.adapter.collect(node, { ...ctx, timeoutMs: Math.max(ctx.timeoutMs, timeoutMs), signal });
        })
      : await deps.adapter.collect(node, ctx);
    assertPlausible(node.id, snapshot, health.lastGood ?? null);
    samples = snapshotSamples(node, snapshot);
  } catch (err) {
    error = asCollectorError(err, node.id);
    samples = [];
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const at = (!error && snapshot?.takenAtMs) || attemptAt;
  const record = (ok: boolean) => {
    health.pullsTotal = (health.pullsTotal ?? 0) + 1;
    if (ok) {
      health.lastSuccessMs = at;
      health.lastGood = snapshot;
      health.consecutiveFailures = 0;
    } else {
      health.failuresTotal += 1;
      health.consecutiveFailures = (health.consecutiveFailures ?? 0) + 1;
    }
  };
  record(!error);
  const circuit = deps.policy?.circuit();
  const all = [
    ...samples,
    ...healthSamples(node, { ok: !error, durationSeconds, samples: samples.length, failuresTotal: health.failuresTotal, lastSuccessMs: health.lastSuccessMs, ...(circuit ? { circuit } : {}) }, at),
  ];

  try {
    await deps.writer.write(all);
  } catch (err) {
    const writeError = asCollectorError(err, node.id);
    if (!error) {
      // The pull was good but its samples are not stored: it does not count as a good pull.
      health.failuresTotal += 1;
      health.consecutiveFailures = (health.consecutiveFailures ?? 0) + 1;
    }
    error ??= writeError;
    if (writeError !== error) log.error({ err: writeError }, 'could not record the failed pull in VictoriaMetrics');
  }
  const ok = !error;
  health.lastPull = {
    ok,
    atMs: at,
    durationSeconds,
    samples: ok ? samples.length : 0,
    error: error ? { code: error.code, message: error.message, retryable: error.retryable } : null,
  };
  if (error) {
    log.warn({ err: error, code: error.code, retryable: error.retryable, durationSeconds }, 'pull failed');
    return { ok: false, node: node.id, samples: 0, durationSeconds, snapshot, error };
  }
  log.info({ samples: samples.length, durationSeconds: Math.round(durationSeconds * 1000) / 1000 }, 'pulled');
  return { ok: true, node: node.id, samples: samples.length, durationSeconds, snapshot, error: null };
}
