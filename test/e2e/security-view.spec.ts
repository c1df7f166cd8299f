/**
 * Security operations and early warning (issue 9) in real Chromium on the running demo: the big
 * screen's security panel (open events by severity, silent platforms, each node's posture, the
 * latest severe events) and its alert ticker are GraphQL's; a city bureau's dashboard shows its own
 * city's events only; a city admin acknowledges a firing alert there and the server records who.
 *
 * The simulated security platforms push events all the time: the page and GraphQL are compared
 * until two GraphQL answers in a row agree with each other and with the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, chinaTime, launchChromium, openPage } from '../harness/index.ts';
import { sharedSystem, type DemoTokens } from '../harness/shared-system.ts';

const system = sharedSystem();
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
/** The demo city's node, and a node of another city. */
const OWN_NODE = 'city-shaoguan';
const OTHER_NODE = 'city-shantou';

let browser: Browser;
let tokens: DemoTokens;
/** Unique words in the events this file pushes, so the pages can be searched for them. */
const RUN = `E2E-${Date.now().toString(36)}`;

type Counts = Record<(typeof SEVERITIES)[number], number>;
type Posture = { nodeId: string; platformLive: boolean; silent: boolean; open: Counts; dengbaoLevel: number | null; secondsSinceLastReport: number | null };
type SecurityEvent = { id: string; nodeId: string; occurredAt: string; description: string; asset: string | null };

const OVERVIEW = `query($city: ID) {
  securityOverview(cityCode: $city) { open { critical high medium low } silentNodes livePlatforms
    nodes { nodeId platformLive silent open { critical high medium low } dengbaoLevel secondsSinceLastReport } }
  securityEvents(cityCode: $city, minSeverity: HIGH, limit: 8) { events { id nodeId occurredAt description asset } }
}`;
const ALERTS = '{ alerts(states: [FIRING, ACKNOWLEDGED], limit: 50) { id ruleId state severity nodeId summaryZh acknowledgedBy } }';

/** The node-token of a node's simulated security platform (written by the start command). */
function platformToken(nodeId: string): string {
  const file = JSON.parse(readFileSync(join(system.env.GCC_DATA_DIR!, 'run', 'security-platforms.json'), 'utf8')) as { platforms: { nodeId: string; token: string }[] };
  return file.platforms.find((p) => p.nodeId === nodeId)!.token;
}

/** Sends one open event as the node's security platform would, through the push API v1. */
async function push(nodeId: string, severity: 'high' | 'critical', description: string): Promise<void> {
  const res = await fetch(`${system.url}/api/security/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platformToken(nodeId)}` },
    body: JSON.stringify({ events: [{ id: `${RUN}-${nodeId}-${severity}`, occurredAt: new Date().toISOString(), category: 'intrusion', severity, asset: '10.9.9.9', description }] }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ accepted: 1, rejected: [] });
}

/** The panel's own order (web/src/components/screen/security-rows.ts), restated: silent first, then by open critical, high, medium. */
function ranked(nodes: Posture[], limit: number): Posture[] {
  const score = (r: Posture) => (r.silent ? 1e12 : 0) + r.open.critical * 1e8 + r.open.high * 1e4 + r.open.medium;
  return nodes.filter((r) => r.platformLive).sort((a, b) => score(b) - score(a) || a.nodeId.localeCompare(b.nodeId)).slice(0, limit);
}

/** What the security panel shows, read in the page (source text: see layout.ts on bundler helpers). */
function shownPanel(page: Page) {
  return page.evaluate(`(() => {
    const panel = document.querySelector('[data-testid="security-panel"]');
    const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : null);
    return {
      open: Object.fromEntries(['critical', 'high', 'medium', 'low'].map((s) => [s, text(panel.querySelector('[data-testid="security-open-' + s + '"] b'))])),
      silent: text(panel.querySelector('[data-testid="security-silent-count"]')),
      rows: [...panel.querySelectorAll('[data-testid^="security-row-"]')].map((r) => [r.getAttribute('data-testid').slice('security-row-'.length), ...[...r.querySelectorAll('td')].slice(1, 4).map(text)]),
      events: [...panel.querySelectorAll('[data-testid="security-event"]')].map(text),
    };
  })()`) as Promise<{ open: Record<string, string>; silent: string; rows: string[][]; events: string[] }>;
}

