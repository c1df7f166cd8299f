/**
 * All fetching goes through here. Each panel calls useQuery with its own document and gets its own
 * data / error / loading state; a newer request aborts the one in flight; polling restarts only after
 * the previous answer arrived (a slow server never gets overlapping requests from one panel), and
 * pauses while the tab is hidden. A polling panel also refetches after each collection cycle the
 * server announces over the live subscription (useLiveUpdates.ts).
 */
import {
  getCurrentScope,
  hasInjectionContext,
  inject,
  onScopeDispose,
  readonly,
  ref,
  shallowRef,
  toValue,
  watch,
  type InjectionKey,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue';
import { createGraphQLClient, type GraphQLClient, type QueryDocument, type Variables } from '../api/client.ts';
import { isAbortError, toApiError, type ApiError } from '../api/errors.ts';
import { useLiveUpdates, type LiveUpdates } from './useLiveUpdates.ts';

export const GRAPHQL_CLIENT_KEY: InjectionKey<GraphQLClient> = Symbol('gcc-graphql-client');

export interface UseQueryOptions<TVars extends Variables> {
  variables?: MaybeRefOrGetter<TVars>;
  /** Poll this often after each answer; 0 or absent: fetch once (and on refetch / variable change). */
  refetchIntervalMs?: number;
  /** Defaults to the client the app provides, then to a same-origin client. */
  client?: GraphQLClient;
  /**
   * Refetch after each collection cycle the server announces (useLiveUpdates.ts); defaults to the
   * app's live updates for a polling query, `false` turns it off. Polling goes on regardless.
   */
  live?: LiveUpdates | false;
}

export interface QueryState<TData> {
  /** The last good answer; kept while a later request fails, so the panel can say "as of". */
  data: Readonly<ShallowRef<TData | undefined>>;
  /** The last request's error; cleared by the next good answer. */
  error: Readonly<ShallowRef<ApiError | undefined>>;
  /** A request is in flight. */
  loading: Readonly<Ref<boolean>>;
  /** When `data` arrived. */
  fetchedAt: Readonly<ShallowRef<Date | undefined>>;
  refetch: () => Promise<void>;
}

export function useQuery<TData, TVars extends Variables = Record<string, never>>(
  query: QueryDocument<TData, TVars>,
  options: UseQueryOptions<TVars> = {},
): QueryState<TData> {
  const client =
    options.client ?? (hasInjectionContext() ? inject(GRAPHQL_CLIENT_KEY, undefined) : undefined) ?? createGraphQLClient();
  const interval = options.refetchIntervalMs ?? 0;

  const data = shallowRef<TData>();
  const error = shallowRef<ApiError>();
  const loading = ref(false);
  const fetchedAt = shallowRef<Date>();

  let inFlight: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueWhileHidden = false;
  let disposed = false;

  const hasDocument = typeof globalThis.document !== 'undefined';
  const isHidden = (): boolean => hasDocument && globalThis.document.visibilityState === 'hidden';

  function schedule(): void {
    if (disposed || interval <= 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (isHidden()) dueWhileHidden = true;
      else void run();
    }, interval);
  }

  async function run(): Promise<void> {
    if (disposed) return;
    inFlight?.abort();
    clearTimeout(timer);
    const mine = new AbortController();
    inFlight = mine;
    loading.value = true;
    try {
      const result = await client.request(query, toValue(options.variables), mine.signal);
      if (mine.signal.aborted) return;
      data.value = result;
      error.value = undefined;
      fetchedAt.value = new Date();
    } catch (err) {
      // Our own abort (superseded or disposed) is not an error; the newer request reports for us.
      if (mine.signal.aborted || isAbortError(err)) return;
      error.value = toApiError(err);
    } finally {
      if (inFlight === mine) {
        inFlight = undefined;
        loading.value = false;
        schedule();
      }
    }
  }

  function onVisibilityChange(): void {
    if (!isHidden() && dueWhileHidden) {
      dueWhileHidden = false;
      void run();
    }
  }

  if (options.variables !== undefined) {
    watch(() => toValue(options.variables), () => void run(), { deep: true });
  }
  // Only panels that poll are live: a one-off query (a definition, a list page) stays as fetched.
  const live = options.live === false ? undefined : (options.live ?? (interval > 0 ? useLiveUpdates() : undefined));
  const release = live && getCurrentScope() ? live.acquire() : undefined;
  if (live) {
    watch(live.cycle, () => {
      if (isHidden()) dueWhileHidden = true;
      else void run();
    });
  }
  if (hasDocument && interval > 0) globalThis.document.addEventListener('visibilitychange', onVisibilityChange);

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true;
      release?.();
      clearTimeout(timer);
      inFlight?.abort();
      inFlight = undefined;
      if (hasDocument) globalThis.document.removeEventListener('visibilitychange', onVisibilityChange);
    });
  }

  void run();

  return {
    data,
    error,
    loading: readonly(loading),
    fetchedAt,
    refetch: run,
  };
}
