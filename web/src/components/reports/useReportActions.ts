/**
 * Mutations and downloads of the report pages. Downloads are GETs with the same bearer token the
 * GraphQL client sends (a kiosk's or a user's `?token=`), saved through a blob link; errors come
 * back as the server's `{ code, message }`.
 */
import { ref } from 'vue';
import type { QueryDocument, Variables } from '../../api/client.ts';
import { useAction } from '../../composables/useAction.ts';
import { VIEW_KEYS } from '../../stores/view-state.ts';

export function useReportActions() {
  // Mutations go through the console's one action runner; downloads share its busy flag.
  const { run, busy, error } = useAction();
  const message = ref<string | null>(null);

  async function mutate<T, V extends Variables>(doc: QueryDocument<T, V>, variables: V): Promise<T | null> {
    message.value = null;
    const data = await run(doc, variables);
    if (error.value) message.value = error.value.message;
    return data ?? null;
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
