/**
 * A city bureau's dashboard in real Chromium, signed in with the demo city user's token (printed
 * by the start command): its own city's figures, countdown, departments and business-system list
 * (search, status and pages in the URL) are GraphQL's; another city's detail is refused on screen
 * and by the API alike, while the province's aggregates stay readable.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, REPO_ROOT } from '../harness/index.ts';
import { sharedSystem } from '../harness/shared-system.ts';

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const system = sharedSystem();
const integer = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);
const percent = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(n));
const STATUS_ZH: Record<string, string> = { ON_TRACK: '进度正常', AT_RISK: '存在风险', MET: '已达标', MISSED: '未达标' };

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

let browser: Browser;
let cityCode: string;
let token: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ cityCode, city: token } = system.demoTokens());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('city dashboard (city bureau user)', () => {
  it('shows its own city’s indicators, departments and business systems as GraphQL answers them', async () => {
    const { data, errors } = await system.graphql(
      `query($code: ID!) { city(code: $code) {
        indicators { usageRate { value } migrationRate { value onCloud inScope } evaluation { deadline status } }
        departments { department { code } systems onCloud }
        all: systems(limit: 1) { total }
        onCloud: systems(status: ON_CLOUD, limit: 1) { total }
      } }`,
      { code: cityCode },
      token,
    );
    expect(errors).toBeUndefined();
    const city = data.city;

    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${cityCode}?token=${encodeURIComponent(token)}`);
    await expect.poll(() => text(page, 'city-migration-value'), { timeout: 20_000 }).toMatch(/%$/);
    // The migration rate counts registry systems: exact. The usage rate moves with each collection.
    expect(await text(page, 'city-migration-value')).toBe(percent(city.indicators.migrationRate.value));
    const usageAfter = (await system.graphql(`{ city(code: "${cityCode}") { indicators { usageRate { value } } } }`, {}, token)).data.city.indicators.usageRate.value;
    expect([percent(city.indicators.usageRate.value), percent(usageAfter)]).toContain(await text(page, 'city-usage-value'));
    if (city.indicators.evaluation) {
      expect(await text(page, 'city-deadline')).toContain(city.indicators.evaluation.deadline);
      expect(await text(page, 'city-status')).toBe(STATUS_ZH[city.indicators.evaluation.status]);
    }

    // Allocation by department: one row per department with systems, on-cloud counts as the registry's.
    await expect.poll(() => page.locator('[data-testid^="department-"][data-testid$="-on-cloud"]').count(), { timeout: 20_000 }).toBe(city.departments.length);
    const top = city.departments[0];
    expect(await text(page, `department-${top.department.code}-on-cloud`)).toBe(integer(top.onCloud));

    // The migration list: the total, then a status filter and a search, each in the URL.
    await expect.poll(() => text(page, 'systems-total'), { timeout: 20_000 }).toBe(`共 ${integer(city.all.total)} 个系统`);
    await page.getByTestId('systems-status').selectOption('ON_CLOUD');
    await expect.poll(() => new URL(page.url()).searchParams.get('sst')).toBe('ON_CLOUD');
    await expect.poll(() => text(page, 'systems-total')).toBe(`共 ${integer(city.onCloud.total)} 个系统`);
    const statuses = await page.locator('[data-testid^="system-"][data-testid$="-status"]').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses.map((s) => s.trim()))).toEqual(new Set(['已上云']));

    const firstCode = ((await page.locator('.city-systems__code').first().textContent()) ?? '').trim();
    await page.getByTestId('systems-search').fill(firstCode);
    await expect.poll(() => new URL(page.url()).searchParams.get('sq')).toBe(firstCode);
    const searched = (await system.graphql(`query($code: ID!, $q: String) { city(code: $code) { systems(search: $q, status: ON_CLOUD) { total } } }`, { code: cityCode, q: firstCode }, token)).data;
    await expect.poll(() => text(page, 'systems-total')).toBe(`共 ${integer(searched.city.systems.total)} 个系统`);
    await expect.poll(() => page.getByTestId(`system-${firstCode}`).isVisible()).toBe(true);

    // The filtered list is a link: opening it again shows the same list.
    const again = await openPage(browser, { width: 1366, height: 768 });
    await again.page.goto(page.url());
    await expect.poll(() => text(again.page, 'systems-total'), { timeout: 20_000 }).toBe(`共 ${integer(searched.city.systems.total)} 个系统`);
    expect(await again.page.getByTestId('systems-search').inputValue()).toBe(firstCode);
    await again.page.screenshot({ path: join(ARTIFACTS, `city-${cityCode}-1366.png`) });
    expect(again.problems).toEqual([]);

    await page.getByTestId('systems-search').fill('');
    await page.getByTestId('systems-status').selectOption('');
    await expect.poll(() => text(page, 'systems-total')).toBe(`共 ${integer(city.all.total)} 个系统`);
    await page.screenshot({ path: join(ARTIFACTS, `city-${cityCode}.png`), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('cannot reach another city’s detail, on screen or through the API', async () => {
    const other = cityCode === '440100' ? '440300' : '440100';
    const api = await system.graphql(`{ city(code: "${other}") { vcpu { total } systems { total } } }`, {}, token);
    expect(api.errors?.map((e) => e.extensions?.code)).toContain('GCC_ERR_AUTH_FORBIDDEN');
    expect(api.data?.city ?? null).toBeNull();
    // The province's aggregates and the ranking stay readable for a city user.
    const aggregates = await system.graphql('{ province { vcpu { total } } rankings(by: USAGE_RATE) { rank city { code } } }', {}, token);
    expect(aggregates.errors).toBeUndefined();
    expect(aggregates.data.province.vcpu.total).toBeGreaterThan(0);

    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${other}?token=${encodeURIComponent(token)}`);
    const capacityError = page.locator('.city-capacity').getByTestId('panel-error');
    await expect.poll(() => capacityError.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await capacityError.getAttribute('data-codes')).toContain('GCC_ERR_AUTH_FORBIDDEN');
    expect(await capacityError.textContent()).toContain('无权查看');
    for (const panel of ['city-departments', 'city-systems']) {
      await expect.poll(() => page.getByTestId(panel).getByTestId('panel-error').getAttribute('data-codes'), { timeout: 20_000 }).toContain('GCC_ERR_AUTH_FORBIDDEN');
    }
    // Nothing of the other city's detail reaches the page.
    expect(await page.getByTestId('city-nodes').count()).toBe(0);
    expect(await page.locator('[data-testid^="system-"]').count()).toBe(0);
    expect(await page.getByTestId('city-usage').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `city-${other}-forbidden.png`) });
    expect(problems).toEqual([]);
  });
});
