/**
 * The one GraphQL client: POST {query, operationName, variables} as JSON to the same origin.
 * Any GraphQL error fails the whole request: a panel never renders half an answer as if it were whole.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { ApiError, isAbortError } from './errors.ts';

export type Variables = Record<string, unknown>;

/**
 * A query document as the client sends it, carrying its result and variable types (phantom
 * fields, never set). Made by defineQuery from a generated document: never typed by hand.
 */
export interface QueryDocument<TData, TVars extends Variables = Record<string, never>> {
  readonly operationName: string;
  readonly source: string;
  readonly __data?: TData;
  readonly __variables?: TVars;
}

// Generated texts are printed by graphql-js: the operation first, then the fragments it spreads.
const OPERATION = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;
const withoutComments = (source: string) => source.replace(/#[^\n]*/g, '');

/**
 * The client's document for one named operation of `graphql(...)` (generated/gql.ts): its text, with
 * the result and variable types GraphQL Code Generator derived from the server's schema.
 */
export function defineQuery<TData, TVars extends Variables>(document: DocumentTypeDecoration<TData, TVars>): QueryDocument<TData, TVars> {
  const source = String(document);
  const operationName = OPERATION.exec(withoutComments(source))?.[1];
  // graphql() answers {} for a text codegen has not seen: fail where the document is defined, not at its first request.
  if (!operationName) throw new Error(`defineQuery: not a named operation codegen has seen (pnpm --filter @gcc/web run codegen): ${source.slice(0, 80)}`);
  return Object.freeze({ operationName, source });
}

export interface GraphQLClient {
  request<TData, TVars extends Variables>(
    document: QueryDocument<TData, TVars>,
    variables?: TVars,
    signal?: AbortSignal,
  ): Promise<TData>;
}

export interface GraphQLClientOptions {
  endpoint?: string;
  fetch?: typeof globalThis.fetch;
  /** Sent as `authorization: Bearer <token>` (a kiosk's read-only token from `?token=`). */
  token?: string;
  /** Refuse mutations before they leave the browser (kiosk mode); the server enforces it too. */
  readOnly?: boolean;
}

/** True when the document is a mutation (the only kind of operation that writes). */
export function isWriteOperation(source: string): boolean {
  return /^\s*mutation\b/.test(withoutComments(source));
}

export const GRAPHQL_ENDPOINT = '/graphql';

interface GraphQLErrorBody {
  message?: unknown;
  extensions?: { code?: unknown };
}

interface GraphQLResponseBody {
  data?: unknown;
  errors?: GraphQLErrorBody[];
}

export function createGraphQLClient(options: GraphQLClientOptions = {}): GraphQLClient {
  const endpoint = options.endpoint ?? GRAPHQL_ENDPOINT;
  // Called through a closure: a detached `window.fetch` throws "Illegal invocation".
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  return {
    async request<TData, TVars extends Variables>(
      document: QueryDocument<TData, TVars>,
      variables?: TVars,
      signal?: AbortSignal,
    ): Promise<TData> {
      if (options.readOnly && isWriteOperation(document.source)) {
        throw new ApiError('GCC_ERR_WEB_READ_ONLY', `${document.operationName}: this screen is read-only`);
      }
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: document.source, operationName: document.operationName, variables: variables ?? {} }),
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (isAbortError(err)) throw err;
        throw new ApiError('GCC_ERR_WEB_NETWORK', `${document.operationName}: ${(err as Error).message}`, { cause: err });
      }

      let body: GraphQLResponseBody;
      try {
        body = (await response.json()) as GraphQLResponseBody;
      } catch (err) {
        if (isAbortError(err)) throw err;
        const code = response.ok ? 'GCC_ERR_WEB_BAD_RESPONSE' : 'GCC_ERR_WEB_HTTP';
        throw new ApiError(code, `${document.operationName}: HTTP ${response.status}, body is not JSON`, {
          status: response.status,
          cause: err,
        });
      }

      if (Array.isArray(body?.errors) && body.errors.length > 0) {
        const messages = body.errors.map((e) => (typeof e.message === 'string' ? e.message : 'unknown error'));
        const codes = body.errors.flatMap((e) => (typeof e.extensions?.code === 'string' ? [e.extensions.code] : []));
        throw new ApiError('GCC_ERR_WEB_GRAPHQL', `${document.operationName}: ${messages.join('; ')}`, {
          status: response.status,
          graphqlCodes: codes,
        });
      }
      if (!response.ok) {
        throw new ApiError('GCC_ERR_WEB_HTTP', `${document.operationName}: HTTP ${response.status}`, { status: response.status });
      }
      if (body === null || typeof body !== 'object' || body.data === null || typeof body.data !== 'object') {
        throw new ApiError('GCC_ERR_WEB_BAD_RESPONSE', `${document.operationName}: response has no data`, {
          status: response.status,
        });
      }
      return body.data as TData;
    },
  };
}
