/**
 * The console's one error registry (GCC_ERR_WEB_<WHAT>), mirroring the server's GCC_ERR_<AREA>_<WHAT>
 * codes. Every code has a message in each locale (test/i18n-messages.spec.ts checks it).
 */
export const WEB_ERRORS = Object.freeze({
  GCC_ERR_WEB_NETWORK: 'The server could not be reached',
  GCC_ERR_WEB_HTTP: 'The server answered with an HTTP error',
  GCC_ERR_WEB_GRAPHQL: 'The GraphQL server reported errors',
  GCC_ERR_WEB_BAD_RESPONSE: 'The server answered with something that is not a GraphQL response',
  GCC_ERR_WEB_READ_ONLY: 'A kiosk screen is read-only: it never sends mutations',
});

export type WebErrorCode = keyof typeof WEB_ERRORS;
export const WEB_ERROR_CODES = Object.keys(WEB_ERRORS) as WebErrorCode[];

export interface ApiErrorDetails {
  /** HTTP status, when the server answered at all. */
  status?: number;
  /** `extensions.code` of each GraphQL error, when the server gave one. */
  graphqlCodes?: readonly string[];
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: WebErrorCode;
  readonly status: number | undefined;
  readonly graphqlCodes: readonly string[];

  constructor(code: WebErrorCode, message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.graphqlCodes = details.graphqlCodes ?? [];
  }
}

/** A request we cancelled ourselves (superseded or unmounted) is not an error to show. */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('GCC_ERR_WEB_NETWORK', message, { cause: err });
}
