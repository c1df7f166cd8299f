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
  GCC_ERR_INPUT_SYSTEMS_PAGE: 'A business-system list request is not valid (search too long, offset or limit out of range)',
  GCC_ERR_LISTEN_PORT_IN_USE: 'The port is already in use',
  GCC_ERR_INVENTORY_INVALID: 'A CMP inventory is not in the expected shape',
  GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS: 'A CMP inventory names business systems the registry does not know',
  GCC_ERR_AUTH_REQUIRED: 'The request has no bearer token and this server requires one',
  GCC_ERR_AUTH_INVALID_TOKEN: 'The bearer token is unknown, expired or revoked, or its user is disabled',
  GCC_ERR_AUTH_FORBIDDEN: "The token's user may not see this (e.g. another city's detail)",
  GCC_ERR_AUTH_READ_ONLY: 'The token is read-only (a kiosk or a viewer role): mutations are refused',
  GCC_ERR_ACCESS_INPUT: 'A user, role, city or token argument is not valid',
  GCC_ERR_LIMIT_DEPTH: 'The query nests fields deeper than the server allows',
  GCC_ERR_LIMIT_ALIASES: 'The query uses more aliases than the server allows',
  GCC_ERR_LIMIT_COST: 'The query would cost more than the server allows (estimated from its fields and lists)',
  GCC_ERR_LIMIT_BATCH: 'A batch holds more operations than the server allows',
  GCC_ERR_LIMIT_TIMEOUT: 'The request took longer than the server allows and was stopped',
  GCC_ERR_HTTP_METHOD: 'GraphQL queries are POSTed; GET /graphql is only the WebSocket endpoint of subscriptions',
  GCC_ERR_INPUT_EVENT_ID: 'A security event id is not an event id (a decimal number)',
  GCC_ERR_SECURITY_UNAUTHORIZED: 'A security platform token is missing, unknown or revoked',
  GCC_ERR_SECURITY_BODY_INVALID: 'A security push API body is not JSON or not in the v1 shape',
  GCC_ERR_SECURITY_BODY_TOO_LARGE: 'A security push API body is over the published size limit',
  GCC_ERR_SECURITY_OVERLOADED: 'Security event ingestion is over capacity: retry after a pause',
  GCC_ERR_SECURITY_STORE_FAILED: 'Security events could not be stored: retry',
  GCC_ERR_SECURITY_FORBIDDEN: 'A city user asked for another city\'s security data or alerts',
  GCC_ERR_ALERT_RULE_INVALID: 'A warning rule is not valid for its kind',
  GCC_ERR_ALERT_NOT_FOUND: 'No such alert, rule, silence or webhook',
  GCC_ERR_ALERT_TRANSITION: 'An alert cannot make that transition (e.g. acknowledge a resolved alert)',
  GCC_ERR_ALERT_SILENCE_INVALID: 'A silence is not valid (it must match something and end after it starts)',
  GCC_ERR_ALERT_WEBHOOK_INVALID: 'A webhook URL is not an http(s) URL',
  GCC_ERR_REPORT_INPUT: 'A report definition, period or request is not valid (every problem is named)',
  GCC_ERR_REPORT_NOT_FOUND: 'No such report definition, run or bulletin',
  GCC_ERR_REPORT_FORBIDDEN: "A city user asked for a report of another city or of the whole province, or a user may not change reports",
  GCC_ERR_REPORT_NOT_READY: 'The report run has not succeeded (it is running or failed): nothing to download yet',
  GCC_ERR_REPORT_RENDER: 'The PDF could not be rendered (Chromium or the built console is missing, or rendering failed)',
  GCC_ERR_BULLETIN_FROZEN: 'A published bulletin cannot be changed or deleted: issue a correction (a new version)',
  GCC_ERR_BULLETIN_TRANSITION: 'A bulletin cannot make that step (draft → reviewed → published; corrections of published versions only)',
  GCC_ERR_BULLETIN_FOUR_EYES: "A bulletin's reviewer must not be its author (four eyes): another user reviews it",
  GCC_ERR_PROVIDER_INPUT: 'A provider, incident, satisfaction score or assessment weight is not valid (every problem is named)',
  GCC_ERR_PROVIDER_FORBIDDEN: "A provider account asked for another provider's figures, or a department scored a provider that does not serve it",
  GCC_ERR_SCHED_NOT_FOUND: 'No such scheduling order, request, system or plan move',
  GCC_ERR_SCHED_UNKNOWN_NODE: 'A scheduling move names a node the registry does not know',
  GCC_ERR_SCHED_NODE_NOT_ELIGIBLE: 'A node is not in the elastic pool (not live, stale data, or a PRD cloud without interconnection)',
  GCC_ERR_SCHED_CROSS_POOL: 'A move crosses CPU architecture pools (信创): capacity moves only within one architecture',
  GCC_ERR_SCHED_NETWORK: 'The two nodes are in government-network regions that do not reach each other',
  GCC_ERR_SCHED_RESIDENCY: 'The data must stay in its city: the move would take it elsewhere',
  GCC_ERR_SCHED_INSUFFICIENT_FREE: 'The destination has less free capacity (outside the emergency reserve) than the move needs',
  GCC_ERR_SCHED_INSUFFICIENT_SOURCE: 'The source holds less allocated capacity than the move takes away',
  GCC_ERR_SCHED_CAPACITY_BOOKED: 'Approved orders already book the capacity this order needs',
  GCC_ERR_SCHED_TRANSITION: 'An order cannot make that step from its current status (e.g. approving twice)',
  GCC_ERR_SCHED_FORBIDDEN: 'The step needs another role (approval: provincial admin; execution: provincial admin or operations centre)',
  GCC_ERR_SCHED_INPUT: 'A scheduling input is not valid (amount, scenario)',
  GCC_ERR_SCHED_EXECUTION: 'The CMP refused or failed the quota change',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** HTTP status for codes that reject a whole request before or instead of execution. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  GCC_ERR_AUTH_REQUIRED: 401,
  GCC_ERR_AUTH_INVALID_TOKEN: 401,
  GCC_ERR_AUTH_FORBIDDEN: 403,
  GCC_ERR_AUTH_READ_ONLY: 403,
  GCC_ERR_LIMIT_DEPTH: 400,
  GCC_ERR_LIMIT_ALIASES: 400,
  GCC_ERR_LIMIT_COST: 400,
  GCC_ERR_LIMIT_BATCH: 400,
  GCC_ERR_LIMIT_TIMEOUT: 503,
  GCC_ERR_HTTP_METHOD: 405,
};

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

  /** Used by mercurius when the error rejects the whole request (no data): 401, 403, 400, 503. */
  get statusCode(): number | undefined {
    return HTTP_STATUS[this.code];
  }
}
