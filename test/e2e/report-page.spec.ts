/**
 * Reports in real Chromium on the running demo: the scheduler has generated the seeded monthly
 * province report (first tick soon after start); its HTML view shows all 21 cities with the
 * snapshot's figures and content hash, and the city user sees only its own city's reports.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchChromium, openPage, percent } from '../harness/index.ts';
import { sharedSystem, type DemoTokens } from '../harness/shared-system.ts';

const system = sharedSystem();
let browser: Browser;
let tokens: DemoTokens;

beforeAll(async () => {
  tokens = system.demoTokens();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('report page', () => {
  it('shows a scheduled province report from its snapshot, all 21 cities, as the HTML view', async () => {
    const province = tokens.province;
    let run: { id: string; contentHash: string; snapshot: string } | undefined;
    await expect
      .poll(async () => {
        const r = await system.graphql('{ reportRuns { id status contentHash snapshot definition { kind frequency regionCode } } }', undefined, province);
        run = r.data?.reportRuns?.find((x: { status: string; definition: { kind: string; frequency: string; regionCode: string } }) =>
          x.status === 'SUCCEEDED' && x.definition.kind === 'EVALUATION' && x.definition.frequency === 'MONTHLY' && x.definition.regionCode === '440000');
        return run !== undefined;
      }, { timeout: 120_000, interval: 2000 })
      .toBe(true);
    const snapshot = JSON.parse(run!.snapshot);
    const { page, problems } = await openPage(browser);
    await page.goto(`${system.url}/reports/runs/${run!.id}?token=${province}`);
    await expect.poll(() => page.getByTestId('report-city-row').count(), { timeout: 20_000 }).toBe(21);
    expect((await page.getByTestId('report-hash').textContent())?.trim()).toBe(run!.contentHash);
    const shaoguan = snapshot.evaluation.cities.find((c: { code: string }) => c.code === '440200');
    const row = page.locator('[data-testid="report-city-row"][data-code="440200"]');
    const pct = percent(shaoguan.migration.value);
    expect(await row.textContent()).toContain(pct);
    await expect.poll(() => page.getByTestId('report-chart-migration').locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('report-simulated').isVisible()).toBe(true);
    await page.screenshot({ path: artifact('report-province.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);

  it("lists only the city's own reports for a city user", async () => {
    const r = await system.graphql('{ reportDefinitions { regionCode } reportRuns { definition { regionCode } } }', undefined, tokens.city);
    expect(r.errors).toBeUndefined();
    const regions = new Set([...r.data.reportDefinitions.map((d: { regionCode: string }) => d.regionCode), ...r.data.reportRuns.map((x: { definition: { regionCode: string } }) => x.definition.regionCode)]);
    expect([...regions]).toEqual([tokens.cityCode]);
  });
});
