/**
 * Mutations and downloads of the report pages. Downloads are GETs with the same bearer token the
 * GraphQL client sends (a kiosk's or a user's `?token=`), saved through a blob link; errors come
 * back as the server's `{ code, message }`.
 */
import { inject, ref } from 'vue';
import { createGraphQLClient, type QueryDocument, type Variables } from '../../api/client.ts';
import { GRAPHQL_CLIENT_KEY } from '../../composables/useQuery.ts';
import { VIEW_KEYS } from '../../stores/view-state.ts';

export function useReportActions() {
  const client = inject(GRAPHQL_CLIENT_KEY, undefined) ?? createGraphQLClient();
  const busy = ref(false);
  const message = ref<string | null>(null);

  async function mutate<T, V extends Variables>(doc: QueryDocument<T, V>, variables: V): Promise<T | null> {
    busy.value = true;
    message.value = null;
    try {
      return await client.request(doc, variables);
    } catch (err) {
      message.value = (err as Error).message;
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function download(url: string, lang: string): Promise<void> {
    busy.value = true;
    message.value = null;
    try {
      const token = new URLSearchParams(window.location.search).get(VIEW_KEYS.token)?.trim();
      const res = await fetch(`${url}?lang=${encodeURIComponent(lang)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
        throw new Error(`${body.code ?? `HTTP ${res.status}`}: ${body.message ?? res.statusText}`);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report';
      const href = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (err) {
      message.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return { busy, message, mutate, download };
}
