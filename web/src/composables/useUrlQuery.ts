import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';

/**
 * The URL's query and a way to replace it. Vue Router cancels a navigation that a newer one
 * overtakes, so a change built on route.query while an earlier replace is still under way would
 * drop that earlier change (a status filter chosen while a typed search waits for its debounce):
 * changes build on the last query asked for until the router has caught up.
 */
export function useUrlQuery(): { current: () => LocationQueryRaw; replace: (query: LocationQueryRaw) => Promise<void> } {
  const route = useRoute();
  const router = useRouter();
  let pending: LocationQueryRaw | null = null;
  return {
    current: () => pending ?? route.query,
    async replace(query) {
      pending = query;
      try {
        await router.replace({ query });
      } finally {
        if (pending === query) pending = null;
      }
    },
  };
}
