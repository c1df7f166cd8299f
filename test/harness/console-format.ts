/**
 * What the console shows, for comparing a page with GraphQL's answers: its number and time formats
 * written out independently of web/src/i18n/format.ts (so a test catches a change there), the text
 * of an element, and where screenshots go.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from './system.ts';

/** Whole numbers with thousands separators, "—" for no data. */
export const integer = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n));

/** Rates as percentages with at most one decimal, "—" for no data. */
export const percent = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(n));

/** The console's time format: China time, "2026-11-25 18:47:20". */
export function chinaTime(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The trimmed text of the first element with this data-testid, in a page or inside an element. */
export const textOf = async (scope: Page | Locator, testid: string) => ((await scope.getByTestId(testid).first().textContent()) ?? '').trim();

/** Where a browser test saves a screenshot: test/artifacts/<name>. */
export function artifact(name: string): string {
  const dir = join(REPO_ROOT, 'test', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
