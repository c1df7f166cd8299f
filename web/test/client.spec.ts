import { describe, expect, it, vi } from 'vitest';
import { createGraphQLClient, defineQuery, isWriteOperation } from '../src/api/client.ts';
import { ApiError } from '../src/api/errors.ts';
import { TypedDocumentString } from '../src/api/generated/graphql.ts';

const QUERY = defineQuery(new TypedDocumentString<{ meta: { simulated: boolean } }, Record<string, never>>('query Meta { meta { simulated } }'));

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('defineQuery', () => {
  it('names the document after its operation, which generated texts put before their fragments', () => {
    const doc = defineQuery(new TypedDocumentString<{ meta: { simulated: boolean } }, Record<string, never>>('\n    query Meta {\n  meta { ...F }\n}\n    fragment F on Meta { simulated }'));
    expect(doc).toEqual({ operationName: 'Meta', source: '\n    query Meta {\n  meta { ...F }\n}\n    fragment F on Meta { simulated }' });
  });

  it('refuses what graphql() answers for a text codegen has not seen', () => {
    expect(() => defineQuery({} as never)).toThrow(/codegen/);
  });
});

describe('createGraphQLClient', () => {
  it('POSTs the document as JSON to /graphql and returns data', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json({ data: { meta: { simulated: true } } }));
    const client = createGraphQLClient({ fetch });
    await expect(client.request(QUERY)).resolves.toEqual({ meta: { simulated: true } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/graphql');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ query: QUERY.source, operationName: 'Meta', variables: {} });
  });

  it('fails on GraphQL errors, keeping their extensions.code', async () => {
    const client = createGraphQLClient({
      fetch: async () => json({ data: null, errors: [{ message: 'boom', extensions: { code: 'GCC_ERR_VM_UNREACHABLE' } }] }),
    });
    const err = await client.request(QUERY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'GCC_ERR_WEB_GRAPHQL', graphqlCodes: ['GCC_ERR_VM_UNREACHABLE'] });
    expect((err as Error).message).toContain('boom');
  });

  it('reports HTTP errors, network errors and non-GraphQL bodies with their own codes', async () => {
    const http = createGraphQLClient({ fetch: async () => new Response('bad gateway', { status: 502 }) });
    await expect(http.request(QUERY)).rejects.toMatchObject({ code: 'GCC_ERR_WEB_HTTP', status: 502 });

    const down = createGraphQLClient({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await expect(down.request(QUERY)).rejects.toMatchObject({ code: 'GCC_ERR_WEB_NETWORK' });

    const html = createGraphQLClient({ fetch: async () => new Response('<html>', { status: 200 }) });
    await expect(html.request(QUERY)).rejects.toMatchObject({ code: 'GCC_ERR_WEB_BAD_RESPONSE' });

    const empty = createGraphQLClient({ fetch: async () => json({ data: null }) });
    await expect(empty.request(QUERY)).rejects.toMatchObject({ code: 'GCC_ERR_WEB_BAD_RESPONSE' });
  });

  it('passes an abort through as an abort, not as an ApiError', async () => {
    const controller = new AbortController();
    const client = createGraphQLClient({
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    });
    const pending = client.request(QUERY, {}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('kiosk token and read-only mode', () => {
  it('sends the token as a Bearer authorization header', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json({ data: { meta: { simulated: true } } }));
    await createGraphQLClient({ fetch, token: 'kiosk-abc' }).request(QUERY);
    expect((fetch.mock.calls[0]![1]?.headers as Record<string, string>).authorization).toBe('Bearer kiosk-abc');
    await createGraphQLClient({ fetch }).request(QUERY);
    expect((fetch.mock.calls[1]![1]?.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('refuses mutations before sending anything', async () => {
    const fetch = vi.fn(async () => json({ data: {} }));
    const client = createGraphQLClient({ fetch, readOnly: true });
    const mutation = defineQuery(new TypedDocumentString<{ ok: boolean }, Record<string, never>>('# approve\n  mutation Approve { ok }'));
    await expect(client.request(mutation)).rejects.toMatchObject({ code: 'GCC_ERR_WEB_READ_ONLY' });
    expect(fetch).not.toHaveBeenCalled();
    await expect(client.request(QUERY)).resolves.toEqual({});
    expect(isWriteOperation('query Q { m }')).toBe(false);
    expect(isWriteOperation('subscription S { m }')).toBe(false);
  });
});
