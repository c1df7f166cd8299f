import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { defineQuery, type GraphQLClient } from '../src/api/client.ts';
import { ApiError } from '../src/api/errors.ts';
import { TypedDocumentString } from '../src/api/generated/graphql.ts';
import { useQuery } from '../src/composables/useQuery.ts';

const QUERY = defineQuery(new TypedDocumentString<{ n: number }, { id?: string }>('query N { n }'));

interface Call {
  variables: unknown;
  signal: AbortSignal | undefined;
  resolve: (v: { n: number }) => void;
  reject: (e: unknown) => void;
}

/** A client whose answers the test hands out by hand. */
function manualClient() {
  const calls: Call[] = [];
  const client: GraphQLClient = {
    request: (_doc, variables, signal) =>
      new Promise((resolve, reject) => {
        calls.push({ variables, signal, resolve: resolve as Call['resolve'], reject });
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  };
  return { client, calls };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
};

describe('useQuery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches at once and exposes data, loading and fetchedAt', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    const q = scope.run(() => useQuery(QUERY, { client }))!;
    expect(calls).toHaveLength(1);
    expect(q.loading.value).toBe(true);
    calls[0]!.resolve({ n: 1 });
    await flush();
    expect(q.data.value).toEqual({ n: 1 });
    expect(q.loading.value).toBe(false);
    expect(q.error.value).toBeUndefined();
    expect(q.fetchedAt.value).toBeInstanceOf(Date);
    scope.stop();
  });

  it('aborts the stale request when a newer one starts, and ignores its late answer', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    const q = scope.run(() => useQuery(QUERY, { client }))!;
    void q.refetch();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(calls[1]!.signal?.aborted).toBe(false);
    calls[1]!.resolve({ n: 2 });
    calls[0]!.resolve({ n: 1 });
    await flush();
    expect(q.data.value).toEqual({ n: 2 });
    expect(q.error.value).toBeUndefined();
    scope.stop();
  });

  it('keeps the last good data when a refresh fails, and clears the error on the next success', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    const q = scope.run(() => useQuery(QUERY, { client }))!;
    calls[0]!.resolve({ n: 1 });
    await flush();
    void q.refetch();
    calls[1]!.reject(new ApiError('GCC_ERR_WEB_HTTP', 'N: HTTP 502', { status: 502 }));
    await flush();
    expect(q.error.value?.code).toBe('GCC_ERR_WEB_HTTP');
    expect(q.data.value).toEqual({ n: 1 });
    void q.refetch();
    calls[2]!.resolve({ n: 3 });
    await flush();
    expect(q.error.value).toBeUndefined();
    expect(q.data.value).toEqual({ n: 3 });
    scope.stop();
  });

  it('wraps unknown failures as network errors', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    const q = scope.run(() => useQuery(QUERY, { client }))!;
    calls[0]!.reject(new TypeError('fetch failed'));
    await flush();
    expect(q.error.value).toBeInstanceOf(ApiError);
    expect(q.error.value?.code).toBe('GCC_ERR_WEB_NETWORK');
    scope.stop();
  });

  it('polls at the interval, counted from the previous answer', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    scope.run(() => useQuery(QUERY, { client, refetchIntervalMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1); // still waiting for the first answer: no overlap
    calls[0]!.resolve({ n: 1 });
    await flush();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    scope.stop();
  });

  it('refetches when reactive variables change', async () => {
    const { client, calls } = manualClient();
    const { ref } = await import('vue');
    const id = ref('a');
    const scope = effectScope();
    scope.run(() => useQuery(QUERY, { client, variables: () => ({ id: id.value }) }));
    expect(calls[0]!.variables).toEqual({ id: 'a' });
    id.value = 'b';
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(calls[1]!.variables).toEqual({ id: 'b' });
    scope.stop();
  });

  it('aborts and stops polling when its scope is disposed', async () => {
    const { client, calls } = manualClient();
    const scope = effectScope();
    scope.run(() => useQuery(QUERY, { client, refetchIntervalMs: 1_000 }));
    scope.stop();
    expect(calls[0]!.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });
});
