/**
 * Who receives reports, on both stores: recipients are checked against who may see the report;
 * a finished run goes to its users' console inboxes and by mail (a real SMTP server started here)
 * with the PDF and XLSX attached, once however many instances run; a refused mail is recorded,
 * retried with backoff and given up on, never losing the report; without SMTP, addresses are
 * logged only.
 */
import { periodContaining } from '@gcc/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/infra/db/open-database.ts';
import type { VmClient } from '../src/infra/vm/vm-client.ts';
import { upsertUser } from '../src/modules/access/access-service.ts';
import { DELIVERY_BACKOFF_MS, DELIVERY_LEASE_MS, DELIVERY_MAX_ATTEMPTS } from '../src/modules/reports/report-delivery.ts';
import { createDefinition } from '../src/modules/reports/report-definitions.ts';
import { createSmtpMailer } from '../src/modules/reports/report-mail.ts';
import type { PdfRenderer } from '../src/modules/reports/report-pdf.ts';
import { createReportRunner } from '../src/modules/reports/report-scheduler.ts';
import { useSmallProvinceVm, useTwoInstances } from './fixtures/report-env.ts';
import { DAY, NOW } from './fixtures/small-province.ts';
import { parseMail, startSmtpSink, type SmtpSink } from './fixtures/smtp-sink.ts';
import { STORES } from './stores.ts';

const vmEnv = useSmallProvinceVm();
let smtp: SmtpSink;

/** Chromium is tested in reports-formats.spec.ts; here a stand-in PDF keeps the test about delivery. */
const FAKE_PDF = Buffer.from('%PDF-1.7\n% stand-in\n%%EOF\n');
const fakePdf: PdfRenderer = { render: async () => FAKE_PDF, close: async () => undefined };
const brokenPdf: PdfRenderer = {
  render: async () => {
    throw new Error('Chromium is not installed at /nowhere');
  },
  close: async () => undefined,
};

beforeAll(async () => {
  smtp = await startSmtpSink();
});

afterAll(async () => {
  await smtp?.close();
});

describe('mail settings', () => {
  it('are read from GCC_SMTP_URL, GCC_SMTP_FROM and GCC_PUBLIC_URL, every problem named at once', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: 'gcc-reports@localhost', publicUrl: null });
    expect(loadConfig({ GCC_SMTP_URL: 'smtps://u:p@mail.gd.gov.cn:465', GCC_SMTP_FROM: '报告 <reports@gd.gov.cn>', GCC_PUBLIC_URL: 'https://gcc.gd.gov.cn/' }).mail)
      .toEqual({ smtpUrl: 'smtps://u:p@mail.gd.gov.cn:465', from: '报告 <reports@gd.gov.cn>', publicUrl: 'https://gcc.gd.gov.cn' });
    expect(() => loadConfig({ GCC_SMTP_URL: 'http://mail', GCC_SMTP_FROM: 'nobody', GCC_PUBLIC_URL: 'gcc' }))
      .toThrow(/GCC_SMTP_URL: must look like smtp:.*GCC_SMTP_FROM: must be a mail address.*GCC_PUBLIC_URL: must be an http\(s\) URL/);
  });
});