function expectedPanel(data: { securityOverview: { open: Counts; silentNodes: string[]; livePlatforms: number; nodes: Posture[] }; securityEvents: { events: SecurityEvent[] } }, limit: number) {
  const o = data.securityOverview;
  return {
    open: Object.fromEntries(SEVERITIES.map((s) => [s, String(o.open[s])])),
    silent: `${o.livePlatforms} 个平台中 ${o.silentNodes.length} 个失联`,
    rows: ranked(o.nodes, limit).map((r) => [r.nodeId, String(r.open.critical), String(r.open.high), r.dengbaoLevel ? `${r.dengbaoLevel} 级` : '—']),
    events: data.securityEvents.events.map((e) => `${chinaTime(e.occurredAt).slice(11, 16)} ${e.nodeId} · ${e.description}${e.asset ? ` (${e.asset})` : ''}`),
  };
}

/** Polls until the panel equals GraphQL's answer read just before and just after it. */
async function expectPanelMatches(page: Page, token: string | undefined, city: string | null, limit: number): Promise<ReturnType<typeof expectedPanel>> {
  let last = '';
  let matched: ReturnType<typeof expectedPanel> | undefined;
  await expect
    .poll(async () => {
      const before = expectedPanel((await system.graphql(OVERVIEW, { city }, token)).data, limit);
      const shown = await shownPanel(page);
      const after = expectedPanel((await system.graphql(OVERVIEW, { city }, token)).data, limit);
      // Dengbao levels may come with a ⚠ (assessment overdue): compare the level.
      const normal = { ...shown, rows: shown.rows.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!.replace(/\s*⚠$/, '')]) };
      const ok = JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(normal) === JSON.stringify(after);
      if (ok) matched = after;
      else last = `shown ${JSON.stringify(normal)}\nGraphQL ${JSON.stringify(after)}`;
      return ok;
    }, { timeout: 60_000, interval: 1500 })
    .toBe(true)
    .catch((err: Error) => {
      throw new Error(`${err.message}\n${last}`);
    });
  return matched!;
}

beforeAll(async () => {
  tokens = system.demoTokens();
  browser = await launchChromium();
  // One severe event in the demo city and one in another city, each recognisable by its words.
  await push(OWN_NODE, 'critical', `${RUN} 本市：入侵检测告警`);
  await push(OTHER_NODE, 'critical', `${RUN} 他市：入侵检测告警`);
});

afterAll(async () => {
  await browser?.close();
});

