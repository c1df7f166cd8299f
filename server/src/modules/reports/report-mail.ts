/**
 * Report mail: an SMTP transport (nodemailer) from GCC_SMTP_URL, and the message a recipient gets
 * for a finished run or a published bulletin version: the title, period and content hash in the
 * text (a bulletin's number and version too, and for a correction the version it corrects and
 * why), the XLSX and the PDF attached, and the console's address of the report (GCC_PUBLIC_URL)
 * for everything else.
 */
import { createTransport } from 'nodemailer';
import type { DocumentSource, ReportDocument } from './report-documents.ts';

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://…:465; null = no mail, deliveries to addresses are only logged. */
  smtpUrl: string | null;
  from: string;
  /** The console's address for links in mail (e.g. https://gcc.gd.gov.cn); null = paths only. */
  publicUrl: string | null;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface ReportMail {
  to: string;
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

export interface ReportMailer {
  send(mail: ReportMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export function createSmtpMailer(settings: { smtpUrl: string; from: string }): ReportMailer {
  const transport = createTransport(
    // Bounded waits: a hung SMTP server fails the attempt (retried later) instead of holding it.
    { url: settings.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 },
    { from: settings.from },
  );
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: String(info.messageId ?? ''), response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

/** A run's or a bulletin version's page in the console: absolute when the console's public address is known. */
export function reportLink(publicUrl: string | null, source: DocumentSource, id: string): string {
  return `${publicUrl?.replace(/\/+$/, '') ?? ''}/reports/${source}/${encodeURIComponent(id)}`;
}

/** What a bulletin's mail says besides the report: its number and version, and for a correction what it corrects. */
export interface BulletinMailInfo {
  number: string;
  version: number;
  /** The version a correction corrects, with its note; null for a first publication. */
  corrects: { version: number; note: string } | null;
  /** The report definition whose recipients are notified. */
  definitionName: string;
}

export function composeReportMail(
  doc: ReportDocument,
  o: { source: DocumentSource; id: string; to: string; publicUrl: string | null; attachments: MailAttachment[]; pdfProblem: string | null; bulletin?: BulletinMailInfo | null },
): ReportMail {
  const s = doc.snapshot;
  const { zh, en } = s.period.label;
  const link = reportLink(o.publicUrl, o.source, o.id);
  const b = o.bulletin ?? null;
  const heading = b
    ? b.corrects
      ? [
          `【更正通报】${b.number} 第 ${b.version} 版，更正第 ${b.corrects.version} 版`,
          `Corrected bulletin ${b.number} version ${b.version}, correcting version ${b.corrects.version}`,
          `更正说明 / What was corrected: ${b.corrects.note}`,
          '',
        ]
      : [`【通报】${b.number} 第 ${b.version} 版（已发布）`, `Bulletin ${b.number} version ${b.version} (published)`, '']
    : [];
  const lines = [
    ...heading,
    `${s.title.zh}（${s.region.nameZh}，${zh}）`,
    `${s.title.en} (${s.region.nameEn}, ${en})`,
    '',
    `数据截至 / Figures as of: ${s.asOf}`,
    `内容哈希 / Content hash (SHA-256): ${doc.contentHash}`,
    '',
    `附件 / Attached: ${o.attachments.map((a) => a.filename).join(', ')}`,
    ...(o.pdfProblem ? [`PDF 未附上，可在控制台下载 / The PDF is not attached (${o.pdfProblem}); download it in the console:`] : ['控制台 / In the console:']),
    link,
    '',
    b
      ? `本邮件由全省一片云控制台在通报发布时发送给报告定义“${b.definitionName}”的接收人。/ Sent by the console when the bulletin was published, to the recipients of the report definition "${b.definitionName}".`
      : '本邮件由全省一片云控制台按报告定义自动发送。/ Sent by the console for the report definition you are a recipient of.',
  ];
  const subject = b
    ? b.corrects
      ? `【更正通报】${s.title.zh} ${zh} ${b.number} 第 ${b.version} 版（更正第 ${b.corrects.version} 版）`
      : `【通报】${s.title.zh} ${zh} ${b.number} 第 ${b.version} 版`
    : `【报告】${s.title.zh} ${zh}`;
  return { to: o.to, subject, text: lines.join('\n'), attachments: o.attachments };
}
