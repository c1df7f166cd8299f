/** What the server hands the print page (server report-pdf.ts PrintPayload): checked, not trusted blindly. */
import { REPORT_SNAPSHOT_SCHEMA, type ReportSnapshot } from '@gcc/domain';
import type { Locale } from '../i18n/locale.ts';

export interface PrintPayload {
  snapshot: ReportSnapshot;
  locale: Locale;
  contentHash: string;
  document: { zh: string; en: string; status: 'run' | 'draft' | 'reviewed' | 'published' };
}

export function readPrintPayload(raw: unknown): PrintPayload {
  const p = raw as Partial<PrintPayload> | undefined;
  if (!p || typeof p !== 'object' || p.snapshot?.schema !== REPORT_SNAPSHOT_SCHEMA || typeof p.contentHash !== 'string' || !p.document) {
    throw new Error(`print page: no report to print (window.__GCC_PRINT__ must hold a ${REPORT_SNAPSHOT_SCHEMA} snapshot)`);
  }
  return { snapshot: p.snapshot, locale: p.locale === 'en' ? 'en' : 'zh-CN', contentHash: p.contentHash, document: p.document };
}
