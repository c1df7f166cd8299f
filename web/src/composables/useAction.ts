/**
 * Runs one mutation at a time for a panel (scheduling steps, acknowledging an alert) and keeps its
 * error for the panel to show; queries go through useQuery.
 */
import { hasInjectionContext, inject, ref, shallowRef } from 'vue';
import { createGraphQLClient, type QueryDocument, type Variables } from '../api/client.ts';
import { toApiError, type ApiError } from '../api/errors.ts';
import { GRAPHQL_CLIENT_KEY } from './useQuery.ts';

export function useAction() {
  const client = (hasInjectionContext() ? inject(GRAPHQL_CLIENT_KEY, undefined) : undefined) ?? createGraphQLClient();
  const busy = ref(false);
  const error = shallowRef<ApiError | undefined>();
  async function run<TData, TVars extends Variables>(doc: QueryDocument<TData, TVars>, variables: TVars): Promise<TData | undefined> {
    busy.value = true;
    error.value = undefined;
    try {
      return await client.request(doc, variables);
    } catch (err) {
      error.value = toApiError(err);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { run, busy, error };
}
