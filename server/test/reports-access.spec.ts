/**
 * Who sees which report, through the app (bearer tokens, GraphQL and the download routes): a city
 * user downloads its own city's reports and bulletins in every format and never another city's; a
 * provider account sees its own assessment and settlement only; a department scores only the
 * providers serving it; a bulletin's author cannot review it; the inbox is each user's own.
 * (PDF rendering itself is tested in reports-formats.spec.ts: the access check comes first.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaDay } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { appClient, useSmallProvinceVm } from './fixtures/report-env.ts';
import { DAY, NOW, writeRegistry } from './fixtures/small-province.ts';

const vmEnv = useSmallProvinceVm();
let db: Database;
let dir: string;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const { gql, ok, download, codeOf } = appClient(() => app);

const FIRST = chinaDay(NOW - 40 * DAY);
const LAST = chinaDay(NOW - DAY);

/** Defines an ad hoc report, runs it, returns the run's id and downloads. */
async function runReport(token: string, input: Record<string, unknown>): Promise<{ id: string; downloads: { pdf: string; xlsx: string; json: string } }> {
  const d = await ok(token, 'mutation($i: ReportDefinitionInput!) { createReportDefinition(input: $i) { id } }', { i: { frequency: 'AD_HOC', ...input } });
  const r = await ok(token, 'mutation($d: ID!, $f: Date, $l: Date) { requestReport(definitionId: $d, firstDay: $f, lastDay: $l) { claimed run { id } } }', { d: d.createReportDefinition.id, f: FIRST, l: LAST });
  await app.reports.runner.settled();
  const run = await ok(token, 'query($id: ID!) { reportRun(id: $id) { id status downloads { pdf xlsx json } } }', { id: r.requestReport.run.id });
  expect(run.reportRun.status).toBe('SUCCEEDED');
  return run.reportRun;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-reports-access-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  // Tianyi operates Shaoguan's and Heyuan's nodes; Mobile operates Dongguan's.
  await db.prisma.provider.create({ data: { id: 'p-tianyi', nameZh: '天翼云（测试）', nodes: { create: [{ nodeId: 'city-shaoguan' }, { nodeId: 'city-heyuan' }] } } });
  await db.prisma.provider.create({ data: { id: 'p-mobile', nameZh: '移动云（测试）', nodes: { create: [{ nodeId: 'prd-dongguan' }] } } });
  const users: [string, Parameters<typeof upsertUser>[1]][] = [
    ['province', { username: 'sheng', role: 'PROVINCIAL_ADMIN' }],
    ['reviewer', { username: 'shenhe', role: 'PROVINCIAL_ADMIN' }],
    ['shaoguan', { username: 'sg', role: 'CITY_ADMIN', cityCode: '440200' }],
    ['sgDept', { username: 'sg-dept', role: 'CITY_ADMIN', cityCode: '440200', departmentCode: 'dept-440200' }],
    ['provDept', { username: 'prov-dept', role: 'OPERATOR', departmentCode: 'dept-440000' }],
    ['heyuan', { username: 'hy', role: 'CITY_ADMIN', cityCode: '441600' }],
    ['tianyi', { username: 'tianyi', role: 'PROVIDER', providerId: 'p-tianyi' }],
    ['kiosk', { username: 'wall', role: 'KIOSK' }],
  ];
  for (const [key, input] of users) {
    const u = await upsertUser(db.prisma, input);
    tokens[key] = (await issueToken(db.prisma, u.id, { label: 'test', readOnly: false })).token;
  }
  app = await buildApp({
    config: { production: false, webDist: undefined, logLevel: 'silent', auth: true, limits: { depth: 10, aliases: 20, batch: 10, cost: 1_000_000, timeoutMs: 60_000 } },
    db, vm: vmEnv.client, liveUpdates: { pollIntervalMs: 0 },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('downloads follow the report access rule', () => {
  it("refuses a city user another city's run and bulletin in every format, and serves its own", async () => {
    const heyuan = await runReport(tokens.heyuan!, { name: '河源', kind: 'EVALUATION', regionCode: '441600', recipients: ['hy'] });
    const shaoguan = await runReport(tokens.shaoguan!, { name: '韶关', kind: 'EVALUATION', regionCode: '440200' });
    const bulletin = (await ok(tokens.province!, 'mutation($r: ID!) { draftBulletin(runId: $r) { id downloads { pdf xlsx json } } }', { r: heyuan.id })).draftBulletin;
    for (const url of [...Object.values(heyuan.downloads), ...Object.values(bulletin.downloads as Record<string, string>)]) {
      const res = await download(tokens.shaoguan!, url);
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 403, code: 'GCC_ERR_REPORT_FORBIDDEN' });
      for (const who of ['tianyi', 'kiosk'] as const) expect((await download(tokens[who]!, url)).statusCode).toBe(403);
    }
    expect((await download(tokens.heyuan!, heyuan.downloads.xlsx)).statusCode).toBe(200);
    expect((await download(tokens.heyuan!, bulletin.downloads.json)).statusCode).toBe(200);
    expect((await download(tokens.shaoguan!, shaoguan.downloads.xlsx)).statusCode).toBe(200);
    // The access check comes before rendering: the owner gets the renderer's answer, not a 403.
    expect((await download(tokens.shaoguan!, shaoguan.downloads.pdf)).json().code).toBe('GCC_ERR_REPORT_RENDER');
    const r = await gql(tokens.shaoguan!, 'query($id: ID!) { bulletin(id: $id) { id } }', { id: bulletin.id });
    expect(codeOf(r)).toBe('GCC_ERR_REPORT_FORBIDDEN');

    // Heyuan's user found it in its inbox; Shaoguan's cannot mark it read.
    const inbox = await ok(tokens.heyuan!, '{ reportInbox(unreadOnly: true) { id status run { id } } reportMailConfigured }');
    expect(inbox.reportMailConfigured).toBe(false);
    const item = inbox.reportInbox.find((x: Json) => x.run.id === heyuan.id);
    expect(item).toMatchObject({ status: 'DELIVERED' });
    expect((await ok(tokens.shaoguan!, '{ reportInbox { id } }')).reportInbox).toEqual([]);
    expect(codeOf(await gql(tokens.shaoguan!, 'mutation($id: ID!) { markReportRead(deliveryId: $id) { id } }', { id: item.id }))).toBe('GCC_ERR_REPORT_NOT_FOUND');
    expect((await ok(tokens.heyuan!, 'mutation($id: ID!) { markReportRead(deliveryId: $id) { readAt } }', { id: item.id })).markReportRead.readAt).not.toBeNull();
    expect((await ok(tokens.heyuan!, '{ reportInbox(unreadOnly: true) { id } }')).reportInbox).toEqual([]);
    const log = await ok(tokens.heyuan!, 'query($id: ID!) { reportRun(id: $id) { deliveries { recipient channel address status } } }', { id: heyuan.id });
    expect(log.reportRun.deliveries).toEqual([{ recipient: 'hy', channel: 'INBOX', address: 'hy', status: 'DELIVERED' }]);
  });

  it("keeps the author of a bulletin from reviewing it; another provincial user reviews, then it can be published", async () => {
    const run = await runReport(tokens.province!, { name: '全省', kind: 'EVALUATION', regionCode: '440000', recipients: ['sheng', 'role:PROVINCIAL_ADMIN', 'leader@gd.gov.cn'] });
    const b = (await ok(tokens.province!, 'mutation($r: ID!) { draftBulletin(runId: $r) { id createdBy } }', { r: run.id })).draftBulletin;
    const self = await gql(tokens.province!, 'mutation($id: ID!) { reviewBulletin(id: $id) { status } }', { id: b.id });
    expect(codeOf(self)).toBe('GCC_ERR_BULLETIN_FOUR_EYES');
    expect(self.errors?.[0]?.message).toMatch(/sheng drafted bulletin TB-440000-adhoc-.* cannot also review it/);
    expect(codeOf(await gql(tokens.province!, 'mutation($id: ID!) { publishBulletin(id: $id) { status } }', { id: b.id }))).toBe('GCC_ERR_BULLETIN_TRANSITION');
    expect((await ok(tokens.reviewer!, 'mutation($id: ID!) { reviewBulletin(id: $id) { status reviewedBy } }', { id: b.id })).reviewBulletin).toEqual({ status: 'REVIEWED', reviewedBy: 'shenhe' });
    expect((await ok(tokens.province!, 'mutation($id: ID!) { publishBulletin(id: $id) { status publishedBy } }', { id: b.id })).publishBulletin).toEqual({ status: 'PUBLISHED', publishedBy: 'sheng' });
    // Recipients: each provincial admin once, the address logged (no SMTP here).
    const log = await ok(tokens.province!, 'query($id: ID!) { reportRun(id: $id) { deliveries { channel address status detail } } }', { id: run.id });
    expect(log.reportRun.deliveries.map((d: Json) => `${d.channel} ${d.address} ${d.status}`)).toEqual(['INBOX sheng DELIVERED', 'INBOX shenhe DELIVERED', 'EMAIL leader@gd.gov.cn LOGGED']);
    const resend = await gql(tokens.province!, 'query($id: ID!) { reportRun(id: $id) { deliveries { id channel } } }', { id: run.id });
    const mailId = resend.data.reportRun.deliveries.find((d: Json) => d.channel === 'EMAIL').id;
    const r = await gql(tokens.province!, 'mutation($id: ID!) { resendReportDelivery(deliveryId: $id) { status } }', { id: mailId });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'GCC_ERR_REPORT_INPUT' }, message: expect.stringMatching(/GCC_SMTP_URL/) });
  });
});

