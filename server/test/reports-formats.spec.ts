/**
 * A report end to end through the app, on the hand-made province (fixtures/small-province.ts):
 * XLSX figures are numbers equal to what GraphQL's indicators answer at the report's instant; the
 * PDF, rendered by Debian's Chromium from the console's print page, has every city on it and is
 * not blank (pdftotext, pdftoppm), and goes by mail to a real SMTP server with that PDF attached;
 * downloads follow the viewer's city; bad input is explained;
 * provider assessment follows its formula and its configurable weights.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessmentScore, chinaDay, CITIES, settlementCoefficient, type ReportSnapshot } from '@gcc/domain';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { createVmClient } from '../src/infra/vm/vm-client.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { appClient } from './fixtures/report-env.ts';
import { DAY, NOW, sampleLines, waitForSamples, writeRegistry, writeSamples } from './fixtures/small-province.ts';
import { parseMail, startSmtpSink, type SmtpSink } from './fixtures/smtp-sink.ts';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
let vm: TestVictoriaMetrics;
let db: Database;
let dir: string;
let app: FastifyInstance;
let smtp: SmtpSink;
const tokens: Record<string, string> = {};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const { gql, ok, download } = appClient(() => app);

interface FinishedRun {
  id: string;
  contentHash: string;
  downloads: { pdf: string; xlsx: string; json: string };
  snapshot: ReportSnapshot;
}

/** Defines and runs a report, waits for it, returns the run. */
async function runReport(input: Record<string, unknown>, period: Record<string, unknown>, token = tokens.province!): Promise<FinishedRun> {
  const d = await ok(token, 'mutation($i: ReportDefinitionInput!) { createReportDefinition(input: $i) { id } }', { i: input });
  const r = await ok(token, 'mutation($d: ID!, $p: String, $f: Date, $l: Date) { requestReport(definitionId: $d, period: $p, firstDay: $f, lastDay: $l) { claimed detail run { id } } }', { d: d.createReportDefinition.id, ...period });
  expect(r.requestReport.claimed).toBe(true);
  await app.reports.runner.settled();
  const run = await ok(token, 'query($id: ID!) { reportRun(id: $id) { id status error periodKey contentHash snapshot downloads { pdf xlsx json } } }', { id: r.requestReport.run.id });
  expect(run.reportRun.error).toBeNull();
  expect(run.reportRun.status).toBe('SUCCEEDED');
  return { ...run.reportRun, snapshot: JSON.parse(run.reportRun.snapshot) as ReportSnapshot };
}

