/**
 * The collectors' error registry: every failure a caller or log reader sees has a code with an area
 * prefix, says which node (when there is one) and whether trying again can help.
 */
export const COLLECTOR_ERROR_CODES = {
  GCC_ERR_COLLECTOR_CONFIG_INVALID: 'The collector configuration is invalid',
  GCC_ERR_COLLECTOR_CREDENTIAL_MISSING: 'The environment variable a node’s credentialRef names is not set',
  GCC_ERR_COLLECTOR_NO_ADAPTER: 'No adapter speaks this CMP kind yet',
  GCC_ERR_CMP_UNREACHABLE: 'The CMP did not answer (connection refused, DNS, reset)',
  GCC_ERR_CMP_TIMEOUT: 'The CMP did not answer in time',
  GCC_ERR_CMP_AUTH: 'The CMP refused the credentials',
  GCC_ERR_CMP_HTTP: 'The CMP answered with an HTTP error',
  GCC_ERR_CMP_MALFORMED: 'The CMP answered with a body that is not the API’s shape',
  GCC_ERR_CMP_CATALOG: 'The CMP’s service catalog lacks a service the adapter needs',
  GCC_ERR_CMP_IMPLAUSIBLE: 'The CMP’s figures fail a plausibility rule (negative, used far above total, a unit jump, a missing field): nothing of the pull is written',
  GCC_ERR_CMP_CIRCUIT_OPEN: 'The node failed too often in a row: its pulls are skipped until the circuit breaker lets a trial pull through',
  GCC_ERR_COLLECTOR_BUFFER_FULL: 'The on-disk buffer reached its size limit while VictoriaMetrics was unavailable: new samples are dropped',
  GCC_ERR_COLLECTOR_BUFFER_LOCKED: 'Another running collector owns the on-disk buffer directory',
  GCC_ERR_COLLECTOR_BUFFER_IO: 'The on-disk buffer could not be read or written',
  GCC_ERR_COLLECTOR_REPLAY_MISSING: 'A replayed collection asked for a request the recording does not hold',
  GCC_ERR_COLLECTOR_SHARD_INVALID: 'The --shard or --nodes selection is invalid',
  GCC_ERR_COLLECTOR_TARGETS_UNAVAILABLE: 'The server’s node list could not be read: the last one is kept',
  GCC_ERR_COLLECTOR_TARGETS_REFUSED: 'The server refused the collector’s token (GCC_COLLECTOR_TOKEN): the last node list is kept',
  GCC_ERR_VM_UNREACHABLE: 'VictoriaMetrics cannot be reached',
  GCC_ERR_VM_REJECTED: 'VictoriaMetrics rejected the samples (bad request)',
  GCC_ERR_VM_WRITE_FAILED: 'VictoriaMetrics kept failing after retries',
  GCC_ERR_INVENTORY_POST_FAILED: 'The server did not take a node’s business-system inventory',
  GCC_ERR_IMPORT_INVALID: 'A provider utilization table has a bad header, unit, date or value',
} as const;

export type CollectorErrorCode = keyof typeof COLLECTOR_ERROR_CODES;

export class CollectorError extends Error {
  readonly code: CollectorErrorCode;
  /** Whether trying again later can help (an outage) or not (bad credentials, bad data). */
  readonly retryable: boolean;
  readonly node: string | undefined;
  readonly status: number | undefined;

  constructor(
    code: CollectorErrorCode,
    message: string,
    options: { node?: string; retryable?: boolean; status?: number; cause?: unknown } = {},
  ) {
    const prefix = options.node ? `node ${options.node}: ` : '';
    const hint = options.retryable ? ' (retrying may help)' : '';
    super(`${prefix}${message}${hint}`, { cause: options.cause });
    this.name = 'CollectorError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.node = options.node;
    this.status = options.status;
  }
}
