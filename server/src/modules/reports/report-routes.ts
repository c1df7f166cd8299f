/**
 * Downloads: GET /api/reports/{runs|bulletins}/:id/{pdf|xlsx|json}[?lang=en]. Binary formats do not
 * belong in GraphQL; these routes authenticate like it (bearer token) and apply the same report
 * access rule. Errors are JSON `{ code, message }` with a fitting status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GccError, type ErrorCode } from '../../errors.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { Viewer } from '../access/viewer.ts';
import { FORMATS, loadDocument, renderDocument, type DocumentFormat, type DocumentSource } from './report-documents.ts';
import type { PdfRenderer } from './report-pdf.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  GCC_ERR_REPORT_NOT_FOUND: 404,
  GCC_ERR_REPORT_FORBIDDEN: 403,
  GCC_ERR_REPORT_NOT_READY: 409,
  GCC_ERR_REPORT_RENDER: 503,
};

export interface ReportRoutesDeps {
  db: Database;
  pdf: PdfRenderer;
  /** The request's viewer, authenticated as GraphQL does (throws GCC_ERR_AUTH_* when it must). */
  viewerOf(request: FastifyRequest): Promise<Viewer>;
}

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

export function registerReportRoutes(app: FastifyInstance, deps: ReportRoutesDeps): void {
  app.get<{ Params: { source: string; id: string; format: string }; Querystring: { lang?: string } }>(
    '/api/reports/:source/:id/:format',
    async (request, reply: FastifyReply) => {
      const { source, id, format } = request.params;
      try {
        if ((source !== 'runs' && source !== 'bulletins') || !(FORMATS as readonly string[]).includes(format)) {
          throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no such download: /api/reports/${source}/${id}/${format} (expects runs|bulletins and pdf|xlsx|json)`);
        }
        const viewer = await deps.viewerOf(request);
        const doc = await loadDocument(deps.db.prisma, viewer, source as DocumentSource, id);
        const locale = request.query.lang === 'en' ? 'en' : 'zh-CN';
        const body = await renderDocument(doc, format as DocumentFormat, deps.pdf, locale);
        return reply
          .header('content-type', CONTENT_TYPES[format as DocumentFormat])
          .header('content-disposition', `attachment; filename="${doc.fileBase}.${format}"`)
          .header('x-content-sha256', doc.contentHash)
          .header('cache-control', 'private, no-store')
          .send(body);
      } catch (err) {
        if (err instanceof GccError) {
          const status = STATUS[err.code] ?? err.statusCode ?? 400;
          if (status >= 500) request.log.error({ err, source, id, format }, 'report download failed');
          return reply.code(status).send({ code: err.code, message: err.message });
        }
        throw err;
      }
    },
  );
}
