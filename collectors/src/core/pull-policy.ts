/**
 * How one node is pulled (cockatiel), one policy per node so a broken node trips only its own breaker:
 *
 *   breaker( deadline( retry( attempt timeout( adapter.collect ) ) ) )
 *
 * - attempt timeout: one try of the pull; aggressive, so a CMP that never answers cannot hold the
 *   pull even when an adapter ignores the abort signal. It adapts to the node: a pull that timed
 *   out doubles it (up to `maxAttemptTimeoutMs`), a good pull sets it to three times its own
 *   duration (never below the configured one). A large CMP on a slow day (a vCenter of tens of
 *   thousands of VMs, a loaded collector host) is slow but answering: with a fixed timeout every
 *   pull would be cut short and retried, and the node would go stale although each try was
 *   nearly done; this way the second or third pull gets the time it needs.
 * - retry: only errors that say a retry can help (outages, 5xx, 429, timeouts), exponential backoff
 *   with decorrelated jitter; never bad credentials or malformed data.
 * - deadline: the whole pull, retries included, ends before the node's next slot is due, or
 *   after one attempt when the attempt itself needs longer (the schedule skips the slots it covers).
 * - breaker: after `breakAfter` failed pulls in a row the node is skipped (no request reaches its
 *   CMP) until `halfOpenAfter`, then one trial pull decides; the open time doubles while the node
 *   stays broken, up to 10 minutes.
 */
import {
  circuitBreaker, CircuitState, ConsecutiveBreaker, ExponentialBackoff, handleAll, handleWhen, isBrokenCircuitError, retry, timeout, TimeoutStrategy, wrap,
} from 'cockatiel';
import type { CircuitStateName } from '@gcc/domain';
import { CollectorError } from '../errors.ts';

export interface PullPolicyOptions {
  node: string;
  /** One attempt, at first and at least (default 20 s). */
  attemptTimeoutMs?: number;
  /** The longest an attempt may be given after timeouts (default: 10 × attemptTimeoutMs, within 5 min). */
  maxAttemptTimeoutMs?: number;
  /** The whole pull including retries (default: attempt timeout × (retries + 1) + backoff). */
  deadlineMs?: number;
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** First retry delay (default 1 s), growing exponentially to 10 s. */
  backoffMs?: number;
  /** Failed pulls in a row that open the breaker (default 5). */
  breakAfter?: number;
  /** First open period (default 60 s). */
  halfOpenAfterMs?: number;
  onStateChange?: (state: CircuitStateName) => void;
}

export interface PullPolicy {
  /**
   * Runs one pull; `signal` aborts when the attempt or the pull runs out of time; `timeoutMs` is the
   * attempt's time, for the adapter's per-request timeouts.
   */
  execute<T>(attempt: (signal: AbortSignal, attemptNo: number, timeoutMs: number) => Promise<T>): Promise<T>;
  circuit(): CircuitStateName;
  /** The time the next attempt gets (adapted to the node's recent pulls). */
  attemptTimeoutMs(): number;
}

const STATE_NAMES: Readonly<Record<CircuitState, CircuitStateName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

// cockatiel 3.2.1's own isTaskCancelledError tests for the bulkhead's marker: check the right one here.
const isTaskCancelled = (err: unknown) => err instanceof Error && 'isTaskCancelledError' in err;
const canRetry = (err: Error) => isTaskCancelled(err) || (err instanceof CollectorError && err.retryable);

const MAX_ADAPTED_ATTEMPT_MS = 300_000;

export function createPullPolicy(o: PullPolicyOptions): PullPolicy {
  const baseAttemptMs = o.attemptTimeoutMs ?? 20_000;
  const maxAttemptMs = Math.max(baseAttemptMs, o.maxAttemptTimeoutMs ?? Math.min(baseAttemptMs * 10, MAX_ADAPTED_ATTEMPT_MS));
  const retries = o.retries ?? 2;
  const backoffMs = o.backoffMs ?? 1000;
  const baseDeadlineMs = o.deadlineMs ?? baseAttemptMs * (retries + 1) + backoffMs * 2 ** retries;
  const breaker = circuitBreaker(handleAll, {
    breaker: new ConsecutiveBreaker(o.breakAfter ?? 5),
    halfOpenAfter: new ExponentialBackoff({ initialDelay: o.halfOpenAfterMs ?? 60_000, maxDelay: 600_000 }),
  });
  const retryPolicy = retry(handleWhen(canRetry), { maxAttempts: retries, backoff: new ExponentialBackoff({ initialDelay: backoffMs, maxDelay: 10_000 }) });
  let attemptMs = baseAttemptMs;
  // The timeouts change with attemptMs; the breaker (the only state that must persist) is shared.
  const policyFor = (ms: number) => wrap(breaker, timeout(Math.max(baseDeadlineMs, ms), TimeoutStrategy.Aggressive), retryPolicy, timeout(ms, TimeoutStrategy.Aggressive));
  if (o.onStateChange) {
    const cb = o.onStateChange;
    breaker.onStateChange((s) => cb(STATE_NAMES[s]));
  }

  return {
    circuit: () => STATE_NAMES[breaker.state],
    attemptTimeoutMs: () => attemptMs,
    async execute(attempt) {
      let attemptNo = 0;
      const givenMs = attemptMs;
      let attemptStarted = 0;
      try {
        // A parent signal per pull: cockatiel's default is one shared signal holding a listener per
        // pull under way, and Node warns of a leak past 10 (any collector of more than 10 nodes).
        const result = await policyFor(givenMs).execute((ctx) => {
          attemptStarted = performance.now();
          return attempt(ctx.signal, ++attemptNo, givenMs);
        }, new AbortController().signal);
        const tookMs = performance.now() - attemptStarted;
        attemptMs = Math.min(maxAttemptMs, Math.max(baseAttemptMs, Math.ceil(tookMs * 3)));
        return result;
      } catch (err) {
        if (isTaskCancelled(err)) attemptMs = Math.min(maxAttemptMs, givenMs * 2);
        if (isBrokenCircuitError(err)) {
          throw new CollectorError('GCC_ERR_CMP_CIRCUIT_OPEN', `skipped: the last ${o.breakAfter ?? 5} pulls failed, the circuit breaker is open until a trial pull succeeds`, {
            node: o.node,
            retryable: true,
            cause: breaker.lastFailure && 'error' in breaker.lastFailure ? breaker.lastFailure.error : undefined,
          });
        }
        if (isTaskCancelled(err)) {
          throw new CollectorError('GCC_ERR_CMP_TIMEOUT', `the CMP did not answer within ${givenMs} ms per attempt (${attemptNo} attempt${attemptNo > 1 ? 's' : ''}, pull deadline ${Math.max(baseDeadlineMs, givenMs)} ms; the next pull gets ${attemptMs} ms)`, {
            node: o.node,
            retryable: true,
            cause: err,
          });
        }
        throw err;
      }
    },
  };
}
