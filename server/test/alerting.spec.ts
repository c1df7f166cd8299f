/**
 * Province-wide early warning on both stores, over a real VictoriaMetrics holding the small
 * province: every rule kind fires on its fixture (stale node, capacity headroom and exhaustion,
 * uptake at risk, critical events, a silent platform); the lifecycle firing → acknowledged (by
 * whom) → resolved with history; durations (pending); silences; webhook delivery retried to a
 * local receiver; a city user's own alerts only; VictoriaMetrics down changes nothing; and on
 * PostgreSQL one evaluation per interval however many replicas try.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { backoffMs } from '../src/modules/alerting/notifier.ts';
import { checkRule } from '../src/modules/alerting/rule-schema.ts';
import { createIngestToken } from '../src/modules/security/ingest-tokens.ts';
import { D, sampleLines, waitForSamples, writeRegistry, writeSamples } from './fixtures/small-province.ts';
import { STORES, type TestStore } from './stores.ts';

type Gql = { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Received { body: any; attempt: string; delivery: string } // eslint-disable-line @typescript-eslint/no-explicit-any

let vm: TestVictoriaMetrics;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
/** The receiver answers 500 to the first delivery of each id, then 200: every delivery needs one retry. */
const failedOnce = new Set<string>();

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  const lines = sampleLines();
  await writeSamples(vm.url, lines);
  await vm.forceFlush();
  await waitForSamples(vm.url, lines);
  receiver = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const delivery = String(req.headers['x-gcc-delivery']);
      if (!failedOnce.has(delivery)) {
        failedOnce.add(delivery);
        res.writeHead(500).end('try again');
        return;
      }
      received.push({ body: JSON.parse(data), attempt: String(req.headers['x-gcc-attempt']), delivery });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 120_000);

afterAll(async () => {
  await vm?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe('rule definitions', () => {
  it('lists every problem of a rule at once', () => {
    expect(() => checkRule({ id: 'Bad Id', kind: 'capacity-headroom', nameZh: 'x', nameEn: 'x', severity: 'warning', forSeconds: -1, scope: null, params: { minHeadroom: 2, resources: [] }, enabled: true }))
      .toThrow(/id: must be lower-case.*forSeconds.*params\.minHeadroom.*params\.resources/);
  });
  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, () => 0.5)).toBe(300_000);
  });
});

