/**
 * The thin path end to end, as a person sees it: simulated CMP → collector → VictoriaMetrics →
 * GraphQL → the console page in real Chromium. The number on screen must be the province's vCPU
 * total that GraphQL reports, formatted the way the page promises.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, integer, launchChromium, openPage } from '../harness/index.ts';
import { sharedSystem } from '../harness/shared-system.ts';


const system = sharedSystem();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('overview page', () => {
  it('shows the province vCPU total that GraphQL reports, labelled simulated, without console problems', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${system.url}/`);
    const total = page.getByTestId('province-vcpu-total');
    await expect.poll(async () => (await total.textContent())?.trim(), { timeout: 20_000 }).toMatch(/^\d{1,3}(,\d{3})+$/);

    // Read GraphQL right after the page: the collector may move the figure between the two reads,
    // so compare with the answer just before and just after the page's own number.
    const before = (await system.graphql('{ province { vcpu { total } } }')).data.province.vcpu.total as number;
    await page.reload();
    await expect.poll(async () => (await total.textContent())?.trim(), { timeout: 20_000 }).toMatch(/^\d/);
    const shown = (await total.textContent())!.trim();
    const after = (await system.graphql('{ province { vcpu { total } } }')).data.province.vcpu.total as number;
    expect([integer(before), integer(after)]).toContain(shown);
    expect(Number(shown.replace(/,/g, ''))).toBeGreaterThan(90_000);

    await expect.poll(() => page.getByTestId('simulated-badge').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('node-vcpu-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('overview-1920.png') });
    expect(problems).toEqual([]);
  });

  it('switches to English from the URL and keeps the same number', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 768 });
    await page.goto(`${system.url}/?lang=en`);
    await expect.poll(async () => (await page.getByTestId('province-vcpu-total').textContent())?.trim(), { timeout: 20_000 }).toMatch(/^\d/);
    await expect.poll(() => page.title()).toMatch(/Resource overview/);
    await page.screenshot({ path: artifact('overview-1366-en.png') });
    expect(problems).toEqual([]);
  });
});
