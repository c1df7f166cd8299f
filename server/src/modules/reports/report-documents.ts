/**
 * A downloadable document: a finished run's snapshot or a bulletin version's, with what every
 * format prints about it (its number, version, status and content hash), after the access check.
 */
import type { ReportSnapshot } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { Bulletin, PrismaClient, ReportDefinition, ReportRun } from '../../generated/prisma/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireReportVisible } from './report-access.ts';
import type { PdfRenderer } from './report-pdf.ts';
import { openSnapshot } from './report-snapshot.ts';
import { reportWorkbook } from './report-xlsx.ts';

export type DocumentSource = 'runs' | 'bulletins';
export const FORMATS = ['pdf', 'xlsx', 'json'] as const;
export type DocumentFormat = (typeof FORMATS)[number];

export interface ReportDocument {
  snapshot: ReportSnapshot;
  text: string;
  contentHash: string;
  regionCode: string;
  /** ASCII file name without extension. */
  fileBase: string;
  label: { zh: string; en: string; status: 'run' | 'draft' | 'reviewed' | 'published' };
}

const STATUS_ZH = { DRAFT: '草稿', REVIEWED: '已审核', PUBLISHED: '已发布' } as const;

export function downloadUrl(source: DocumentSource, id: string, format: DocumentFormat): string {
  return `/api/reports/${source}/${encodeURIComponent(id)}/${format}`;
}

/** A run's document, without an access check (callers check: downloads by the viewer, deliveries by recipient). */
export function runDocument(run: ReportRun & { definition: Pick<ReportDefinition, 'regionCode'> }): ReportDocument {
  if (run.status !== 'SUCCEEDED' || !run.snapshot || !run.contentHash) {
    throw new GccError('GCC_ERR_REPORT_NOT_READY', `report run ${run.id} (${run.periodKey}) is ${run.status.toLowerCase()}${run.error ? `: ${run.error}` : ''}`);
  }
  return {
    snapshot: openSnapshot(run.snapshot, run.contentHash),
    text: run.snapshot,
    contentHash: run.contentHash,
    regionCode: run.definition.regionCode,
    fileBase: `report-${run.definition.regionCode}-${run.periodKey}`,
    label: { zh: `报告运行 ${run.periodKey}`, en: `Report run ${run.periodKey}`, status: 'run' },
  };
}

/** A document in one format: every format is rendered from the snapshot alone. */
export async function renderDocument(doc: ReportDocument, format: DocumentFormat, pdf: PdfRenderer, locale: 'zh-CN' | 'en'): Promise<Buffer | string> {
  if (format === 'json') return doc.text;
  if (format === 'xlsx') return reportWorkbook(doc.snapshot, { contentHash: doc.contentHash, label: doc.label.zh });
  return pdf.render({ snapshot: doc.snapshot, locale, contentHash: doc.contentHash, document: doc.label });
}

export async function loadDocument(prisma: PrismaClient, viewer: Viewer, source: DocumentSource, id: string): Promise<ReportDocument> {
  if (source === 'runs') {
    const run = await prisma.reportRun.findUnique({ where: { id }, include: { definition: true } });
    if (!run) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no report run with id "${id}"`);
    requireReportVisible(viewer, run.definition.regionCode, `report run ${id}`);
    return runDocument(run);
  }
  const b = await prisma.bulletin.findUnique({ where: { id } });
  if (!b) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no bulletin with id "${id}"`);
  requireReportVisible(viewer, b.regionCode, `bulletin ${b.number}`);
  return bulletinDocument(b);
}

/** A bulletin version's document, without an access check (callers check, as for runDocument). */
export function bulletinDocument(b: Bulletin): ReportDocument {
  return {
    snapshot: openSnapshot(b.snapshot, b.contentHash),
    text: b.snapshot,
    contentHash: b.contentHash,
    regionCode: b.regionCode,
    fileBase: `${b.number}-v${b.version}`,
    label: {
      zh: `通报 ${b.number} 第 ${b.version} 版（${STATUS_ZH[b.status]}）${b.previousId ? '：更正版' : ''}`,
      en: `Bulletin ${b.number} version ${b.version} (${b.status.toLowerCase()})${b.previousId ? ': correction' : ''}`,
      status: b.status.toLowerCase() as 'draft' | 'reviewed' | 'published',
    },
  };
}