describe.each(STORES)('alerting on $name', (storeKind) => {
  let store: TestStore;
  let db: Database;
  let app: FastifyInstance;
  let shaoguanPlatform = '';
  let heyuanPlatform = '';
  let operator = '';
  let cityUser = '';

  const gql = async (query: string, token?: string): Promise<Gql> =>
    (await app.inject({ method: 'POST', url: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { query } })).json();
  const push = (token: string, events: unknown[]) =>
    app.inject({ method: 'POST', url: '/api/security/v1/events', headers: { authorization: `Bearer ${token}` }, payload: { events } as never });
  const alerts = async () =>
    (await db.prisma.alert.findMany({ orderBy: { subject: 'asc' } })).map((a) => ({ rule: a.ruleId, subject: a.subject, state: a.state, silenced: a.silenceId !== null }));
  const active = async (rule: string, subject: string) => db.prisma.alert.findFirst({ where: { ruleId: rule, subject, state: { not: 'RESOLVED' } } });
  /** Delivers every queued webhook, retrying at once instead of waiting out the backoff. */
  const deliverAll = async () => {
    for (let i = 0; i < 5; i++) {
      await app.gccAlerting.notifier.tick();
      if (!(await db.prisma.alertDelivery.count({ where: { status: 'PENDING' } }))) return;
      await db.prisma.alertDelivery.updateMany({ where: { status: 'PENDING' }, data: { nextAttemptAt: new Date(0) } });
    }
  };

  beforeAll(async () => {
    received.length = 0;
    store = await storeKind.create();
    db = await openDatabase(store.target);
    await writeRegistry(db);
    await db.prisma.node.updateMany({ where: { id: { in: ['city-shaoguan', 'city-heyuan'] } }, data: { securityPlatformDate: D(100) } });
    shaoguanPlatform = (await createIngestToken(db.prisma, 'city-shaoguan', 't')).token;
    heyuanPlatform = (await createIngestToken(db.prisma, 'city-heyuan', 't')).token;
    const op = await upsertUser(db.prisma, { username: 'zhang-ops', role: 'OPERATOR', cityCode: null });
    operator = (await issueToken(db.prisma, op.id, { label: 't', readOnly: false })).token;
    const city = await upsertUser(db.prisma, { username: 'shaoguan-bureau', role: 'CITY_ADMIN', cityCode: '440200' });
    cityUser = (await issueToken(db.prisma, city.id, { label: 't', readOnly: false })).token;
    app = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url, cacheTtlMs: 0 }),
      liveUpdates: { pollIntervalMs: 0 }, security: { eventPollIntervalMs: 0 }, alerting: { intervalSeconds: 0, notifyIntervalMs: 0, watchIntervalMs: 0 },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await store?.cleanup();
  });

  it('starts with the default rules as data, and takes edits through GraphQL', async () => {
    const rules = await gql('{ alertRules { id kind severity forSeconds paramsJson enabled } }');
    expect(rules.data!.alertRules.map((r: { id: string }) => r.id)).toEqual(['capacity-exhaustion', 'capacity-headroom', 'node-stale', 'security-critical', 'security-silent', 'uptake-at-risk']);
    const edit = (id: string, kind: string, forSeconds: number, params: object) =>
      gql(`mutation { upsertAlertRule(rule: { id: "${id}", kind: ${kind}, nameZh: "规则", nameEn: "rule", severity: WARNING, forSeconds: ${forSeconds},
        paramsJson: ${JSON.stringify(JSON.stringify(params))}, enabled: true }) { id paramsJson } }`, operator);
    expect((await edit('capacity-headroom', 'CAPACITY_HEADROOM', 60, { minHeadroom: 0.4, resources: ['vcpu'] })).errors).toBeUndefined();
    expect((await edit('capacity-exhaustion', 'CAPACITY_EXHAUSTION', 0, { withinDays: 200, windowDays: 30, resources: ['vcpu'] })).errors).toBeUndefined();
    const bad = await edit('capacity-exhaustion', 'CAPACITY_EXHAUSTION', 0, { withinDays: 0, windowDays: 30 });
    expect(bad.errors?.[0]?.extensions?.code).toBe('GCC_ERR_ALERT_RULE_INVALID');
    expect(bad.errors?.[0]?.message).toMatch(/params\.withinDays.*params\.resources/);
    // A city user may not change the province's rules.
    expect((await edit('node-stale', 'NODE_STALE', 0, { staleAfterSeconds: 900 })).errors).toBeUndefined();
    const denied = await gql('mutation { upsertAlertRule(rule: { id: "node-stale", kind: NODE_STALE, nameZh: "x", nameEn: "x", severity: WARNING, forSeconds: 0, paramsJson: "{\\"staleAfterSeconds\\": 60}", enabled: true }) { id } }', cityUser);
    expect(denied.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SECURITY_FORBIDDEN');
  });

  it('fires every kind of rule on its fixture, holding a rule with a duration as pending first', async () => {
    expect((await gql(`mutation { createAlertWebhook(url: "${receiverUrl}") { id } }`, operator)).errors).toBeUndefined();
    const now = new Date().toISOString();
    await push(shaoguanPlatform, [
      { id: 'c1', occurredAt: now, category: 'intrusion', severity: 'critical', description: '核心交换机被入侵' },
      { id: 'c2', occurredAt: now, category: 'malware', severity: 'critical', description: '挖矿程序' },
      { id: 'l1', occurredAt: now, category: 'audit', severity: 'low', description: 'routine' },
    ]);
    const first = await app.gccAlerting.cycle(Date.now(), 0);
    expect(first?.failedRules).toEqual([]);
    expect(await alerts()).toEqual([
      // Shaoguan +10 vCPU/day (140 days left), Heyuan up 200 vCPU in the window (about 100 days left).
      { rule: 'capacity-exhaustion', subject: 'city-heyuan/vcpu', state: 'FIRING', silenced: false },
      { rule: 'capacity-exhaustion', subject: 'city-shaoguan/vcpu', state: 'FIRING', silenced: false },
      // Heyuan's platform is live but has never reported.
      { rule: 'security-silent', subject: 'city-heyuan', state: 'FIRING', silenced: false },
      { rule: 'security-critical', subject: 'city-shaoguan', state: 'FIRING', silenced: false },
      // Yunfu's collector stopped an hour ago.
      { rule: 'node-stale', subject: 'city-yunfu', state: 'FIRING', silenced: false },
      // Yunfu went live a month ago with nothing migrated and little allocated.
      { rule: 'uptake-at-risk', subject: 'city-yunfu/migration', state: 'FIRING', silenced: false },
      { rule: 'uptake-at-risk', subject: 'city-yunfu/usage', state: 'FIRING', silenced: false },
      // Dongguan's migration is flat at 25%: projected to miss 50%.
      { rule: 'uptake-at-risk', subject: 'prd-dongguan/migration', state: 'FIRING', silenced: false },
    ].sort((a, b) => a.subject.localeCompare(b.subject)));
    expect(first?.pending).toBeGreaterThan(0);
    const critical = await active('security-critical', 'city-shaoguan');
    expect(critical).toMatchObject({ value: 2, severity: 'CRITICAL', summaryEn: 'city-shaoguan: 2 open critical security events in the last 60 min' });
    const exhaustion = await active('capacity-exhaustion', 'city-shaoguan/vcpu');
    // (4000 − 2600) vCPU at +10 vCPU/day.
    expect(exhaustion!.value).toBeCloseTo(140, 0);
    // The headroom rule holds 60 s: a minute later it fires for the nodes below 40%.
    await app.gccAlerting.cycle(Date.now() + 61_000, 0);
    const headroom = (await db.prisma.alert.findMany({ where: { ruleId: 'capacity-headroom' } })).map((a) => a.subject).sort();
    expect(headroom).toEqual(['city-heyuan/vcpu', 'city-shaoguan/vcpu', 'prd-dongguan/vcpu', 'provincial/vcpu']);
    expect(await db.prisma.alertPending.count()).toBe(0);
  });

  it('notifies the webhook, retrying after a failure, and records it', async () => {
    await deliverAll();
    const fired = received.filter((r) => r.body.transition === 'fired');
    expect(fired).toHaveLength(12);
    expect(fired.every((r) => r.attempt === '2')).toBe(true);
    const critical = fired.find((r) => r.body.alert.ruleId === 'security-critical')!;
    expect(critical.body).toMatchObject({ version: 1, transition: 'fired', alert: { state: 'firing', severity: 'critical', nodeId: 'city-shaoguan', regionCode: '440200' } });
    const history = await gql(`{ alert(id: "${critical.body.alert.id}") { history { action actor } } }`);
    expect(history.data!.alert.history).toEqual([{ action: 'fired', actor: 'evaluator' }, { action: 'notified', actor: 'webhook' }]);
  });

  it('is acknowledged by a named operator, once', async () => {
    const id = (await active('security-critical', 'city-shaoguan'))!.id;
    const ack = await gql(`mutation { acknowledgeAlert(id: "${id}", note: "值班处置中") { state acknowledgedBy acknowledgedAt } }`, operator);
    expect(ack.data!.acknowledgeAlert).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedBy: 'zhang-ops' });
    const twice = await gql(`mutation { acknowledgeAlert(id: "${id}") { state } }`, operator);
    expect(twice.errors?.[0]?.extensions?.code).toBe('GCC_ERR_ALERT_TRANSITION');
  });

  it('shows a city user its own alerts only', async () => {
    const mine = await gql('{ alerts { subject regionCode } }', cityUser);
    expect(new Set(mine.data!.alerts.map((a: { regionCode: string }) => a.regionCode))).toEqual(new Set(['440200']));
    const all = await gql('{ alerts { subject } }', operator);
    expect(all.data!.alerts.length).toBeGreaterThan(mine.data!.alerts.length);
  });

  it('resolves when the condition goes away, and tells the webhook', async () => {
    const ids = (await db.prisma.securityEvent.findMany({ where: { severity: 'CRITICAL' } })).map((e) => `"${e.id}"`);
    const closed = await gql(`mutation { closeSecurityEvents(ids: [${ids.join(',')}], note: "已处置") }`, cityUser);
    expect(closed.data!.closeSecurityEvents).toBe(2);
    await app.gccAlerting.cycle(Date.now(), 0);
    const a = await db.prisma.alert.findFirst({ where: { ruleId: 'security-critical', nodeId: 'city-shaoguan' }, include: { history: { orderBy: { id: 'asc' } } } });
    expect(a).toMatchObject({ state: 'RESOLVED', resolvedBy: 'evaluator', acknowledgedBy: 'zhang-ops', activeKey: null });
    expect(a!.history.map((h) => h.action)).toEqual(['fired', 'notified', 'acknowledged', 'resolved']);
    await deliverAll();
    expect(received.filter((r) => r.body.alert.id === a!.id).map((r) => r.body.transition).sort()).toEqual(['acknowledged', 'fired', 'resolved']);
  });

  it('records but does not notify what fires during a silence', async () => {
    const s = await gql('mutation { createAlertSilence(silence: { nodeId: "city-heyuan", endsAt: "2099-01-01T00:00:00Z", comment: "等保测评割接窗口" }) { id regionCode active createdBy } }', operator);
    expect(s.data!.createAlertSilence).toMatchObject({ regionCode: '441600', active: true, createdBy: 'zhang-ops' });
    const everything = await gql('mutation { createAlertSilence(silence: { endsAt: "2099-01-01T00:00:00Z", comment: "x" }) { id } }', operator);
    expect(everything.errors?.[0]?.extensions?.code).toBe('GCC_ERR_ALERT_SILENCE_INVALID');
    await push(heyuanPlatform, [{ id: 'h1', occurredAt: new Date().toISOString(), category: 'intrusion', severity: 'critical', description: 'x' }]);
    const before = new Set((await db.prisma.alertDelivery.findMany({ select: { id: true } })).map((d) => d.id));
    await app.gccAlerting.cycle(Date.now(), 0);
    expect(await active('security-critical', 'city-heyuan')).toMatchObject({ state: 'FIRING' });
    expect((await active('security-critical', 'city-heyuan'))!.silenceId).not.toBeNull();
    // Its platform reported (the event): the silent-platform alert resolved, and that is told.
    expect(await active('security-silent', 'city-heyuan')).toBeNull();
    const queued = (await db.prisma.alertDelivery.findMany()).filter((d) => !before.has(d.id));
    expect(queued.map((d) => d.transition)).toEqual(['resolved']);
  });

  it('changes nothing while VictoriaMetrics is down', async () => {
    const down = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: 'http://127.0.0.1:1', timeoutMs: 300 }),
      liveUpdates: { pollIntervalMs: 0 }, security: { eventPollIntervalMs: 0 }, alerting: { intervalSeconds: 0, notifyIntervalMs: 0, watchIntervalMs: 0 },
    });
    await down.ready();
    try {
      const before = await alerts();
      const r = await down.gccAlerting.cycle(Date.now(), 0);
      expect(r!.failedRules.sort()).toEqual(['capacity-exhaustion', 'capacity-headroom', 'node-stale', 'uptake-at-risk']);
      expect(await alerts()).toEqual(before);
    } finally {
      await down.close();
    }
  });

  it.runIf(storeKind.name === 'postgres')('evaluates once per interval however many replicas try', async () => {
    const replica = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }),
      liveUpdates: { pollIntervalMs: 0 }, security: { eventPollIntervalMs: 0 }, alerting: { intervalSeconds: 0, notifyIntervalMs: 0, watchIntervalMs: 0 },
    });
    await replica.ready();
    try {
      // Earlier tests' cycles ran moments ago: start the interval afresh.
      await db.sql.query('DELETE FROM "AlertEvaluatorState"');
      const runs = await Promise.all([app.gccAlerting.cycle(Date.now(), 30_000), replica.gccAlerting.cycle(Date.now(), 30_000)]);
      expect(runs.filter((r) => r !== null)).toHaveLength(1);
      // And right after, the interval is not over yet: nobody runs.
      expect(await replica.gccAlerting.cycle(Date.now(), 30_000)).toBeNull();
    } finally {
      await replica.close();
    }
  });
});
