/**
 * The server's error registry: every error a caller can see has a code with an area prefix
 * (GCC_ERR_<AREA>_<WHAT>), a message, and for GraphQL an `extensions.code`.
 */
export const ERROR_CODES = {
  GCC_ERR_CONFIG_INVALID: 'Configuration is invalid',
  GCC_ERR_DB_UNREACHABLE: 'The database cannot be reached',
  GCC_ERR_DB_MIGRATION_CHANGED: 'An applied migration was changed after it ran',
  GCC_ERR_DB_MIGRATION_FAILED: 'A migration failed and was rolled back',
  GCC_ERR_VM_UNAVAILABLE: 'VictoriaMetrics is unreachable or overloaded',
  GCC_ERR_VM_QUERY: 'VictoriaMetrics rejected a query',
  GCC_ERR_INPUT_UNKNOWN_NODE: 'No such node',
  GCC_ERR_INPUT_UNKNOWN_CITY: 'No such city (expects an administrative code such as 440200)',
  GCC_ERR_INPUT_DATE: 'A date or time is not valid ISO 8601',
  GCC_ERR_INPUT_TIME_IN_FUTURE: 'Indicators are computed for the past and present, not the future',
  GCC_ERR_INPUT_RANGE_INVERTED: 'A time range ends before it starts',
  GCC_ERR_INPUT_RANGE_TOO_LARGE: 'A time range is longer than the server allows',
  GCC_ERR_INPUT_STEP: 'A step is too small, too large, or would give too many points',
  GCC_ERR_LISTEN_PORT_IN_USE: 'The port is already in use',
  GCC_ERR_INVENTORY_INVALID: 'A CMP inventory is not in the expected shape',
  GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS: 'A CMP inventory names business systems the registry does not know',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class GccError extends Error {
  readonly code: ErrorCode;
  /** Whether trying again later can help (an outage) or not (a bad input). */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GccError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  /**
   * graphql-js copies an original error's `extensions` onto the GraphQL error it wraps it in, so
   * every GraphQL answer (queries, subscriptions, batches) carries the code without a formatter.
   */
  get extensions(): { code: ErrorCode; retryable: boolean } {
    return { code: this.code, retryable: this.retryable };
  }
}