describe.each(STORES)('report delivery on $name', (storeKind) => {
  const env = useTwoInstances(storeKind, vmEnv, async (db) => {
    for (const u of [
      { username: 'sheng', role: 'PROVINCIAL_ADMIN' },
      { username: 'op', role: 'OPERATOR' },
      { username: 'sg-admin', role: 'CITY_ADMIN', cityCode: '440200' },
      { username: 'sg-viewer', role: 'CITY_VIEWER', cityCode: '440200' },
      { username: 'hy-admin', role: 'CITY_ADMIN', cityCode: '441600' },
      { username: 'wall', role: 'KIOSK' },
    ]) {
      await upsertUser(db.prisma, u);
    }
  });
  let a: Database;
  let b: Database;
  let vm: VmClient;
  beforeAll(() => ({ a, b, vm } = env));

  it('refuses recipients who could never see the report, naming each', async () => {
    const bad = createDefinition(
      a.prisma,
      { name: '全省', kind: 'evaluation', frequency: 'monthly', regionCode: '440000', recipients: ['nobody', 'sg-admin', 'city:440200', 'role:KIOSK', 'role:CITY_ADMIN', 'role:BOSS', 'mail:not-an-address', 'fax:123'] },
      'test',
    );
    await expect(bad).rejects.toMatchObject({ code: 'GCC_ERR_REPORT_INPUT' });
    const message = (await bad.catch((e: Error) => e.message)) as string;
    for (const p of [
      /recipient 1 \("nobody"\): no user "nobody"/,
      /recipient 2 \("sg-admin"\): sg-admin \(CITY_ADMIN of 440200\) may not see the province-wide report/,
      /recipient 3 \("city:440200"\): the city bureau of 440200 may see its own city's reports only/,
      /recipient 4 \("role:KIOSK"\): role KIOSK sees no reports/,
      /recipient 5 \("role:CITY_ADMIN"\): city users may not see the province-wide report/,
      /recipient 6 \("role:BOSS"\) role "BOSS" must be one of/,
      /recipient 7 \("mail:not-an-address"\) "not-an-address" is not a mail address/,
      /recipient 8 \("fax:123"\) unknown kind "fax:"/,
    ]) {
      expect(message).toMatch(p);
    }
    // The same entries are fine where they may see it.
    await expect(createDefinition(a.prisma, { name: '韶关', kind: 'evaluation', frequency: 'monthly', regionCode: '440200', recipients: ['sg-admin', 'city:440200', 'role:CITY_ADMIN', 'sheng', 'user:op', 'leader@sg.gov.cn'] }, 'test')).resolves.toBeTruthy();
  });

  it('delivers a scheduled run to the inboxes of its users and by mail with the PDF and XLSX attached, once with two instances', async () => {
    const def = await createDefinition(
      a.prisma,
      { name: '韶关周报', kind: 'evaluation', frequency: 'weekly', regionCode: '440200', recipients: ['sheng', 'role:OPERATOR', 'city:440200', 'sg-admin', 'Chief@SG.gov.cn', 'chief@sg.gov.cn'], activeFrom: new Date(NOW - 8 * DAY) },
      'test',
    );
    const before = smtp.messages.length;
    const mailer = () => createSmtpMailer({ smtpUrl: smtp.url, from: 'reports@gcc.test' });
    const [m1, m2] = [mailer(), mailer()];
    const one = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock: () => NOW, delivery: { mailer: m1, pdf: fakePdf, publicUrl: 'https://gcc.test' } });
    const two = createReportRunner({ db: b, vm, instanceId: 'instance-b', clock: () => NOW, delivery: { mailer: m2, pdf: fakePdf, publicUrl: 'https://gcc.test' } });
    await Promise.all([one.tick(), two.tick()]);
    await Promise.all([one.tick(), two.tick()]);
    m1.close();
    m2.close();

    const runs = await a.prisma.reportRun.findMany({ where: { definitionId: def.id }, include: { deliveries: true } });
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const run of runs) {
      const by = (channel: string) => run.deliveries.filter((d) => d.channel === channel).map((d) => `${d.address} ${d.status}`).sort();
      expect(by('INBOX')).toEqual(['op DELIVERED', 'sg-admin DELIVERED', 'sg-viewer DELIVERED', 'sheng DELIVERED']);
      expect(by('EMAIL')).toEqual(['chief@sg.gov.cn DELIVERED']);
      expect(run.deliveriesQueuedAt).not.toBeNull();
      const mail = run.deliveries.find((d) => d.channel === 'EMAIL')!;
      expect(mail).toMatchObject({ attempts: 1, lastError: null });
      expect(mail.detail).toContain(`report-440200-${run.periodKey}.pdf`);
    }
    const sent = smtp.messages.slice(before);
    // One mail per run, whichever instance sent it.
    expect(sent).toHaveLength(runs.length);
    const parsed = parseMail(sent[0]!.raw);
    expect(sent[0]!.to).toEqual(['chief@sg.gov.cn']);
    expect(parsed.subject).toContain('韶关市政务云建设与使用评估报告');
    const run = runs.find((r) => parsed.attachments.some((x) => x.filename.includes(r.periodKey)))!;
    expect(parsed.text).toContain(`https://gcc.test/reports/runs/${run.id}`);
    expect(parsed.text).toContain(run.contentHash!);
    expect(parsed.attachments.map((x) => x.filename).sort()).toEqual([`report-440200-${run.periodKey}.pdf`, `report-440200-${run.periodKey}.xlsx`]);
    expect(parsed.attachments.find((x) => x.filename.endsWith('.pdf'))!.content.equals(FAKE_PDF)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(parsed.attachments.find((x) => x.filename.endsWith('.xlsx'))!.content as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBeGreaterThan(1);

    // An instance that stopped between finishing a run and queueing its deliveries: the next tick queues them.
    await a.prisma.reportDelivery.deleteMany({ where: { runId: run.id } });
    await a.prisma.reportRun.update({ where: { id: run.id }, data: { deliveriesQueuedAt: null } });
    const three = createReportRunner({ db: a, vm, instanceId: 'instance-c', clock: () => NOW, delivery: { mailer: null } });
    await three.tick();
    expect(await a.prisma.reportDelivery.count({ where: { runId: run.id } })).toBe(5);
  });

  it('records a refused mail, retries it with backoff, gives up after the last attempt, and keeps the report', async () => {
    let now = NOW;
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: 'reports@gcc.test' });
    const runner = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock: () => now, delivery: { mailer, pdf: brokenPdf } });
    const def = await createDefinition(a.prisma, { name: '河源', kind: 'evaluation', frequency: 'ad-hoc', regionCode: '441600', recipients: ['hy-admin', 'boss@hy.gov.cn'] }, 'test');
    smtp.failing = true;
    try {
      const asked = await runner.request(def.id, periodContaining('monthly', NOW - 35 * DAY), 'manual', 'test');
      await asked.done;
      const mailOf = () => a.prisma.reportDelivery.findFirstOrThrow({ where: { runId: asked.runId!, channel: 'EMAIL' } });
      let d = await mailOf();
      expect(d).toMatchObject({ status: 'PENDING', attempts: 1, address: 'boss@hy.gov.cn' });
      expect(d.lastError).toMatch(/451/);
      expect(d.nextAttemptAt.getTime()).toBe(NOW + DELIVERY_BACKOFF_MS[0]!);
      // The report is there regardless, and the inbox copy too.
      expect(await a.prisma.reportRun.findUniqueOrThrow({ where: { id: asked.runId! } })).toMatchObject({ status: 'SUCCEEDED' });
      expect(await a.prisma.reportDelivery.findFirstOrThrow({ where: { runId: asked.runId!, channel: 'INBOX' } })).toMatchObject({ address: 'hy-admin', status: 'DELIVERED' });

      await runner.tick();
      expect((await mailOf()).attempts).toBe(1); // not due yet
      for (let attempt = 2; attempt <= DELIVERY_MAX_ATTEMPTS; attempt++) {
        now = (await mailOf()).nextAttemptAt.getTime();
        await runner.tick();
        d = await mailOf();
        expect(d.attempts).toBe(attempt);
      }
      expect(d.status).toBe('FAILED');
      expect(d.detail).toMatch(/gave up after 5 attempts/);

      // Sent again by hand once the server answers; without Chromium the PDF is linked, not attached.
      smtp.failing = false;
      const before = smtp.messages.length;
      expect(await runner.delivery.resend(d.id)).toBe(true);
      await runner.delivery.sendDue();
      d = await mailOf();
      expect(d).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
      expect(d.detail).toMatch(/PDF not attached: Chromium is not installed/);
      const mail = parseMail(smtp.messages.slice(before).find((m) => m.to.includes('boss@hy.gov.cn'))!.raw);
      expect(mail.attachments.map((x) => x.filename)).toEqual([expect.stringMatching(/\.xlsx$/)]);
      expect(mail.text).toContain(`/reports/runs/${asked.runId}`);
      expect(await runner.delivery.resend(d.id)).toBe(false);

      // A claim whose instance stopped mid-send is taken over when its lease ends.
      await a.prisma.reportDelivery.update({ where: { id: d.id }, data: { status: 'SENDING', claimedBy: 'dead-instance', nextAttemptAt: new Date(now + DELIVERY_LEASE_MS) } });
      await runner.delivery.sendDue();
      expect((await mailOf()).status).toBe('SENDING');
      now += DELIVERY_LEASE_MS;
      await runner.delivery.sendDue();
      expect(await mailOf()).toMatchObject({ status: 'DELIVERED', claimedBy: 'instance-a' });
    } finally {
      smtp.failing = false;
      mailer.close();
    }
  });

  it('without SMTP logs mail addresses, and skips users who may no longer see the report', async () => {
    const runner = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock: () => NOW });
    const def = await createDefinition(a.prisma, { name: '韶关临时', kind: 'evaluation', frequency: 'ad-hoc', regionCode: '440200', recipients: ['sg-viewer', 'sg-admin', 'ops@sg.gov.cn'] }, 'test');
    // sg-viewer moves to Heyuan and sg-admin leaves before the run.
    await upsertUser(a.prisma, { username: 'sg-viewer', role: 'CITY_VIEWER', cityCode: '441600' });
    await a.prisma.user.update({ where: { username: 'sg-admin' }, data: { disabledAt: new Date(NOW) } });
    try {
      const asked = await runner.request(def.id, periodContaining('monthly', NOW - 35 * DAY), 'manual', 'test');
      await asked.done;
      const rows = await a.prisma.reportDelivery.findMany({ where: { runId: asked.runId! }, orderBy: { address: 'asc' } });
      expect(rows.map((r) => [r.address, r.status])).toEqual([['ops@sg.gov.cn', 'LOGGED'], ['sg-admin', 'SKIPPED'], ['sg-viewer', 'SKIPPED']]);
      expect(rows[0]!.detail).toMatch(/GCC_SMTP_URL/);
      expect(rows[1]!.detail).toMatch(/disabled/);
      expect(rows[2]!.detail).toMatch(/may not see city 440200's report/);
      expect(await runner.delivery.resend(rows[0]!.id)).toBe(false);
    } finally {
      await upsertUser(a.prisma, { username: 'sg-viewer', role: 'CITY_VIEWER', cityCode: '440200' });
      await upsertUser(a.prisma, { username: 'sg-admin', role: 'CITY_ADMIN', cityCode: '440200' });
    }
  });
});
