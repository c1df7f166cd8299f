/**
 * A city bureau's dashboard in real Chromium, signed in with the demo city user's token (printed
 * by the start command): its own city's figures, capacity and utilization trend, countdown to the
 * evaluation deadline with the gap to pass, departments, business-system list (search, status and
 * pages in the URL), the scheduling orders and reports concerning the city are GraphQL's; another
 * city's detail is refused on screen and by the API alike, while the province's aggregates stay
 * readable.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, chinaTime, integer, launchChromium, openPage, percent, textOf as text } from '../harness/index.ts';
import { sharedSystem, type DemoTokens } from '../harness/shared-system.ts';

const system = sharedSystem();
const STATUS_ZH: Record<string, string> = { ON_TRACK: '进度正常', AT_RISK: '存在风险', MET: '已达标', MISSED: '未达标' };
const ORDER_STATUS_ZH: Record<string, string> = { PROPOSED: '已提出', APPROVED: '已批准', EXECUTING: '执行中', DONE: '已完成', FAILED: '失败', ROLLED_BACK: '已回滚', REJECTED: '已驳回' };
const DAY_MS = 86_400_000;

let browser: Browser;
let tokens: DemoTokens;
let cityCode: string;
let token: string;
/** An order concerning the city, proposed by the province for this file (rejected at the end). */
let orderId: string | undefined;

beforeAll(async () => {
  tokens = system.demoTokens();
  ({ cityCode, city: token } = tokens);
  // The demo city's node gives 10 vCPU to the provincial node: an order the city's dashboard lists.
  const proposed = await system.graphql(
    'mutation($m: SchedulingMoveInput!) { proposeSchedulingOrder(move: $m) { id toNode { id } fromNode { regionCode } } }',
    { m: { kind: 'QUOTA_TRANSFER', fromNodeId: 'city-shaoguan', toNodeId: 'provincial', arch: 'X86', vcpu: 10 } },
    tokens.province,
  );
  expect(proposed.errors).toBeUndefined();
  expect(proposed.data.proposeSchedulingOrder.fromNode.regionCode).toBe(cityCode);
  orderId = proposed.data.proposeSchedulingOrder.id;
  browser = await launchChromium();
});