const FIRST = chinaDay(NOW - 40 * DAY);
const LAST = chinaDay(NOW - DAY);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-reports-'));
  // The print page comes from the console's build: build it here, into this test's directory.
  const build = Promise.resolve().then(() => execFileSync('npx', ['vite', 'build', '--outDir', join(dir, 'web'), '--emptyOutDir', '--logLevel', 'error'], { cwd: WEB, stdio: 'pipe' }));
  [vm, smtp] = await Promise.all([startVictoriaMetrics(), startSmtpSink()]);
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeRegistry(db);
  const lines = sampleLines();
  await writeSamples(vm.url, lines);
  await vm.forceFlush();
  await waitForSamples(vm.url, lines);
  for (const [key, user] of [['province', { username: 'sheng', role: 'PROVINCIAL_ADMIN' }], ['shaoguan', { username: 'sg', role: 'CITY_ADMIN', cityCode: '440200' }], ['kiosk', { username: 'wall', role: 'KIOSK' }]] as const) {
    const u = await upsertUser(db.prisma, user);
    tokens[key] = (await issueToken(db.prisma, u.id, { label: 'test', readOnly: false })).token;
  }
  await build;
  app = await buildApp({
    config: { production: false, webDist: join(dir, 'web'), logLevel: 'silent', auth: true, limits: { depth: 10, aliases: 20, batch: 10, cost: 1_000_000, timeoutMs: 60_000 } },
    db, vm: createVmClient({ url: vm.url, cacheTtlMs: 0 }), liveUpdates: { pollIntervalMs: 0 },
    reports: { mail: { smtpUrl: smtp.url, from: 'reports@gcc.test', publicUrl: 'https://gcc.test' } },
  });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await vm?.stop();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the evaluation report', () => {
  let province: FinishedRun;
  beforeAll(async () => {
    province = await runReport({ name: '全省评估', kind: 'EVALUATION', frequency: 'AD_HOC', regionCode: '440000', recipients: ['sheng', 'leader@gd.gov.cn'] }, { f: FIRST, l: LAST });
  }, 60_000);

  it('mails the report to its address with the Chromium PDF and the XLSX attached, and puts it in the user\'s inbox', async () => {
    const sent = smtp.messages.filter((m) => m.to.includes('leader@gd.gov.cn'));
    expect(sent).toHaveLength(1);
    const mail = parseMail(sent[0]!.raw);
    expect(mail.text).toContain(`https://gcc.test/reports/runs/${province.id}`);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    writeFileSync(join(dir, 'mailed.pdf'), pdf.content);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'mailed.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('广州市');
    expect(text).toContain(province.contentHash);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments.find((a) => a.filename.endsWith('.xlsx'))!.content as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    const log = await ok(tokens.province!, 'query($id: ID!) { reportRun(id: $id) { deliveries { channel address status detail } } reportInbox { run { id } } }', { id: province.id });
    expect(log.reportRun.deliveries.map((d: Json) => `${d.channel} ${d.address} ${d.status}`)).toEqual(['INBOX sheng DELIVERED', 'EMAIL leader@gd.gov.cn DELIVERED']);
    expect(log.reportInbox.map((x: Json) => x.run.id)).toContain(province.id);
  }, 60_000);

  it('writes XLSX numbers, formatted, equal to the GraphQL indicators at the report instant', async () => {
    const res = await download(tokens.province!, province.downloads.xlsx);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-sha256']).toBe(province.contentHash);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('城市 Cities')!;
    // Column keys exist only while a workbook is written: read columns by their headers.
    const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const at = (h: string) => headers.findIndex((x) => x.startsWith(h));
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), row));
    expect([...rows.keys()].sort()).toEqual(CITIES.map((c) => c.code).sort());

    const q = await ok(tokens.province!, `query($at: DateTime) {
      cities { code indicators(at: $at) { migrationRate { value inScope onCloud } usageRate { value } evaluation { status } } }
      m: rankings(by: MIGRATION_RATE, at: $at) { rank city { code } }
      u: rankings(by: USAGE_RATE, at: $at) { rank city { code } } }`, { at: province.snapshot.asOf });
    const mRank = new Map(q.m.map((r: Json) => [r.city.code, r.rank]));
    const uRank = new Map(q.u.map((r: Json) => [r.city.code, r.rank]));
    let compared = 0;
    for (const c of q.cities) {
      const row = rows.get(c.code)!;
      const cell = (h: string) => row.getCell(at(h));
      const migration = cell('迁移上云率');
      expect(migration.value ?? null, `${c.code} migration`).toEqual(c.indicators.migrationRate.value);
      if (migration.value !== null) {
        expect(typeof migration.value).toBe('number');
        expect(migration.numFmt).toBe('0.0%');
        compared++;
      }
      expect(cell('纳入统计').value).toBe(c.indicators.migrationRate.inScope);
      expect(cell('已上云').value).toBe(c.indicators.migrationRate.onCloud);
      expect(cell('迁移排名').value ?? null, `${c.code} migration rank`).toBe(mRank.get(c.code) ?? null);
      const usage = cell('资源使用率').value ?? null;
      if (c.code === '441500') expect(usage).toBeNull(); // not live yet: no usage rate
      else expect(usage, `${c.code} usage`).toEqual(c.indicators.usageRate.value);
      if (usage !== null) expect(cell('使用率排名').value ?? null).toBe(uRank.get(c.code) ?? null);
      if (c.indicators.evaluation) expect(String(cell('评估结论').value).toLowerCase()).toContain(c.indicators.evaluation.status.toLowerCase().replace('_', ' '));
    }
    expect(compared).toBe(3); // 韶关, 河源, 东莞: the cities with systems in scope
    const summary = wb.getWorksheet('概况 Summary')!;
    const hashRow = summary.getColumn(1).values.findIndex((v) => String(v).startsWith('内容哈希'));
    expect(summary.getRow(hashRow).getCell(2).value).toBe(province.contentHash);
    expect(wb.getWorksheet('公式 Formulas')!.rowCount).toBeGreaterThan(4);
  });

  it('explains a node that went live mid-period and a node not live yet', () => {
    const notes = province.snapshot.notes;
    expect(notes.find((n) => n.code === 'went-live-mid-period')).toMatchObject({ subject: '445300' });
    expect(notes.filter((n) => n.code === 'not-live').map((n) => n.subject)).toContain('441500');
    const yunfu = province.snapshot.evaluation!.cities.find((c) => c.code === '445300')!;
    expect(yunfu.construction.wentLiveInPeriod).toBe(true);
    expect(yunfu.usage.atStart).toBeNull();
  });

  it('renders a PDF in Chromium with every city on it, not blank', async () => {
    const res = await download(tokens.province!, province.downloads.pdf);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = join(dir, 'province.pdf');
    writeFileSync(pdf, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const c of CITIES) expect(text, c.nameZh).toContain(c.nameZh);
    expect(text).toContain('迁移上云率');
    expect(text).toContain(province.contentHash);
    // Page 1 as a greyscale image: a good share of it is ink, and not all of it.
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const pgm = readFileSync(execFileSync('sh', ['-c', `ls ${join(dir, 'page')}*.pgm`], { encoding: 'utf8' }).trim());
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
    const ink = pixels.filter((v) => v < 200).length / pixels.length;
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.6);
  }, 60_000);

  it('lets a city user download its own city\'s reports only', async () => {
    const city = await runReport({ name: '韶关评估', kind: 'EVALUATION', frequency: 'AD_HOC', regionCode: '440200' }, { f: FIRST, l: LAST }, tokens.shaoguan);
    expect((await download(tokens.shaoguan!, city.downloads.xlsx)).statusCode).toBe(200);
    expect(city.snapshot.evaluation!.cities.map((c) => c.code)).toEqual(['440200']);
    const denied = await download(tokens.shaoguan!, province.downloads.pdf);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('GCC_ERR_REPORT_FORBIDDEN');
    expect((await download(tokens.kiosk!, city.downloads.json)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: city.downloads.json })).statusCode).toBe(401);
    const r = await gql(tokens.shaoguan!, 'query($id: ID!) { reportRun(id: $id) { id } }', { id: province.id });
    expect(r.errors?.[0]?.extensions?.code).toBe('GCC_ERR_REPORT_FORBIDDEN');
    const listed = await ok(tokens.shaoguan!, '{ reportRuns { id } reportDefinitions { regionCode } }');
    expect(listed.reportRuns.map((x: Json) => x.id)).toEqual([city.id]);
    expect(listed.reportDefinitions.map((x: Json) => x.regionCode)).toEqual(['440200']);
    const city2 = await gql(tokens.shaoguan!, 'mutation { createReportDefinition(input: { name: "x", kind: EVALUATION, frequency: MONTHLY, regionCode: "441600" }) { id } }');
    expect(city2.errors?.[0]?.extensions?.code).toBe('GCC_ERR_REPORT_FORBIDDEN');
  }, 60_000);
});