describe('provider assessment by provider and department', () => {
  const month = chinaDay(NOW - 5 * DAY).slice(0, 7);
  const score = (token: string, provider: string, dept: string, s = 90) =>
    gql(token, 'mutation($p: ID!, $m: String!, $d: String!, $s: Float!) { enterSatisfaction(providerId: $p, month: $m, departmentCode: $d, score: $s) { enteredBy } }', { p: provider, m: month, d: dept, s });

  it('lets departments score only the providers serving them', async () => {
    const providers = await ok(tokens.province!, '{ providers { id departmentCodes departments { code nameZh nameEn } } }');
    expect(providers.providers).toEqual([
      { id: 'p-mobile', departmentCodes: ['dept-441900'], departments: [{ code: 'dept-441900', nameZh: '部门 441900', nameEn: null }] },
      { id: 'p-tianyi', departmentCodes: ['dept-440200', 'dept-441600'], departments: [{ code: 'dept-440200', nameZh: '部门 440200', nameEn: null }, { code: 'dept-441600', nameZh: '部门 441600', nameEn: null }] },
    ]);
    expect((await ok(tokens.sgDept!, '{ x: providers { id } }')).x).toHaveLength(2);
    expect((await score(tokens.sgDept!, 'p-tianyi', 'dept-440200', 85)).data.enterSatisfaction.enteredBy).toBe('sg-dept');
    const notServed = await score(tokens.province!, 'p-mobile', 'dept-440200');
    expect(codeOf(notServed)).toBe('GCC_ERR_PROVIDER_FORBIDDEN');
    expect(notServed.errors?.[0]?.message).toMatch(/p-mobile does not serve department dept-440200/);
    const otherDept = await score(tokens.provDept!, 'p-tianyi', 'dept-440200');
    expect(codeOf(otherDept)).toBe('GCC_ERR_PROVIDER_FORBIDDEN');
    expect(otherDept.errors?.[0]?.message).toMatch(/prov-dept scores for department dept-440000 only/);
    expect(codeOf(await score(tokens.sgDept!, 'p-mobile', 'dept-441900'))).toBe('GCC_ERR_PROVIDER_INPUT'); // not in its city
    expect(codeOf(await score(tokens.tianyi!, 'p-tianyi', 'dept-440200'))).toBe('GCC_ERR_REPORT_FORBIDDEN');
    expect(codeOf(await score(tokens.province!, 'p-mobile', 'dept-441900', 70))).toBeUndefined();
    expect(codeOf(await score(tokens.province!, 'p-tianyi', 'dept-441600', 95))).toBeUndefined();
  });

  it("shows a provider account its own assessment and settlement, never another provider's", async () => {
    const key = `adhoc-${FIRST.replace(/-/g, '')}-${LAST.replace(/-/g, '')}`;
    const all = await ok(tokens.province!, `{ providerAssessment(period: "${key}") { providerId satisfaction settlementCoefficient } }`);
    expect(all.providerAssessment.map((r: Json) => r.providerId)).toEqual(['p-mobile', 'p-tianyi']);
    const own = await ok(tokens.tianyi!, `{ providerAssessment(period: "${key}") { providerId satisfaction score settlementCoefficient } providerIncidents(period: "${key}") { providerId } }`);
    expect(own.providerAssessment).toHaveLength(1);
    expect(own.providerAssessment[0]).toMatchObject({ providerId: 'p-tianyi', satisfaction: 0.9 });
    const fromProvince = all.providerAssessment.find((r: Json) => r.providerId === 'p-tianyi');
    expect({ satisfaction: own.providerAssessment[0].satisfaction, settlementCoefficient: own.providerAssessment[0].settlementCoefficient }).toEqual({ satisfaction: fromProvince.satisfaction, settlementCoefficient: fromProvince.settlementCoefficient });
    const other = await gql(tokens.tianyi!, `{ providerAssessment(period: "${key}", providerId: "p-mobile") { score } }`);
    expect(codeOf(other)).toBe('GCC_ERR_PROVIDER_FORBIDDEN');
    expect(codeOf(await gql(tokens.shaoguan!, `{ providerAssessment(period: "${key}") { score } }`))).toBe('GCC_ERR_REPORT_FORBIDDEN');

    // Settlement: frozen by a provider-assessment report; the provider sees its row, with the weights in force.
    const run = await runReport(tokens.province!, { name: '考核', kind: 'PROVIDER_ASSESSMENT', regionCode: '440000' });
    const q = '{ providerSettlements { runId periodKey contentHash weights { availability } bands { minScore } assessment { providerId score settlementCoefficient } } }';
    const mine = (await ok(tokens.tianyi!, q)).providerSettlements;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ runId: run.id, periodKey: key, weights: { availability: 0.4 }, assessment: { providerId: 'p-tianyi' } });
    expect((await ok(tokens.province!, q)).providerSettlements.map((s: Json) => s.assessment.providerId)).toEqual(['p-mobile', 'p-tianyi']);
    expect(codeOf(await gql(tokens.tianyi!, '{ providerSettlements(providerId: "p-mobile") { runId } }'))).toBe('GCC_ERR_PROVIDER_FORBIDDEN');
    // The report itself (every provider's figures) stays closed to the provider.
    expect((await download(tokens.tianyi!, run.downloads.xlsx)).statusCode).toBe(403);
    expect(codeOf(await gql(tokens.tianyi!, '{ reportRuns { id } }'))).toBeUndefined();
    expect((await ok(tokens.tianyi!, '{ reportRuns { id } }')).reportRuns).toEqual([]);
  });

  it('refuses a provider account without a provider, and a department outside its city', async () => {
    await expect(upsertUser(db.prisma, { username: 'x', role: 'PROVIDER' })).rejects.toMatchObject({ code: 'GCC_ERR_ACCESS_INPUT', message: expect.stringMatching(/needs a provider/) });
    await expect(upsertUser(db.prisma, { username: 'x', role: 'PROVIDER', providerId: 'p-nowhere' })).rejects.toThrow(/no provider "p-nowhere"/);
    await expect(upsertUser(db.prisma, { username: 'x', role: 'CITY_ADMIN', cityCode: '441600', departmentCode: 'dept-440200' })).rejects.toThrow(/dept-440200 is not in city 441600/);
  });
});
