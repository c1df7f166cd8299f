import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';
import { parseViewState, withView, type RouteQuery, type ViewState } from '../stores/view-state.ts';
import { useUrlQuery } from './useUrlQuery.ts';

/**
 * The view state of the current URL (stores/view-state.ts) and a way to change it. Changes replace
 * the history entry: stepping through indicators should not fill the back button. Quick changes
 * build on each other (useUrlQuery.ts).
 */
export function useViewState(): {
  view: ComputedRef<ViewState>;
  query: ComputedRef<RouteQuery>;
  setView: (change: Parameters<typeof withView>[1]) => Promise<void>;
} {
  const route = useRoute();
  const url = useUrlQuery();
  const query = computed(() => route.query as RouteQuery);
  const view = computed(() => parseViewState(query.value));
  const setView = async (change: Parameters<typeof withView>[1]) => {
    await url.replace(withView(url.current() as RouteQuery, change));
  };
  return { view, query, setView };
}
