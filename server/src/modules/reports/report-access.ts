/**
 * Who may see and change reports. Reports carry every city's detail, so the rule is by region:
 * province-wide viewers see every report; a city user sees only its own city's reports (not the
 * province's, which hold the other cities' detail). Provider accounts and kiosks see none (a
 * provider sees its own assessment and settlement through providers/provider-access.ts). The
 * same rule picks who may receive a report (report-recipients.ts). Changes (definitions, runs,
 * bulletin steps, provider data) need a writer: province-wide ones a province-wide writer.
 * Without authentication (GCC_AUTH=off, the viewer is anonymous) everything is allowed, as for
 * the rest of the API.
 */
import { PROVINCE_CODE } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { Viewer } from '../access/viewer.ts';

const NO_REPORTS: readonly string[] = ['PROVIDER', 'KIOSK'];

export function canSeeReport(viewer: Pick<Viewer, 'role' | 'cityScope'>, regionCode: string): boolean {
  if (viewer.role && NO_REPORTS.includes(viewer.role)) return false;
  return viewer.cityScope === null || viewer.cityScope === regionCode;
}

export function requireReportVisible(viewer: Viewer, regionCode: string, what: string): void {
  if (canSeeReport(viewer, regionCode)) return;
  throw new GccError(
    'GCC_ERR_REPORT_FORBIDDEN',
    viewer.cityScope
      ? `${viewer.username} sees the reports of city ${viewer.cityScope} only, not ${what} (${regionCode === PROVINCE_CODE ? 'province-wide' : `city ${regionCode}`})`
      : `${viewer.username} (${viewer.role}) may not see reports`,
  );
}

/** Regions whose reports a viewer sees in lists: null = all. */
export function visibleRegions(viewer: Viewer): string[] | null {
  if (viewer.role && NO_REPORTS.includes(viewer.role)) return [];
  return viewer.cityScope === null ? null : [viewer.cityScope];
}

export function requireReportWriter(viewer: Viewer, regionCode: string, what: string): string {
  if (viewer.readOnly || (viewer.role && NO_REPORTS.includes(viewer.role))) {
    throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `${viewer.username} may not ${what}`);
  }
  requireReportVisible(viewer, regionCode, what);
  return viewer.username;
}

/** Bulletin steps and provider settlement data are the province's business. */
export function requireProvinceWriter(viewer: Viewer, what: string): string {
  if (viewer.readOnly || viewer.cityScope !== null || (viewer.role && !['PROVINCIAL_ADMIN', 'OPERATOR'].includes(viewer.role))) {
    throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `only provincial administrators and operators may ${what}`);
  }
  return viewer.username;
}
