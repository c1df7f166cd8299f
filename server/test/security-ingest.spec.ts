/**
 * Security event ingestion on both stores: the push API v1 (tokens, per-event rejections with
 * reasons, deduplication by id and by content, closing by resend, size limits, counters), status
 * pushes and the posture, syslog over UDP and TCP (both framings), a city user seeing its own
 * city only, the live subscription, and the retention prune.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { createIngestToken } from '../src/modules/security/ingest-tokens.ts';
import { pruneSecurityEvents } from '../src/modules/security/retention.ts';
import { startFakeVm, type FakeVm } from './fixtures/fake-vm.ts';
import { D, writeRegistry } from './fixtures/small-province.ts';
import { STORES, type TestStore } from './stores.ts';

type Gql = { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(STORES)('security ingestion on $name', (storeKind) => {
  let store: TestStore;
  let db: Database;
  let vm: FakeVm;
  let app: FastifyInstance;
  let shaoguan = '';
  let heyuan = '';
  let cityUserToken = '';

  const push = (token: string | null, payload: unknown, path = 'events') =>
    app.inject({ method: 'POST', url: `/api/security/v1/${path}`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as never });
  const gql = async (query: string, token?: string): Promise<Gql> =>
    (await app.inject({ method: 'POST', url: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { query } })).json();

  beforeAll(async () => {
    store = await storeKind.create();
    db = await openDatabase(store.target);
    await writeRegistry(db);
    await db.prisma.node.updateMany({ where: { id: { in: ['city-shaoguan', 'city-heyuan'] } }, data: { securityPlatformDate: D(100) } });
    shaoguan = (await createIngestToken(db.prisma, 'city-shaoguan', 'test platform')).token;
    heyuan = (await createIngestToken(db.prisma, 'city-heyuan', 'test platform')).token;
    const user = await upsertUser(db.prisma, { username: 'shaoguan-bureau', role: 'CITY_ADMIN', cityCode: '440200' });
    cityUserToken = (await issueToken(db.prisma, user.id, { label: 't', readOnly: false })).token;
    vm = await startFakeVm();
    app = await buildApp({
      config: { production: false, webDist: undefined, logLevel: 'silent' }, db, vm: createVmClient({ url: vm.url }), liveUpdates: { pollIntervalMs: 0 },
      security: { syslog: storeKind.name === 'pglite' ? { host: '127.0.0.1', port: 0 } : null, eventPollIntervalMs: 100 },
      alerting: { intervalSeconds: 0, notifyIntervalMs: 0, watchIntervalMs: 0 },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await vm?.close();
    await store?.cleanup();
  });

  it('refuses a request without a token or with an unknown one, and counts it', async () => {
    const none = await push(null, { events: [] });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('GCC_ERR_SECURITY_UNAUTHORIZED');
    const bad = await push('gccsec_nope', { events: [] });
    expect(bad.statusCode).toBe(401);
    expect(app.gccSecurity.ingest.counters.bySource.push.rejected.unauthorized).toBe(2);
  });

  it('stores the good events of a batch and rejects each bad one with its index and reason', async () => {
    const res = await push(shaoguan, {
      events: [
        { id: 'sg-1', occurredAt: iso(60_000), category: 'intrusion', severity: 'critical', asset: '10.1.0.7', description: '检测到暴力破解 SSH' },
        { id: 'sg-2', occurredAt: iso(50_000), category: 'audit', severity: 'info', description: 'admin login' },
        { id: 'sg-3', occurredAt: iso(), category: 'ddos', severity: 'high', description: 'x' },
        { id: 'sg-4', occurredAt: new Date(Date.now() + 3_600_000).toISOString(), category: 'malware', severity: 'low', description: 'clock ahead' },
        { occurredAt: iso(), category: 'malware', severity: 'low', description: 'big', padding: 'x'.repeat(9000) },
        { id: 'sg-6', occurredAt: iso(), category: 'malware', severity: 'low', description: 'not mine', node: 'city-heyuan' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ nodeId: 'city-shaoguan', accepted: 2, duplicates: 0, closed: 0 });
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([2, 3, 4, 5]);
    expect(body.rejected[0].reason).toMatch(/^category: /);
    expect(body.rejected[1].reason).toMatch(/in the future/);
    expect(body.rejected[2].reason).toMatch(/bytes; the limit is 8192/);
    expect(body.rejected[3].reason).toMatch(/not the node of this token/);
    const c = app.gccSecurity.ingest.counters.bySource.push;
    expect(c.rejected).toMatchObject({ invalid: 2, 'out-of-window': 1, oversized: 1 });
  });

  it('deduplicates by id and by content, and closes an event resent as closed', async () => {
    const again = await push(shaoguan, { events: [{ id: 'sg-1', occurredAt: iso(60_000), category: 'intrusion', severity: 'critical', description: 'resent' }] });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, closed: 0 });
    const noId = { occurredAt: '2026-11-20T01:02:03.000Z', category: 'vulnerability', severity: 'medium', asset: 'web-01', description: 'CVE-2024-3094 xz' };
    const first = await push(shaoguan, { events: [noId, noId] });
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    // The same content with the time written in another zone is the same event.
    expect((await push(shaoguan, { events: [{ ...noId, occurredAt: '2026-11-20T09:02:03+08:00' }] })).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const closed = await push(shaoguan, { events: [{ id: 'sg-1', occurredAt: iso(60_000), category: 'intrusion', severity: 'critical', description: 'x', state: 'closed' }] });
    expect(closed.json()).toMatchObject({ accepted: 0, closed: 1 });
    const row = await db.prisma.securityEvent.findUnique({ where: { nodeId_dedupKey: { nodeId: 'city-shaoguan', dedupKey: 'id:sg-1' } } });
    expect(row?.closedAt).not.toBeNull();
    expect(row?.description).toBe('检测到暴力破解 SSH');
  });

  it('refuses bodies that are too large, not JSON, or not the v1 shape, with a code', async () => {
    const big = await push(shaoguan, { events: [{ description: 'x'.repeat(3 * 1024 * 1024) }] });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('GCC_ERR_SECURITY_BODY_TOO_LARGE');
    const notJson = await app.inject({ method: 'POST', url: '/api/security/v1/events', headers: { authorization: `Bearer ${shaoguan}`, 'content-type': 'application/json' }, payload: '{"events": [' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('GCC_ERR_SECURITY_BODY_INVALID');
    expect((await push(shaoguan, { event: {} })).json().message).toMatch(/\{"events": \[ … \]\}/);
    expect((await push(shaoguan, { events: Array.from({ length: 1001 }, () => ({})) })).json().message).toMatch(/limit is 1000/);
    const counters = (await app.inject({ method: 'GET', url: '/api/security/ingest-counters' })).json();
    expect(counters.push.rejected.malformed).toBe(2);
    expect(counters.push.rejected.oversized).toBeGreaterThanOrEqual(1002);
  });

  it('records a status push and answers the posture in GraphQL', async () => {
    const bad = await push(heyuan, { dengbaoLevel: 7, policiesTotal: 3, policiesViolated: 5 }, 'status');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/dengbaoLevel.*policiesViolated|policiesViolated.*dengbaoLevel/s);
    const ok = await push(heyuan, { dengbaoLevel: 3, lastAssessmentDate: '2024-01-15', assessmentScore: 86.5, policiesTotal: 120, policiesViolated: 2 }, 'status');
    expect(ok.statusCode).toBe(200);
    const body = await gql(`{ securityOverview { open { critical high total } silentNodes livePlatforms
      nodes { nodeId platformLive open { critical info total } dengbaoLevel lastAssessmentDate assessmentOverdue policiesViolated silent secondsSinceLastReport } } }`);
    expect(body.errors).toBeUndefined();
    const o = body.data!.securityOverview;
    expect(o.livePlatforms).toBe(2);
    const heyuanPosture = o.nodes.find((n: { nodeId: string }) => n.nodeId === 'city-heyuan');
    expect(heyuanPosture).toMatchObject({ platformLive: true, dengbaoLevel: 3, lastAssessmentDate: '2024-01-15', assessmentOverdue: true, policiesViolated: 2, silent: false });
    const sg = o.nodes.find((n: { nodeId: string }) => n.nodeId === 'city-shaoguan');
    // sg-1 (critical) was closed; sg-2 (info) and the CVE (medium) are open.
    expect(sg.open).toEqual({ critical: 0, info: 1, total: 2 });
    expect(o.nodes.find((n: { nodeId: string }) => n.nodeId === 'provincial')).toMatchObject({ platformLive: false, silent: false });
  });

  it('shows a city user its own city only', async () => {
    await push(heyuan, { events: [{ id: 'hy-1', occurredAt: iso(), category: 'malware', severity: 'high', description: '勒索软件样本' }] });
    const mine = await gql('{ securityEvents(limit: 100) { events { nodeId } } securityOverview { nodes { nodeId } } }', cityUserToken);
    expect(mine.errors).toBeUndefined();
    expect(new Set(mine.data!.securityEvents.events.map((e: { nodeId: string }) => e.nodeId))).toEqual(new Set(['city-shaoguan']));
    expect(mine.data!.securityOverview.nodes.map((n: { nodeId: string }) => n.nodeId)).toEqual(['city-shaoguan']);
    const other = await gql('{ securityEvents(nodeId: "city-heyuan") { events { id } } }', cityUserToken);
    expect(other.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SECURITY_FORBIDDEN');
    const province = await gql('{ securityEvents(minSeverity: HIGH) { events { nodeId severity category } } }');
    expect(province.data!.securityEvents.events).toEqual([{ nodeId: 'city-heyuan', severity: 'HIGH', category: 'MALWARE' }, { nodeId: 'city-shaoguan', severity: 'CRITICAL', category: 'INTRUSION' }]);
    // Tokens are the province's business.
    const tok = await gql('mutation { createSecurityIngestToken(nodeId: "city-shaoguan", label: "x") { token } }', cityUserToken);
    expect(tok.errors?.[0]?.extensions?.code).toBe('GCC_ERR_SECURITY_FORBIDDEN');
  });

  it('publishes new events to subscribers', async () => {
    const ws = await app.injectWS('/graphql', { headers: { 'sec-websocket-protocol': 'graphql-transport-ws' } });
    try {
      const messages: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
      ws.on('message', (d: { toString(): string }) => messages.push(JSON.parse(d.toString())));
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await until('ack', async () => messages.some((m) => m.type === 'connection_ack'));
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { securityEventIngested(minSeverity: HIGH) { nodeId count bySeverity { critical } latest { description severity } } }' } }));
      await new Promise((r) => setTimeout(r, 300));
      await push(shaoguan, { events: [{ id: 'sub-1', occurredAt: iso(), category: 'intrusion', severity: 'critical', description: 'live one' }] });
      // Events of earlier tests (河源's) may still be on their way to subscribers: wait for 韶关's.
      const msg = await until('next', async () => messages.find((m) => m.type === 'next' && m.payload.data.securityEventIngested.nodeId === 'city-shaoguan'));
      expect(msg.payload.data.securityEventIngested).toEqual({ nodeId: 'city-shaoguan', count: 1, bySeverity: { critical: 1 }, latest: [{ description: 'live one', severity: 'CRITICAL' }] });
    } finally {
      ws.terminate();
    }
  });

  it.runIf(storeKind.name === 'pglite')('takes syslog over UDP and TCP (octet counting and newline framing), counting bad lines', async () => {
    const port = app.gccSecurity.syslogPort()!;
    const line = (id: string, sev: number, msg: string) => `<${8 + sev}>1 ${iso()} soc-shaoguan ids 4242 intrusion [gcc@32473 token="${shaoguan}" id="${id}" asset="10.9.9.9"] \uFEFF${msg}`;
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.send(Buffer.from(line('udp-1', 2, 'UDP 上报')), port, '127.0.0.1', () => r()));
    await new Promise<void>((r) => udp.send(Buffer.from('<13>1 not a timestamp h a - - - x'), port, '127.0.0.1', () => r()));
    udp.close();
    const tcp = connect(port, '127.0.0.1');
    await new Promise<void>((r) => tcp.once('connect', () => r()));
    const framed = Buffer.from(line('tcp-1', 4, '八位组计数'));
    tcp.write(Buffer.concat([Buffer.from(`${framed.length} `), framed.subarray(0, 20)]));
    await new Promise((r) => setTimeout(r, 50));
    tcp.write(Buffer.concat([framed.subarray(20), Buffer.from(`${line('tcp-2', 6, 'newline framed')}\n`)]));
    const rows = await until('syslog events', async () => {
      const r = await db.prisma.securityEvent.findMany({ where: { source: 'SYSLOG' }, orderBy: { dedupKey: 'asc' } });
      return r.length === 3 && r;
    });
    tcp.end();
    expect(rows.map((r) => [r.dedupKey, r.severity, r.description, r.asset])).toEqual([
      ['id:tcp-1', 'MEDIUM', '八位组计数', '10.9.9.9'],
      ['id:tcp-2', 'INFO', 'newline framed', '10.9.9.9'],
      ['id:udp-1', 'CRITICAL', 'UDP 上报', '10.9.9.9'],
    ]);
    const c = app.gccSecurity.ingest.counters.bySource.syslog;
    expect(c).toMatchObject({ received: 4, accepted: 3 });
    expect(c.rejected.malformed).toBe(1);
  });

  it('prunes events past the retention', async () => {
    await db.sql.query(`UPDATE "SecurityEvent" SET "occurredAt" = now() - interval '200 days' WHERE "dedupKey" = 'id:sg-2'`);
    expect(await pruneSecurityEvents(db.sql, 180)).toBe(1);
    expect(await db.prisma.securityEvent.count({ where: { dedupKey: 'id:sg-2' } })).toBe(0);
  });
});