describe('bad input', () => {
  it('reports a period with no data, explained, rather than failing', async () => {
    const run = await runReport({ name: '2018', kind: 'EVALUATION', frequency: 'AD_HOC', regionCode: '440000' }, { f: '2018-01-01', l: '2018-01-31' });
    expect(run.snapshot.notes[0]).toMatchObject({ code: 'no-data' });
    expect(run.snapshot.evaluation!.province.migration).toBeNull();
    expect((await download(tokens.province!, run.downloads.xlsx)).statusCode).toBe(200);
  });

  it('refuses a future period and a definition with every problem named', async () => {
    const d = await ok(tokens.province!, 'mutation { createReportDefinition(input: { name: "m", kind: EVALUATION, frequency: MONTHLY, regionCode: "440000" }) { id } }');
    const future = await gql(tokens.province!, `mutation { requestReport(definitionId: "${d.createReportDefinition.id}", period: "2999-01") { claimed } }`);
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'GCC_ERR_REPORT_INPUT' } });
    const bad = await gql(tokens.province!, 'mutation { createReportDefinition(input: { name: " ", kind: PROVIDER_ASSESSMENT, frequency: MONTHLY, regionCode: "440200", recipients: ["a b"] }) { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('GCC_ERR_REPORT_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/name must be.*province-wide.*recipient 1/);
  });
});