describe('security view', () => {
  it('the big screen shows each node’s posture and the latest severe events as GraphQL answers them', async () => {
    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/screen`);
    await expect.poll(() => page.locator('[data-testid^="security-row-"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const shown = await expectPanelMatches(page, undefined, null, 8);
    expect(shown.rows.length).toBe(8);
    await page.screenshot({ path: artifact('security-screen.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the alert ticker shows the warnings GraphQL answers, critical ones marked', async () => {
    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/screen`);
    await expect.poll(() => page.getByTestId('alerts-count').count(), { timeout: 30_000 }).toBe(1);
    let last = '';
    await expect
      .poll(async () => {
        const before = (await system.graphql(ALERTS)).data.alerts as { ruleId: string; nodeId: string | null; severity: string; state: string; summaryZh: string; acknowledgedBy: string | null }[];
        const shown = (await page.evaluate(`[...document.querySelectorAll('[data-testid="alerts-ticker"] [data-testid^="alert-"]')]
          .filter((el) => el.getAttribute('data-testid') !== 'alerts-count' && el.getAttribute('data-testid') !== 'alerts-none')
          .map((el) => el.getAttribute('data-testid') + ' ' + el.textContent.replace(/\\s+/g, ' ').trim())`)) as string[];
        const after = (await system.graphql(ALERTS)).data.alerts as typeof before;
        const expected = (list: typeof before) =>
          list
            .map((a) => `alert-${a.ruleId}-${a.nodeId ?? 'province'} ${a.severity === 'CRITICAL' ? '‼' : '⚠'} ${a.summaryZh}${a.state === 'ACKNOWLEDGED' ? ` · ${a.acknowledgedBy} 已确认` : ''}`)
            .sort();
        const count = await page.getByTestId('alerts-count').textContent();
        const ok = JSON.stringify(expected(before)) === JSON.stringify(expected(after)) && JSON.stringify([...shown].sort()) === JSON.stringify(expected(after)) && Number(count) === after.length;
        last = `shown ${JSON.stringify(shown)}\nGraphQL ${JSON.stringify(expected(after))}`;
        return ok;
      }, { timeout: 60_000, interval: 1500 })
      .toBe(true)
      .catch((err: Error) => {
        throw new Error(`${err.message}\n${last}`);
      });
    await page.screenshot({ path: artifact('security-ticker.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a city dashboard shows its own city’s events only', async () => {
    // Two fresh severe events, one here and one in another city: the newest of each city's list.
    await push(OWN_NODE, 'high', `${RUN} 本市：端口扫描`);
    await push(OTHER_NODE, 'high', `${RUN} 他市：端口扫描`);
    // The province sees both, each in its own node's list. Asked per node and since just before the
    // push: the simulated platforms' bursts can put hundreds of newer events province-wide on top.
    const since = new Date(Date.now() - 60_000).toISOString();
    const seenByProvince = async (nodeId: string) =>
      ((await system.graphql('query($node: ID, $since: DateTime) { securityEvents(nodeId: $node, minSeverity: HIGH, from: $since, limit: 200) { events { description } } }', { node: nodeId, since }, tokens.province)).data
        ?.securityEvents?.events as { description: string }[] | undefined ?? [])
        .map((e) => e.description)
        .filter((d) => d.startsWith(`${RUN} `) && d.endsWith('端口扫描'));
    const everywhere = async () => [...(await seenByProvince(OWN_NODE)), ...(await seenByProvince(OTHER_NODE))].sort();
    await expect.poll(everywhere, { timeout: 60_000, interval: 1000 }).toEqual([`${RUN} 他市：端口扫描`, `${RUN} 本市：端口扫描`].sort());

    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${tokens.cityCode}?token=${encodeURIComponent(tokens.city)}`);
    await expect.poll(() => page.locator('[data-testid^="security-row-"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('security-event').allTextContents()).join('\n'), { timeout: 30_000 }).toContain(`${RUN} 本市：端口扫描`);
    const shown = await expectPanelMatches(page, tokens.city, tokens.cityCode, 4);
    // Its own node's posture only, and its own events, never the other city's.
    expect(shown.rows.map((r) => r[0])).toEqual([OWN_NODE]);
    const eventsText = (await page.getByTestId('security-event').allTextContents()).join('\n');
    expect(eventsText).not.toContain(`${RUN} 他市`);
    expect(eventsText).not.toContain(OTHER_NODE);
    // The API agrees: another city's security data is refused to this user.
    const other = await system.graphql('{ securityEvents(cityCode: "440500") { events { id } } }', undefined, tokens.city);
    expect(other.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SECURITY_FORBIDDEN');
    await page.getByTestId('city-security').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact(`security-city-${tokens.cityCode}.png`) });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a city admin acknowledges a firing warning on the dashboard, and the server records who', async () => {
    // The pushed critical event makes the security-critical rule fire for the city's node (rules
    // are evaluated every 30 s); the simulated platforms may have raised it already.
    type Alert = { id: string; ruleId: string; state: string; nodeId: string | null; acknowledgedBy: string | null };
    let alert: Alert | undefined;
    await expect
      .poll(async () => {
        const r = await system.graphql(`{ alerts(cityCode: "${tokens.cityCode}", states: [FIRING]) { id ruleId state nodeId acknowledgedBy } }`, undefined, tokens.city);
        alert = (r.data?.alerts as Alert[] | undefined)?.find((a) => a.ruleId === 'security-critical' && a.nodeId === OWN_NODE);
        return alert !== undefined;
      }, { timeout: 120_000, interval: 2000 })
      .toBe(true);

    // A read-only kiosk sees the alert but is offered no acknowledgement.
    const kiosk = await openPage(browser, { width: 1920, height: 1080 });
    await kiosk.page.goto(`${system.url}/city/${tokens.cityCode}?token=${encodeURIComponent(tokens.kiosk)}`);
    await expect.poll(() => kiosk.page.locator(`[data-testid="city-alert"][data-id="${alert!.id}"]`).count(), { timeout: 30_000 }).toBe(1);
    expect(await kiosk.page.getByTestId('city-alert-ack').count()).toBe(0);
    expect(kiosk.problems).toEqual([]);
    await kiosk.page.close();

    const { page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${system.url}/city/${tokens.cityCode}?token=${encodeURIComponent(tokens.city)}`);
    const row = page.locator(`[data-testid="city-alert"][data-id="${alert!.id}"]`);
    await expect.poll(() => row.getByTestId('city-alert-ack').count(), { timeout: 30_000 }).toBe(1);
    await row.getByTestId('city-alert-ack').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('ACKNOWLEDGED');
    expect((await row.getByTestId('city-alert-acknowledged').textContent())?.trim()).toBe('· demo-city-shaoguan 已确认');

    const { data } = await system.graphql(`query($id: ID!) { alert(id: $id) { state acknowledgedBy acknowledgedAt history { action actor at } } }`, { id: alert!.id }, tokens.province);
    expect(data.alert).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedBy: 'demo-city-shaoguan' });
    expect(Date.now() - Date.parse(data.alert.acknowledgedAt)).toBeLessThan(120_000);
    expect(data.alert.history).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'demo-city-shaoguan' }));
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact(`security-city-${tokens.cityCode}-acknowledged.png`) });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
