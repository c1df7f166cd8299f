/**
 * Publishing a bulletin (通报) notifies the recipients its report definition has then, on both
 * stores and with two server instances: users find it in their console inbox, addresses get it
 * by mail (a real SMTP server started here) with the version's frozen PDF and XLSX and its content
 * hash; a correction's mail says which version it corrects and why. A version is published, and
 * delivered, once: a second publication is refused and sends nothing; a refused mail is retried.
 */
import { chinaDay } from '@gcc/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { issueToken, upsertUser } from '../src/modules/access/access-service.ts';
import { DELIVERY_BACKOFF_MS } from '../src/modules/reports/report-delivery.ts';
import type { PdfRenderer } from '../src/modules/reports/report-pdf.ts';
import { appClient, useSmallProvinceVm, useTwoInstances } from './fixtures/report-env.ts';
import { DAY, NOW } from './fixtures/small-province.ts';
import { parseMail, startSmtpSink, type SmtpSink } from './fixtures/smtp-sink.ts';
import { STORES } from './stores.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const vmEnv = useSmallProvinceVm();
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
});

afterAll(async () => {
  await smtp?.close();
});

/** A stand-in PDF (Chromium is tested in reports-formats.spec.ts) that remembers what it was asked to print. */
const FAKE_PDF = Buffer.from('%PDF-1.7\n% stand-in\n%%EOF\n');
const printed: { contentHash: string; status: string }[] = [];
const fakePdf: PdfRenderer = {
  render: async (job) => {
    printed.push({ contentHash: job.contentHash, status: job.document.status });
    return FAKE_PDF;
  },
  close: async () => undefined,
};

