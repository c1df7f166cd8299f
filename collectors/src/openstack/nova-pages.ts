/**
 * Nova's paging: a full page carries a `next` link (`?limit=…&marker=<last id>`), even when nothing
 * follows, and an empty page ends the list. The link's query is applied to our own endpoint: behind
 * a proxy, Nova's links name its internal host.
 */
import { CollectorError } from '../errors.ts';

const MAX_PAGES = 1000;

export async function novaPages<T>(
  compute: string,
  path: string,
  query: string,
  node: string,
  page: (url: string) => Promise<{ items: T[]; links?: { href: string; rel: string }[] | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let url: string | null = `${compute}${path}${query}`;
  for (let pages = 0; url !== null; pages++) {
    if (pages >= MAX_PAGES) throw new CollectorError('GCC_ERR_CMP_MALFORMED', `${compute}${path}: more than ${MAX_PAGES} pages, giving up`, { node });
    const { items, links } = await page(url);
    all.push(...items);
    const next = items.length ? links?.find((l) => l.rel === 'next') : undefined;
    url = next ? `${compute}${path}${new URL(next.href, compute).search}` : null;
  }
  return all;
}
