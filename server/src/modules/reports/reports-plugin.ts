/**
 * Wires reports into the app: the runner (claims and runs periods, delivers finished ones), the
 * scheduler when asked for, the PDF renderer, the mail transport and the download routes. Resolvers reach the service as `app.reports`. On close
 * the scheduler stops, runs in progress on this instance finish, and Chromium is closed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { GccError } from '../../errors.ts';
import type { Authenticator } from '../../plugins/auth.ts';
import type { Viewer } from '../access/viewer.ts';
import { createSmtpMailer, type MailSettings, type ReportMailer } from './report-mail.ts';
import { createPdfRenderer, type PdfRenderer } from './report-pdf.ts';
import { registerReportRoutes } from './report-routes.ts';
import { createReportRunner, startReportScheduler, type ReportRunner } from './report-scheduler.ts';

export interface ReportsOptions {
  /** Tick the schedule every minute (the server does; tests drive `runner.tick()` themselves). */
  schedule?: boolean;
  instanceId?: string;
  clock?: () => number;
  chromiumPath?: string;
  /** Mail of finished runs to their recipients' addresses (config: GCC_SMTP_URL, GCC_SMTP_FROM, GCC_PUBLIC_URL). */
  mail?: MailSettings;
  /** Tests hand in their own transport. */
  mailer?: ReportMailer;
  /** Tests hand in a stand-in PDF renderer (Chromium is tested in reports-formats.spec.ts). */
  pdf?: PdfRenderer;
}

export interface ReportsService {
  runner: ReportRunner;
  pdf: PdfRenderer;
}

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportsService;
  }
}

export function registerReports(
  app: FastifyInstance,
  deps: { db: Database; vm: VmClient; webDist: string | undefined; auth: Pick<Authenticator, 'authenticate' | 'viewerOf'> },
  options: ReportsOptions = {},
): ReportsService {
  const pdf = options.pdf ?? createPdfRenderer({ webDist: deps.webDist, ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}) });
  const smtpUrl = options.mail?.smtpUrl;
  const mailer = options.mailer ?? (smtpUrl ? createSmtpMailer({ smtpUrl, from: options.mail!.from }) : null);
  const runner = createReportRunner({
    db: deps.db, vm: deps.vm, log: app.log,
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    delivery: { mailer, pdf, publicUrl: options.mail?.publicUrl ?? null },
  });
  const service: ReportsService = { runner, pdf };
  app.decorate('reports', service);
  // Downloads authenticate as GraphQL requests do (plugins/auth.ts).
  const viewerOf = async (request: FastifyRequest): Promise<Viewer> => {
    await deps.auth.authenticate(request);
    const viewer = deps.auth.viewerOf(request);
    if (!viewer) throw new GccError('GCC_ERR_AUTH_REQUIRED', 'this server needs a bearer token: send `Authorization: Bearer <token>`');
    return viewer;
  };
  registerReportRoutes(app, { db: deps.db, pdf, viewerOf });
  let scheduler: { stop(): Promise<void> } | null = null;
  if (options.schedule) {
    app.addHook('onReady', async () => {
      scheduler = startReportScheduler(runner, app.log);
    });
  }
  app.addHook('onClose', async () => {
    await scheduler?.stop();
    await runner.settled();
    await pdf.close();
    mailer?.close();
  });
  return service;
}