describe('provider assessment', () => {
  it('scores availability, responsiveness and satisfaction with configurable weights, and freezes them in a report', async () => {
    await db.prisma.provider.create({ data: { id: 'p-tianyi', nameZh: '天翼云（测试）', nameEn: 'Tianyi (test)', nodes: { create: [{ nodeId: 'city-shaoguan' }, { nodeId: 'city-heyuan' }] } } });
    // Noon China time: an incident reported an hour later is still reported the same day (on time), whatever the hour the suite runs.
    const t0 = Date.parse(`${chinaDay(NOW - 5 * DAY)}T12:00:00+08:00`);
    const incident = (i: Record<string, unknown>) => ok(tokens.province!, 'mutation($i: IncidentInput!) { recordIncident(input: $i) { id responseMinutes } }', { i });
    await incident({ providerId: 'p-tianyi', nodeId: 'city-shaoguan', severity: 'MINOR', startedAt: new Date(t0).toISOString(), respondedAt: new Date(t0 + 3 * 60_000).toISOString(), reportedAt: new Date(t0 + 60 * 60_000).toISOString(), description: '控制台告警' });
    await incident({ providerId: 'p-tianyi', nodeId: 'city-heyuan', severity: 'MAJOR', startedAt: new Date(t0).toISOString(), respondedAt: new Date(t0 + 20 * 60_000).toISOString(), reportedAt: new Date(t0 + 2 * DAY).toISOString(), resolvedAt: new Date(t0 + 120 * 60_000).toISOString(), outage: true, description: '存储故障' });
    const month = chinaDay(t0).slice(0, 7);
    for (const [dept, score] of [['dept-440200', 80], ['dept-441600', 90]] as const) {
      await ok(tokens.province!, 'mutation($m: String!, $d: String!, $s: Float!) { enterSatisfaction(providerId: "p-tianyi", month: $m, departmentCode: $d, score: $s) { score } }', { m: month, d: dept, s: score });
    }
    const badScore = await gql(tokens.shaoguan!, `mutation { enterSatisfaction(providerId: "p-tianyi", month: "${month}", departmentCode: "dept-441600", score: 120) { score } }`);
    expect(badScore.errors?.[0]?.message).toMatch(/not within 0–100.*not in city 440200/);

    const key = `adhoc-${FIRST.replace(/-/g, '')}-${LAST.replace(/-/g, '')}`;
    const periodMinutes = 40 * 1440;
    const a = (await ok(tokens.province!, `{ providerAssessment(period: "${key}") { providerId availability downtimeMinutes assessedMinutes responsiveness incidents incidentsOnTime satisfaction score settlementCoefficient } }`)).providerAssessment[0];
    expect(a).toMatchObject({ providerId: 'p-tianyi', incidents: 2, incidentsOnTime: 1, responsiveness: 0.5, satisfaction: 0.85, downtimeMinutes: 120, assessedMinutes: 2 * periodMinutes });
    expect(a.availability).toBeCloseTo(1 - 120 / (2 * periodMinutes), 12);
    const expected = assessmentScore({ availability: a.availability, responsiveness: 0.5, satisfaction: 0.85 });
    expect(a.score).toBeCloseTo(expected!, 10);
    expect(a.settlementCoefficient).toBe(settlementCoefficient(expected));

    const denied = await gql(tokens.shaoguan!, `{ providerAssessment(period: "${key}") { score } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('GCC_ERR_REPORT_FORBIDDEN');
    const cfg = await ok(tokens.province!, 'mutation { setAssessmentConfig(weights: { availability: 1, responsiveness: 0, satisfaction: 0 }, bands: [{ minScore: 99, coefficient: 1 }, { minScore: 0, coefficient: 0.9 }]) { weights { availability } formulas { code zh } } }');
    expect(cfg.setAssessmentConfig.formulas.find((f: Json) => f.code === 'provider-score').zh).toContain('100% × 可用率');
    const badCfg = await gql(tokens.province!, 'mutation { setAssessmentConfig(weights: { availability: 0, responsiveness: 0, satisfaction: 0 }, bands: [{ minScore: 50, coefficient: 1 }]) { weights { availability } } }');
    expect(badCfg.errors?.[0]?.message).toMatch(/must not all be 0.*start at 0/);

    const run = await runReport({ name: '考核', kind: 'PROVIDER_ASSESSMENT', frequency: 'AD_HOC', regionCode: '440000' }, { f: FIRST, l: LAST });
    const row = run.snapshot.providers!.providers[0]!;
    expect(row.score).toBeCloseTo(100 * a.availability, 10);
    expect(row.coefficient).toBe(0.9 + (100 * a.availability >= 99 ? 0.1 : 0));
    expect(run.snapshot.formulas.map((f) => f.code)).toContain('settlement-coefficient');
    const res = await download(tokens.province!, run.downloads.xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('服务商考核 Providers')!;
    const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const cell = (h: string) => sheet.getRow(2).getCell(headers.findIndex((x) => x.startsWith(h)));
    expect(cell('考核得分').value).toBeCloseTo(row.score!, 10);
    expect(cell('结算系数').value).toBe(row.coefficient);
    expect(cell('可用率').numFmt).toBe('0.000%');
  }, 60_000);
});