describe.each(STORES)('bulletin delivery on $name', (storeKind) => {
  const tokens: Record<string, string> = {};
  const env = useTwoInstances(storeKind, vmEnv, async (db) => {
    for (const [key, input] of [
      ['author', { username: 'sheng', role: 'PROVINCIAL_ADMIN' }],
      ['reviewer', { username: 'shenhe', role: 'PROVINCIAL_ADMIN' }],
      ['shaoguan', { username: 'sg-admin', role: 'CITY_ADMIN', cityCode: '440200' }],
      ['heyuan', { username: 'hy', role: 'CITY_ADMIN', cityCode: '441600' }],
    ] as const) {
      const u = await upsertUser(db.prisma, input);
      tokens[key] = (await issueToken(db.prisma, u.id, { label: 'test', readOnly: false })).token;
    }
  });
  let now = NOW;
  // Two server instances on the store, each with its own mail transport.
  let appA: FastifyInstance;
  let appB: FastifyInstance;
  const A = appClient(() => appA);
  const B = appClient(() => appB);
  let bulletinId: string;
  let number: string;
  /** The suite's bulletin mail to an address (the SMTP server is shared by both stores' suites). */
  let firstMessage = 0;
  const bulletinMails = (to: string) =>
    smtp.messages.slice(firstMessage).filter((m) => m.to.includes(to)).map((m) => parseMail(m.raw)).filter((m) => m.subject.includes('通报'));

  beforeAll(async () => {
    const build = (db: typeof env.a, instanceId: string) =>
      buildApp({
        config: { production: false, webDist: undefined, logLevel: 'silent', auth: true, limits: { depth: 10, aliases: 20, batch: 10, cost: 1_000_000, timeoutMs: 60_000 } },
        db, vm: env.vm, liveUpdates: { pollIntervalMs: 0 },
        reports: { instanceId, clock: () => now, pdf: fakePdf, mail: { smtpUrl: smtp.url, from: 'reports@gcc.test', publicUrl: 'https://gcc.test' } },
      });
    [appA, appB] = await Promise.all([build(env.a, 'instance-a'), build(env.b, 'instance-b')]);
    firstMessage = smtp.messages.length;
  }, 60_000);

  afterAll(async () => {
    await appA?.close();
    await appB?.close();
  });

  const settle = async () => {
    await Promise.all([appA.reports.runner.settled(), appB.reports.runner.settled()]);
    await Promise.all([appA.reports.runner.tick(), appB.reports.runner.tick()]);
  };
  const deliveriesOf = async (id: string) =>
    (await A.ok(tokens.author!, 'query($id: ID!) { bulletin(id: $id) { deliveries { recipient channel address status attempts lastError detail } } }', { id })).bulletin.deliveries as Json[];

  it("publishes once, across two instances, to the inboxes and mail addresses of the definition's recipients", async () => {
    const def = await A.ok(tokens.author!, 'mutation($i: ReportDefinitionInput!) { createReportDefinition(input: $i) { id } }', {
      i: { name: '韶关月度通报', kind: 'EVALUATION', frequency: 'AD_HOC', regionCode: '440200', recipients: ['sg-admin', 'chief@sg.gov.cn'] },
    });
    const asked = await A.ok(tokens.author!, 'mutation($d: ID!, $f: Date, $l: Date) { requestReport(definitionId: $d, firstDay: $f, lastDay: $l) { run { id } } }', {
      d: def.createReportDefinition.id, f: chinaDay(NOW - 40 * DAY), l: chinaDay(NOW - DAY),
    });
    await settle();
    const runId = asked.requestReport.run.id as string;
    // The definition's recipients change after the run: the bulletin goes to those it has when published.
    await A.ok(tokens.author!, 'mutation($id: ID!, $i: ReportDefinitionInput!) { updateReportDefinition(id: $id, input: $i) { id } }', {
      id: def.createReportDefinition.id, i: { recipients: ['sg-admin', 'sheng', 'chief@sg.gov.cn', 'ops@sg.gov.cn'] },
    });

    const drafted = (await A.ok(tokens.author!, 'mutation($r: ID!) { draftBulletin(runId: $r) { id number contentHash } }', { r: runId })).draftBulletin;
    ({ id: bulletinId, number } = drafted);
    // Neither a draft nor a reviewed version notifies anyone.
    await B.ok(tokens.reviewer!, 'mutation($id: ID!) { reviewBulletin(id: $id) { status } }', { id: bulletinId });
    expect(await deliveriesOf(bulletinId)).toEqual([]);

    const before = smtp.messages.length;
    printed.length = 0;
    const publish = 'mutation($id: ID!) { publishBulletin(id: $id) { status publishedBy } }';
    const both = await Promise.all([A.gql(tokens.author!, publish, { id: bulletinId }), B.gql(tokens.reviewer!, publish, { id: bulletinId })]);
    expect(both.filter((r) => r.data?.publishBulletin?.status === 'PUBLISHED')).toHaveLength(1);
    expect(['GCC_ERR_BULLETIN_FROZEN', 'GCC_ERR_BULLETIN_TRANSITION']).toContain(both.map((r) => A.codeOf(r)).find(Boolean));
    await settle();

    const log = await deliveriesOf(bulletinId);
    expect(log.map((d) => `${d.channel} ${d.address} ${d.status} ${d.recipient}`)).toEqual([
      'INBOX sg-admin DELIVERED sg-admin',
      'INBOX sheng DELIVERED sheng',
      'EMAIL chief@sg.gov.cn DELIVERED chief@sg.gov.cn',
      'EMAIL ops@sg.gov.cn DELIVERED ops@sg.gov.cn',
    ]);
    // One mail per address, whichever instance sent it; the run's own mail went before, to the run's recipients.
    const sent = smtp.messages.slice(before);
    expect(sent.map((m) => m.to.join()).sort()).toEqual(['chief@sg.gov.cn', 'ops@sg.gov.cn']);
    const mail = parseMail(sent.find((m) => m.to.includes('ops@sg.gov.cn'))!.raw);
    expect(mail.subject).toMatch(new RegExp(`^【通报】韶关市.*${number} 第 1 版$`));
    expect(mail.text).toContain(`内容哈希 / Content hash (SHA-256): ${drafted.contentHash}`);
    expect(mail.text).toContain(`https://gcc.test/reports/bulletins/${bulletinId}`);
    expect(mail.text).toContain('韶关月度通报');
    expect(mail.text).not.toContain('更正');
    expect(mail.attachments.map((x) => x.filename).sort()).toEqual([`${number}-v1.pdf`, `${number}-v1.xlsx`]);
    expect(mail.attachments.find((x) => x.filename.endsWith('.pdf'))!.content.equals(FAKE_PDF)).toBe(true);
    // The PDF was printed from the published version's frozen snapshot, once for both addresses.
    expect(printed).toEqual([{ contentHash: drafted.contentHash, status: 'published' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments.find((x) => x.filename.endsWith('.xlsx'))!.content as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('概况 Summary')!;
    const hashRow = summary.getColumn(1).values.findIndex((v) => String(v).startsWith('内容哈希'));
    expect(summary.getRow(hashRow).getCell(2).value).toBe(drafted.contentHash);

    // The city's user finds it in its inbox (on either instance) and reads it; another city's does not.
    const inbox = (await B.ok(tokens.shaoguan!, '{ reportInbox(unreadOnly: true) { id run { id } bulletin { id number version status previous { version } } } }')).reportInbox as Json[];
    const item = inbox.find((x) => x.bulletin?.id === bulletinId);
    expect(item).toMatchObject({ run: null, bulletin: { number, version: 1, status: 'PUBLISHED', previous: null } });
    expect(inbox.filter((x) => x.run?.id === runId)).toHaveLength(1); // the run itself came earlier
    await A.ok(tokens.shaoguan!, 'mutation($id: ID!) { markReportRead(deliveryId: $id) { readAt } }', { id: item.id });
    expect((await A.ok(tokens.shaoguan!, '{ reportInbox(unreadOnly: true) { bulletin { id } } }')).reportInbox.filter((x: Json) => x.bulletin?.id === bulletinId)).toEqual([]);
    expect((await A.ok(tokens.heyuan!, '{ reportInbox { id } }')).reportInbox).toEqual([]);

    // Publishing again is refused and delivers nothing twice.
    const again = await B.gql(tokens.author!, publish, { id: bulletinId });
    expect(B.codeOf(again)).toBe('GCC_ERR_BULLETIN_FROZEN');
    await settle();
    await Promise.all([appA.reports.runner.delivery.sendDue(), appB.reports.runner.delivery.sendDue()]);
    expect(await deliveriesOf(bulletinId)).toEqual(log);
    expect(smtp.messages.length).toBe(before + 2);
    // And the database keeps every delivery to one run or one bulletin version.
    await expect(env.a.sql.query(`INSERT INTO "ReportDelivery" (id, recipient, channel, address, "nextAttemptAt") VALUES ('x', 'x', 'INBOX', 'x', now())`))
      .rejects.toThrow(/ReportDelivery_source_check/);
    await expect(env.a.sql.query(`INSERT INTO "ReportDelivery" (id, "runId", "bulletinId", recipient, channel, address, "nextAttemptAt") VALUES ('y', $1, $2, 'y', 'INBOX', 'y', now())`, [runId, bulletinId]))
      .rejects.toThrow(/ReportDelivery_source_check/);
  });

  it('mails a correction saying which version it corrects, and retries a refused mail', async () => {
    const note = '东莞节点数据迟到，重新计算';
    const v2 = (await A.ok(tokens.author!, 'mutation($id: ID!, $n: String!) { correctBulletin(id: $id, note: $n) { id version contentHash } }', { id: bulletinId, n: note })).correctBulletin;
    expect(v2.version).toBe(2);
    // Not reviewed yet: not published, nobody notified.
    expect(A.codeOf(await A.gql(tokens.reviewer!, 'mutation($id: ID!) { publishBulletin(id: $id) { id } }', { id: v2.id }))).toBe('GCC_ERR_BULLETIN_TRANSITION');
    expect(await deliveriesOf(v2.id)).toEqual([]);
    await A.ok(tokens.reviewer!, 'mutation($id: ID!) { reviewBulletin(id: $id) { status } }', { id: v2.id });

    const before = smtp.messages.length;
    smtp.failing = true;
    try {
      await B.ok(tokens.reviewer!, 'mutation($id: ID!) { publishBulletin(id: $id) { status } }', { id: v2.id });
      await settle();
      const pending = (await deliveriesOf(v2.id)).filter((d) => d.channel === 'EMAIL');
      expect(pending.map((d) => [d.address, d.status, d.attempts])).toEqual([['chief@sg.gov.cn', 'PENDING', 1], ['ops@sg.gov.cn', 'PENDING', 1]]);
      expect(pending[0].lastError).toMatch(/451/);
    } finally {
      smtp.failing = false;
    }
    // The inbox copies do not wait for mail.
    const inbox = (await A.ok(tokens.shaoguan!, '{ reportInbox(unreadOnly: true) { bulletin { id version correctionNote previous { id version } } } }')).reportInbox as Json[];
    expect(inbox.map((x) => x.bulletin).filter(Boolean)).toEqual([{ id: v2.id, version: 2, correctionNote: note, previous: { id: bulletinId, version: 1 } }]);

    now += DELIVERY_BACKOFF_MS[0]!;
    await settle();
    const log = await deliveriesOf(v2.id);
    expect(log.map((d) => `${d.channel} ${d.address} ${d.status} ${d.attempts}`)).toEqual([
      'INBOX sg-admin DELIVERED 0', 'INBOX sheng DELIVERED 0', 'EMAIL chief@sg.gov.cn DELIVERED 2', 'EMAIL ops@sg.gov.cn DELIVERED 2',
    ]);
    expect(smtp.messages.slice(before).map((m) => m.to.join()).sort()).toEqual(['chief@sg.gov.cn', 'ops@sg.gov.cn']);
    const mail = bulletinMails('chief@sg.gov.cn').at(-1)!;
    expect(mail.subject).toMatch(new RegExp(`^【更正通报】韶关市.*${number} 第 2 版（更正第 1 版）$`));
    expect(mail.text).toContain(`【更正通报】${number} 第 2 版，更正第 1 版`);
    expect(mail.text).toContain(`correcting version 1`);
    expect(mail.text).toContain(`更正说明 / What was corrected: ${note}`);
    expect(mail.text).toContain(v2.contentHash);
    expect(mail.text).toContain(`https://gcc.test/reports/bulletins/${v2.id}`);
    expect(mail.attachments.map((x) => x.filename).sort()).toEqual([`${number}-v2.pdf`, `${number}-v2.xlsx`]);
    // Each address has had version 1 once and the correction once; version 1's log is unchanged.
    expect(bulletinMails('ops@sg.gov.cn').map((m) => m.subject.slice(m.subject.indexOf(number) + number.length).trim())).toEqual(['第 1 版', '第 2 版（更正第 1 版）']);
    expect((await deliveriesOf(bulletinId)).every((d) => d.status === 'DELIVERED')).toBe(true);
    // The correction's definition is the one of the version it corrects.
    const def = await A.ok(tokens.author!, 'query($id: ID!) { bulletin(id: $id) { run { id } definition { name recipients } } }', { id: v2.id });
    expect(def.bulletin).toEqual({ run: null, definition: { name: '韶关月度通报', recipients: ['sg-admin', 'sheng', 'chief@sg.gov.cn', 'ops@sg.gov.cn'] } });
  });
});
