/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Pages collect every
 * console error and warning so a test can insist there are none.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // This machine has no network but loopback: keep Chromium from trying to phone home.
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, and uncaught page errors, in order. */
  problems: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1920, height: 1080 }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}