afterAll(async () => {
  if (orderId) await system.graphql('mutation($id: ID!) { rejectSchedulingOrder(id: $id, reason: "e2e: done") { id } }', { id: orderId }, tokens.province);
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
    await again.page.screenshot({ path: artifact(`city-${cityCode}-1366.png`) });
    expect(again.problems).toEqual([]);

    await page.getByTestId('systems-search').fill('');
    await page.getByTestId('systems-status').selectOption('');
    await expect.poll(() => text(page, 'systems-total')).toBe(`共 ${integer(city.all.total)} 个系统`);
    await page.screenshot({ path: artifact(`city-${cityCode}.png`), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('counts down to the evaluation deadline with the gap to pass, and draws the capacity and utilization trend', async () => {
    const EVALUATION = `query($code: ID!) { city(code: $code) {
      vcpu { total }
      indicators { evaluation { deadline daysLeft status usage { gap { zh } } migration { gap { zh } } } }
    } }`;
    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${cityCode}?token=${encodeURIComponent(token)}`);
    await expect.poll(() => text(page, 'city-days-left'), { timeout: 20_000 }).not.toBe('');

    // The countdown: days left as the server counts them, or, past the deadline (daysLeft stops at
    // 0, the status is then met or missed), the China calendar days since it.
    const read = async () => (await system.graphql(EVALUATION, { code: cityCode }, token)).data.city;
    const before = await read();
    const ev = before.indicators.evaluation;
    expect(ev, 'the demo city is under evaluation').not.toBeNull();
    const today = Date.parse(chinaTime(new Date().toISOString()).slice(0, 10));
    const sincePassed = Math.round((today - Date.parse(ev.deadline)) / DAY_MS);
    expect(await text(page, 'city-days-left')).toBe(sincePassed > 0 ? `已过期限 ${sincePassed} 天` : `剩余 ${ev.daysLeft} 天`);
    expect(await page.getByTestId('city-days-left').getAttribute('data-kind')).toBe(sincePassed > 0 ? 'past' : 'left');
    if (sincePassed > 0) expect(['MET', 'MISSED']).toContain(ev.status);
    expect(await text(page, 'city-deadline')).toBe(`评估期限 ${ev.deadline}`);
    // The gap to pass, per indicator, in the server's words (the usage figures move with collections).
    const after = await read();
    for (const [card, key] of [['city-usage', 'usage'], ['city-migration', 'migration']] as const) {
      const shown = await text(page, `${card}-gap`);
      expect([before, after].map((c) => `差距: ${c.indicators.evaluation[key].gap.zh}`)).toContain(shown);
    }

    // Capacity and utilization over time: total, allocated and used vCPU over the default 30 days,
    // the lines ending where GraphQL's history for the page's window ends (3 h steps, 5 min aligned).
    const trend = page.locator('.city-trend').getByTestId('trend-chart');
    await expect.poll(() => trend.locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const HISTORY = `query($code: ID!, $from: DateTime!, $to: DateTime!) { city(code: $code) { vcpu {
      total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: 10800) { points { t v } }
      allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: 10800) { points { t v } }
      used: history(measure: USED, from: $from, to: $to, stepSeconds: 10800) { points { t v } }
    } } }`;
    const expectedSummary = async () => {
      const toS = Math.floor(Date.now() / 1000 / 300) * 300;
      const window = { from: new Date((toS - 30 * 86_400) * 1000).toISOString(), to: new Date(toS * 1000).toISOString() };
      const v = (await system.graphql(HISTORY, { code: cityCode, ...window }, token)).data.city.vcpu;
      const last = (['total', 'allocated', 'used'] as const).map((k) => v[k].points.at(-1) as { t: string; v: number });
      const at = new Date(Math.max(...last.map((p) => Date.parse(p.t)))).toISOString();
      return `最近一点 ${chinaTime(at)}：总量 ${integer(last[0]!.v)} / 已分配 ${integer(last[1]!.v)} / 已使用 ${integer(last[2]!.v)} vCPU`;
    };
    await expect.poll(async () => (await trend.getAttribute('aria-label')) === (await expectedSummary()), { timeout: 20_000, interval: 1000 }).toBe(true);
    await page.locator('.city-trend').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact(`city-${cityCode}-countdown-trend.png`) });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lists the scheduling orders and the reports concerning the city, and offers no order step', async () => {
    const ORDERS = '{ schedulingOrders { code status explanationZh events { at actor from to } } }';
    const REPORTS = '{ reportDefinitions { id name regionCode } bulletins { id regionCode } }';
    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${cityCode}?token=${encodeURIComponent(token)}`);
    const panel = page.getByTestId('city-orders');
    await expect.poll(() => panel.getByTestId('scheduling-order').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // Exactly the orders GraphQL gives this user (another file may add some meanwhile: poll).
    let orders: { code: string; status: string; explanationZh: string; events: { at: string; actor: string; from: string | null; to: string }[] }[] = [];
    await expect
      .poll(async () => {
        const r = await system.graphql(ORDERS, undefined, token);
        expect(r.errors).toBeUndefined();
        orders = r.data.schedulingOrders.slice(0, 20);
        const shown = await page.evaluate(`[...document.querySelectorAll('[data-testid="city-orders"] [data-testid="scheduling-order"]')].map((r) => r.getAttribute('data-code') + ' ' + r.getAttribute('data-status'))`);
        return JSON.stringify(shown) === JSON.stringify(orders.map((o) => `${o.code} ${o.status}`));
      }, { timeout: 30_000, interval: 1000 })
      .toBe(true);
    const mine = (await system.graphql('query($id: ID!) { schedulingOrder(id: $id) { code } }', { id: orderId }, tokens.province)).data.schedulingOrder.code;
    const row = panel.locator(`[data-testid="scheduling-order"][data-code="${mine}"]`);
    expect(await text(row, 'order-status')).toBe(ORDER_STATUS_ZH.PROPOSED);
    expect(await text(row, 'order-vcpu')).toBe('10');
    await row.getByTestId('order-code').click();
    const detail = panel.locator(`[data-testid="order-detail"][data-code="${mine}"]`);
    const order = orders.find((o) => o.code === mine)!;
    // Words without the provincial pool's figures, and who proposed it when.
    expect(await text(detail, 'order-explanation')).toBe(order.explanationZh);
    expect(order.explanationZh).toBe('配额调拨 10 vCPU（x86）：韶关市节点 → 省级政务云平台');
    expect((await text(detail, 'order-event')).replace(/\s+/g, ' ')).toBe(`${chinaTime(order.events[0]!.at)} · demo-province · 已提出`);
    for (const step of ['order-approve', 'order-execute', 'order-reject']) expect(await page.getByTestId(step).count(), step).toBe(0);

    // Reports: the city's own definitions and bulletins, as GraphQL lists them for this user.
    const reports = (await system.graphql(REPORTS, undefined, token)).data;
    const definitions = reports.reportDefinitions.filter((d: { regionCode: string }) => d.regionCode === cityCode);
    expect(definitions.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('city-report-definition').count(), { timeout: 20_000 }).toBe(definitions.length);
    for (const d of definitions) expect(await page.locator(`[data-testid="city-report-definition"][data-id="${d.id}"]`).textContent()).toContain(d.name);
    expect(await page.getByTestId('city-bulletin').count()).toBe(reports.bulletins.filter((b: { regionCode: string }) => b.regionCode === cityCode).length);
    await page.locator('.city-page__work').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact(`city-${cityCode}-orders-reports.png`) });
    expect(problems).toEqual([]);
    await page.close();
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
    await page.screenshot({ path: artifact(`city-${other}-forbidden.png`) });
    expect(problems).toEqual([]);
  });
});
