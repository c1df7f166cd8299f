/**
 * Elastic scheduling (issue 7) in real Chromium on the running demo, signed in as the demo
 * provincial admin: the recommendations and their explanations are GraphQL's; a what-if recomputes
 * the figures and changes nothing; an order goes proposed → approved → executing on the simulated
 * OpenStack → done, verified by the next collection, each step in its audit trail (who, when); a
 * move of more than is free is refused with a clear error and nothing changes; the big screen's
 * map counts the flows GraphQL answers; a city user sees its city's orders and cannot approve.
 *
 * The plan moves with the collections (every 5 s) and with other test files failing a node: a page
 * that disagrees with GraphQL is reloaded and compared again, a few times, before the test fails.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, chinaTime, integer, launchChromium, openPage, percent, textOf } from '../harness/index.ts';
import { sharedSystem, type DemoTokens } from '../harness/shared-system.ts';

const system = sharedSystem();
const STATUS_ZH: Record<string, string> = { PROPOSED: '已提出', APPROVED: '已批准', EXECUTING: '执行中', DONE: '已完成', FAILED: '失败', ROLLED_BACK: '已回滚', REJECTED: '已驳回' };
/** The node screen-page.spec.ts fails (its plan pools drop out while it is stale): kept out of the orders here. */
const FAILED_BY_ANOTHER_FILE = 'city-meizhou';

let browser: Browser;
let tokens: DemoTokens;

type Move = { key: string; kind: string; fromNode: { id: string } | null; toNode: { id: string }; arch: string; vcpu: number; explanationZh: string };
type OrderRow = { id: string; code: string; status: string; events: { at: string; actor: string; from: string | null; to: string; note: string | null }[] };

const PLAN = '{ schedulingPlan { summaryZh moves { key kind fromNode { id } toNode { id } arch vcpu explanationZh } } }';
const ORDERS = '{ schedulingOrders(limit: 500) { id code status events { at actor from to note } } }';
const WHAT_IF = `query($s: SchedulingScenarioInput!) { schedulingWhatIf(scenario: $s) {
  indicators { code vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter } notesZh } }`;

async function asProvince<T = any>(query: string, variables?: Record<string, unknown>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await system.graphql<T>(query, variables, tokens.province);
  expect(r.errors, query).toBeUndefined();
  return r.data;
}

const orders = async () => (await asProvince<{ schedulingOrders: OrderRow[] }>(ORDERS)).schedulingOrders;

