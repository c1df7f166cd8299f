/**
 * How one node is pulled (cockatiel), one policy per node so a broken node trips only its own breaker:
 *
 *   breaker( deadline( retry( attempt timeout( adapter.collect ) ) ) )
 *
 * - attempt timeout: one try of the pull; aggressive, so a CMP that never answers cannot hold the
 *   pull even when an adapter ignores the abort signal.
 * - retry: only errors that say a retry can help (outages, 5xx, 429, timeouts), exponential backoff
 *   with decorrelated jitter; never bad credentials or malformed data.
 * - deadline: the whole pull, retries included, ends before the node's next slot is due.
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
  /** One attempt (default 20 s). */
  attemptTimeoutMs?: number;
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
  /** Runs one pull; `signal` aborts when the attempt or the pull runs out of time. */
  execute<T>(attempt: (signal: AbortSignal, attemptNo: number) => Promise<T>): Promise<T>;
  circuit(): CircuitStateName;
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

export function createPullPolicy(o: PullPolicyOptions): PullPolicy {
  const attemptMs = o.attemptTimeoutMs ?? 20_000;
  const retries = o.retries ?? 2;
  const backoffMs = o.backoffMs ?? 1000;
  const deadlineMs = o.deadlineMs ?? attemptMs * (retries + 1) + backoffMs * 2 ** retries;
  const breaker = circuitBreaker(handleAll, {
    breaker: new ConsecutiveBreaker(o.breakAfter ?? 5),
    halfOpenAfter: new ExponentialBackoff({ initialDelay: o.halfOpenAfterMs ?? 60_000, maxDelay: 600_000 }),
  });
  const policy = wrap(
    breaker,
    timeout(deadlineMs, TimeoutStrategy.Aggressive),
    retry(handleWhen(canRetry), { maxAttempts: retries, backoff: new ExponentialBackoff({ initialDelay: backoffMs, maxDelay: 10_000 }) }),
    timeout(attemptMs, TimeoutStrategy.Aggressive),
  );
  if (o.onStateChange) {
    const cb = o.onStateChange;
    breaker.onStateChange((s) => cb(STATE_NAMES[s]));
  }

  return {
    circuit: () => STATE_NAMES[breaker.state],
    async execute(attempt) {
      let attemptNo = 0;
      try {
        // A parent signal per pull: cockatiel's default is one shared signal holding a listener per
        // pull under way, and Node warns of a leak past 10 (any collector of more than 10 nodes).
        return await policy.execute((ctx) => attempt(ctx.signal, ++attemptNo), new AbortController().signal);
      } catch (err) {
        if (isBrokenCircuitError(err)) {
          throw new CollectorError('GCC_ERR_CMP_CIRCUIT_OPEN', `skipped: the last ${o.breakAfter ?? 5} pulls failed, the circuit breaker is open until a trial pull succeeds`, {
            node: o.node,
            retryable: true,
            cause: breaker.lastFailure && 'error' in breaker.lastFailure ? breaker.lastFailure.error : undefined,
          });
        }
        if (isTaskCancelled(err)) {
          throw new CollectorError('GCC_ERR_CMP_TIMEOUT', `the CMP did not answer within ${attemptMs} ms per attempt (${attemptNo} attempt${attemptNo > 1 ? 's' : ''}, pull deadline ${deadlineMs} ms)`, {
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