/** The plan's moves as the page shows them, in order (source text: see layout.ts on bundler helpers). */
function shownMoves(page: Page): Promise<{ key: string; vcpu: string; why: string }[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="scheduling-plan"] [data-testid="scheduling-move"]')].map((r) => ({
    key: r.getAttribute('data-key'),
    vcpu: r.querySelector('[data-testid="move-vcpu"]').textContent.trim(),
    why: r.querySelector('[data-testid="move-why"]').textContent.trim(),
  }))`) as Promise<{ key: string; vcpu: string; why: string }[]>;
}

async function openScheduling(token: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openPage(browser, { width: 1920, height: 1080 });
  await opened.page.goto(`${system.url}/scheduling?token=${encodeURIComponent(token)}`);
  return opened;
}

/** The order row and the audit trail it opens, compared with GraphQL's events (when, who, from → to). */
async function expectTrailMatches(page: Page, code: string): Promise<void> {
  const order = (await orders()).find((o) => o.code === code)!;
  const detail = page.locator(`[data-testid="order-detail"][data-code="${code}"]`);
  if (!(await detail.isVisible())) await page.locator(`[data-testid="scheduling-order"][data-code="${code}"]`).getByTestId('order-code').click();
  await expect.poll(() => detail.getByTestId('order-event').count(), { timeout: 20_000 }).toBe(order.events.length);
  const lines = (await detail.getByTestId('order-event').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
  expect(lines.map((l, i) => l.startsWith(`${chinaTime(order.events[i]!.at)} · ${order.events[i]!.actor} · `))).toEqual(order.events.map(() => true));
  expect(lines.map((l) => l.split(' · ')[2]!.split(' — ')[0])).toEqual(order.events.map((e) => `${e.from ? `${STATUS_ZH[e.from]} → ` : ''}${STATUS_ZH[e.to]}`));
}

beforeAll(async () => {
  tokens = system.demoTokens();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('scheduling page (provincial admin)', () => {
  it('shows the recommendations GraphQL answers, each explained in words and numbers', async () => {
    const { page, problems } = await openScheduling(tokens.province);
    const rows = page.getByTestId('scheduling-plan').getByTestId('scheduling-move');
    let last = '';
    for (let attempt = 0; ; attempt++) {
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const shown = await shownMoves(page);
      const plan = (await asProvince<{ schedulingPlan: { summaryZh: string; moves: Move[] } }>(PLAN)).schedulingPlan;
      const expected = plan.moves.map((m) => ({ key: m.key, vcpu: integer(m.vcpu), why: m.explanationZh }));
      if (JSON.stringify(shown) === JSON.stringify(expected) && (await textOf(page, 'scheduling-summary')) === plan.summaryZh) break;
      last = `shown ${JSON.stringify(shown).slice(0, 400)}\nGraphQL ${JSON.stringify(expected).slice(0, 400)}`;
      if (attempt === 3) throw new Error(`the scheduling page disagrees with GraphQL's plan:\n${last}`);
      await page.reload();
    }
    // Words and numbers: every transfer names both pools' allocation before → after and the receiving cap.
    const transfers = await page.getByTestId('scheduling-plan').locator('[data-key^="quota-transfer:"] [data-testid="move-why"]').allTextContents();
    expect(transfers.length).toBeGreaterThan(0);
    for (const why of transfers) expect(why).toMatch(/\d+(\.\d)?% → \d+(\.\d)?%.*接收上限 \d+(\.\d)?%.*原因：/);
    await page.screenshot({ path: artifact('scheduling-plan.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('recomputes the figures under a what-if and changes nothing', async () => {
    const { page, problems } = await openScheduling(tokens.province);
    const ordersBefore = await orders();
    const form = page.getByTestId('what-if-form');
    const rowText = (code: string, what: string) => textOf(page.locator(`[data-testid="what-if-row"][data-code="${code}"]`), what);

    /** Runs the scenario on the page and checks every row against GraphQL's answer to the same scenario. */
    async function runAndCompare(scenario: Record<string, unknown>) {
      let last = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        await form.getByTestId('what-if-run').click();
        await expect.poll(() => page.getByTestId('what-if-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        const w = (await asProvince(WHAT_IF, { s: scenario })).schedulingWhatIf;
        await expect.poll(() => page.getByTestId('what-if-row').count()).toBe(w.indicators.length);
        const wrong: string[] = [];
        for (const i of w.indicators) {
          const expected = {
            'what-if-vcpu-total': `${integer(i.vcpuTotalBefore)} → ${integer(i.vcpuTotalAfter)}`,
            'what-if-usage': `${percent(i.usageRateBefore)} → ${percent(i.usageRateAfter)}`,
            'what-if-migration': `${percent(i.migrationRateBefore)} → ${percent(i.migrationRateAfter)}`,
          };
          for (const [id, text] of Object.entries(expected)) {
            const shown = await rowText(i.code, id);
            if (shown !== text) wrong.push(`${i.code} ${id}: shown ${shown}, GraphQL ${text}`);
          }
        }
        if (wrong.length === 0) return w;
        last = wrong.join('\n');
      }
      throw new Error(`the what-if disagrees with GraphQL:\n${last}`);
    }

    // City X adds 2,000 vCPU: its total and the province's grow by exactly that.
    await expect.poll(() => form.getByTestId('what-if-city').locator('option').count(), { timeout: 20_000 }).toBe(22);
    await form.getByTestId('what-if-city').selectOption('441200');
    await form.getByTestId('what-if-vcpu').fill('2000');
    const added = await runAndCompare({ addCapacity: [{ cityCode: '441200', vcpu: 2000 }] });
    for (const code of ['441200', '440000']) {
      const i = added.indicators.find((x: { code: string }) => x.code === code);
      expect(i.vcpuTotalAfter - i.vcpuTotalBefore).toBe(2000);
    }
    expect(await page.getByTestId('what-if-notes').textContent()).toContain('仅为推演：未修改任何数据。');
    await page.screenshot({ path: artifact('scheduling-what-if-add.png'), fullPage: true });

    // Node Y goes down: its city's capacity drops to nothing, its allocation has to be re-placed.
    await form.getByTestId('what-if-city').selectOption('');
    await expect.poll(() => form.getByTestId('what-if-down').locator('option[value="city-shaoguan"]').count(), { timeout: 20_000 }).toBe(1);
    await form.getByTestId('what-if-down').selectOption('city-shaoguan');
    const down = await runAndCompare({ nodesDown: ['city-shaoguan'] });
    expect(down.indicators.find((x: { code: string }) => x.code === '440200').vcpuTotalAfter).toBe(0);
    expect(down.notesZh.join('\n')).toMatch(/韶关市节点停机/);
    expect(await rowText('440200', 'what-if-vcpu-total')).toMatch(/→ 0$/);
    await page.screenshot({ path: artifact('scheduling-what-if-down.png'), fullPage: true });

    // Nothing changed: no order appeared or moved, and the city's capacity is what it was.
    expect(await orders()).toEqual(ordersBefore);
    const city = (await asProvince('{ city(code: "441200") { vcpu { total } } }')).city;
    expect(city.vcpu.total).toBe(added.indicators.find((x: { code: string }) => x.code === '441200').vcpuTotalBefore);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('proposes an order from a recommendation, approves and executes it, and the next collection verifies it', async () => {
    const { page, problems } = await openScheduling(tokens.province);
    const openstack = (id: string | undefined) => !!id && id !== FAILED_BY_ANOTHER_FILE && (id === 'provincial' || id.startsWith('city-'));
    await expect.poll(() => page.getByTestId('scheduling-plan').getByTestId('scheduling-move').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const plan = (await asProvince<{ schedulingPlan: { moves: Move[] } }>(PLAN)).schedulingPlan;
    const move = plan.moves.find((m) => m.kind === 'QUOTA_TRANSFER' && openstack(m.fromNode?.id) && openstack(m.toNode.id));
    expect(move, 'a quota transfer between two OpenStack nodes').toBeDefined();
    const before = new Set((await orders()).map((o) => o.code));

    const row = page.getByTestId('scheduling-plan').locator(`[data-key="${move!.key}"]`);
    await row.getByTestId('move-select').check();
    await page.getByTestId('scheduling-propose').click();
    let code = '';
    await expect
      .poll(async () => {
        code = (await orders()).find((o) => !before.has(o.code))?.code ?? '';
        return code;
      }, { timeout: 20_000 })
      .not.toBe('');
    const orderRow = page.locator(`[data-testid="scheduling-order"][data-code="${code}"]`);
    await expect.poll(() => orderRow.getAttribute('data-status'), { timeout: 20_000 }).toBe('PROPOSED');
    expect(await textOf(orderRow, 'order-status')).toBe('已提出');
    expect(await textOf(orderRow, 'order-vcpu')).toBe(integer(move!.vcpu));
    await orderRow.getByTestId('order-code').click();
    expect(await textOf(page.locator(`[data-testid="order-detail"][data-code="${code}"]`), 'order-explanation')).toBe(move!.explanationZh);

    await orderRow.getByTestId('order-approve').click();
    await expect.poll(() => orderRow.getAttribute('data-status'), { timeout: 20_000 }).toBe('APPROVED');
    expect(await textOf(orderRow, 'order-status')).toBe('已批准');
    await expectTrailMatches(page, code);
    const approved = (await orders()).find((o) => o.code === code)!;
    expect(approved.events.map((e) => [e.actor, e.to])).toEqual([['demo-province', 'PROPOSED'], ['demo-province', 'APPROVED']]);

    // Executing changes the Nova quotas on the simulated OpenStack; the server checks every 15 s
    // whether a collection newer than the execution shows both ends moved by the order's vCPU.
    await orderRow.getByTestId('order-execute').click();
    await expect.poll(() => orderRow.getAttribute('data-status'), { timeout: 90_000, interval: 1000 }).toMatch(/^(DONE|FAILED|ROLLED_BACK)$/);
    const done = (await orders()).find((o) => o.code === code)!;
    expect(done.status, done.events.at(-1)?.note ?? '').toBe('DONE');
    expect(await textOf(orderRow, 'order-status')).toBe('已完成');
    expect(done.events.map((e) => [e.actor, e.from, e.to])).toEqual([
      ['demo-province', null, 'PROPOSED'],
      ['demo-province', 'PROPOSED', 'APPROVED'],
      ['demo-province', 'APPROVED', 'EXECUTING'],
      ['verifier', 'EXECUTING', 'DONE'],
    ]);
    expect(done.events[3]!.note).toMatch(/^verified by the collection at /);
    await expectTrailMatches(page, code);
    await page.locator(`[data-testid="order-detail"][data-code="${code}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('scheduling-order-done.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 150_000);

  it('refuses moving more than is free with a clear error, and changes nothing', async () => {
    const { page, problems } = await openScheduling(tokens.province);
    const form = page.getByTestId('manual-move-form');
    await expect.poll(() => form.getByTestId('manual-to').locator('option[value="city-shanwei"]').count(), { timeout: 30_000 }).toBe(1);
    await form.getByTestId('manual-from').selectOption('provincial');
    await form.getByTestId('manual-to').selectOption('city-shanwei');
    await form.getByTestId('manual-arch').selectOption('X86');
    const free = Number(await form.getByTestId('manual-free').getAttribute('data-free'));
    expect(await textOf(form, 'manual-free')).toBe(`调入资源池在应急预留之外可接收 ${integer(free)} vCPU`);
    await form.getByTestId('manual-vcpu').fill(String(free + 1000));

    const ordersBefore = await orders();
    const rowsBefore = await page.getByTestId('scheduling-order').count();
    await form.getByTestId('manual-propose').click();
    const error = page.getByTestId('manual-move-error');
    await expect.poll(() => error.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await error.getAttribute('data-codes')).toBe('GCC_ERR_SCHED_INSUFFICIENT_FREE');
    expect(await textOf(error, 'action-error-title')).toBe('调入资源池在应急预留之外的可用容量不足，调拨量超过可用量；未作任何更改');
    expect(await error.textContent()).toContain(`the move needs ${free + 1000}; nothing was changed`);

    expect(await orders()).toEqual(ordersBefore);
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('scheduling-order').count()).toBe(rowsBefore);
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('scheduling-bad-input.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('scheduling seen by a city user and on the big screen', () => {
  /** Two orders concerning the demo city, proposed by the province: one approved, one left proposed. */
  const mine: { approved?: string; proposed?: string } = {};

  beforeAll(async () => {
    const propose = `mutation($m: SchedulingMoveInput!) { proposeSchedulingOrder(move: $m) { id } }`;
    const move = { kind: 'QUOTA_TRANSFER', fromNodeId: 'city-shaoguan', toNodeId: 'provincial', arch: 'X86', vcpu: 10 };
    mine.approved = (await asProvince(propose, { m: move })).proposeSchedulingOrder.id;
    mine.proposed = (await asProvince(propose, { m: move })).proposeSchedulingOrder.id;
    await asProvince(`mutation($id: ID!) { approveSchedulingOrder(id: $id) { id } }`, { id: mine.approved });
  });

  afterAll(async () => {
    // Leave no booking behind for other files: both end rejected (and stay listed as such).
    for (const id of [mine.approved, mine.proposed]) {
      if (id) await system.graphql(`mutation($id: ID!) { rejectSchedulingOrder(id: $id, reason: "e2e: done") { id } }`, { id }, tokens.province);
    }
  });

  it('a city user sees its city’s orders without the plan, and cannot approve', async () => {
    const api = await system.graphql(`mutation($id: ID!) { approveSchedulingOrder(id: $id) { status } }`, { id: mine.proposed }, tokens.city);
    expect(api.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SCHED_FORBIDDEN');
    expect((await orders()).find((o) => o.id === mine.proposed)!.status).toBe('PROPOSED');

    const { page, problems } = await openScheduling(tokens.city);
    const planError = page.getByTestId('scheduling-plan').getByTestId('panel-error');
    await expect.poll(() => planError.getAttribute('data-codes'), { timeout: 20_000 }).toContain('GCC_ERR_SCHED_FORBIDDEN');
    expect(await planError.textContent()).toContain('无权查看');
    expect(await page.getByTestId('scheduling-move').count()).toBe(0);
    expect(await page.getByTestId('scheduling-manual').count()).toBe(0);

    // Its orders: exactly GraphQL's answer for this user, with no step offered.
    const theirs = await system.graphql('{ schedulingOrders { code status } }', undefined, tokens.city);
    expect(theirs.errors).toBeUndefined();
    const codes = theirs.data.schedulingOrders.map((o: { code: string }) => o.code);
    await expect.poll(() => page.getByTestId('scheduling-order').count(), { timeout: 20_000 }).toBe(codes.length);
    expect(await page.evaluate(`[...document.querySelectorAll('[data-testid="scheduling-order"]')].map((r) => r.getAttribute('data-code'))`)).toEqual(codes);
    for (const id of [mine.approved, mine.proposed]) {
      const code = (await orders()).find((o) => o.id === id)!.code;
      const row = page.locator(`[data-testid="scheduling-order"][data-code="${code}"]`);
      expect(await row.getAttribute('data-status')).toBe(id === mine.approved ? 'APPROVED' : 'PROPOSED');
    }
    for (const step of ['order-approve', 'order-execute', 'order-reject', 'scheduling-verify']) expect(await page.getByTestId(step).count(), step).toBe(0);
    await page.screenshot({ path: artifact('scheduling-city-user.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the big screen’s map counts the flows GraphQL answers, recommended and under way', async () => {
    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/screen`);
    await expect.poll(() => page.locator('.map-panel canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const counts = async () => {
      const flows = (await asProvince<{ schedulingFlows: { state: string; vcpu: number }[] }>('{ schedulingFlows { state vcpu } }')).schedulingFlows.filter((f) => f.vcpu > 0);
      const recommended = flows.filter((f) => f.state === 'RECOMMENDED').length;
      return { recommended, active: flows.length - recommended };
    };
    const shown = async () => {
      const legend = page.getByTestId('map-flows');
      if (!(await legend.count())) return (await page.getByTestId('map-flows-none').count()) ? { recommended: 0, active: 0 } : null;
      return { recommended: Number(await legend.getAttribute('data-recommended')), active: Number(await legend.getAttribute('data-active')) };
    };
    // The approved order of this describe block is under way: at least one line for it.
    await expect.poll(async () => JSON.stringify(await shown()) === JSON.stringify(await counts()), { timeout: 30_000, interval: 1000 }).toBe(true);
    const c = (await shown())!;
    expect(c.active).toBeGreaterThanOrEqual(1);
    expect(await textOf(page, 'map-flows')).toBe(`调度流向：推荐 ${c.recommended} 条，已批准或执行中 ${c.active} 条`);
    await page.screenshot({ path: artifact('screen-flows.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
