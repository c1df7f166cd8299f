/**
 * Reports, bulletins and provider assessment (server modules/reports, providers). Snapshots arrive
 * as the canonical JSON text that was hashed; the pages parse it (@gcc/domain ReportSnapshot).
 */
import { defineQuery } from './client.ts';

export type ReportRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type BulletinStatus = 'DRAFT' | 'REVIEWED' | 'PUBLISHED';
export interface Downloads { pdf: string; xlsx: string; json: string }

export interface RunSummary { id: string; periodKey: string; status: ReportRunStatus; trigger: string; finishedAt: string | null; error: string | null }
export interface DefinitionSummary {
  id: string; name: string; kind: 'EVALUATION' | 'PROVIDER_ASSESSMENT'; frequency: 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'AD_HOC';
  regionCode: string; regionNameZh: string; recipients: string[]; enabled: boolean; nextPeriod: string | null; runs: RunSummary[];
}
export interface BulletinSummary {
  id: string; number: string; version: number; status: BulletinStatus; regionCode: string; titleZh: string; titleEn: string;
  publishedAt: string | null; previous: { id: string; version: number } | null; correctedBy: { id: string; version: number } | null;
}

export const REPORTS_QUERY = defineQuery<{ reportDefinitions: DefinitionSummary[]; bulletins: BulletinSummary[] }>(
  'Reports',
  /* GraphQL */ `
  query Reports {
    reportDefinitions { id name kind frequency regionCode regionNameZh recipients enabled nextPeriod runs(limit: 6) { id periodKey status trigger finishedAt error } }
    bulletins { id number version status regionCode titleZh titleEn publishedAt previous { id version } correctedBy { id version } }
  }
`,
);

export type DeliveryStatus = 'PENDING' | 'SENDING' | 'DELIVERED' | 'FAILED' | 'SKIPPED' | 'LOGGED';
export interface DeliveryRow {
  id: string; recipient: string; channel: 'INBOX' | 'EMAIL'; address: string; status: DeliveryStatus; attempts: number;
  nextAttemptAt: string; lastError: string | null; detail: string | null; deliveredAt: string | null;
}

export interface RunDetail extends RunSummary {
  contentHash: string | null;
  snapshot: string | null;
  downloads: Downloads | null;
  definition: { name: string; regionCode: string; recipients: string[] };
  bulletins: { id: string; version: number; status: BulletinStatus }[];
  deliveries: DeliveryRow[];
}

export const REPORT_RUN_QUERY = defineQuery<{ reportRun: RunDetail | null; reportMailConfigured: boolean }, { id: string }>(
  'ReportRun',
  /* GraphQL */ `
  query ReportRun($id: ID!) {
    reportRun(id: $id) {
      id periodKey status trigger finishedAt error contentHash snapshot downloads { pdf xlsx json } definition { name regionCode recipients } bulletins { id version status }
      deliveries { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }
    }
    reportMailConfigured
  }
`,
);

/** An inbox copy: of a finished run, or of a published bulletin version (a correction names the version it corrects). */
export interface InboxItem {
  id: string; deliveredAt: string | null; readAt: string | null;
  run: { id: string; periodKey: string; definition: { name: string } } | null;
  bulletin: { id: string; number: string; version: number; titleZh: string; titleEn: string; previous: { version: number } | null } | null;
}

export const REPORT_INBOX_QUERY = defineQuery<{ reportInbox: InboxItem[] }>(
  'ReportInbox',
  /* GraphQL */ `
  query ReportInbox {
    reportInbox(limit: 20) { id deliveredAt readAt run { id periodKey definition { name } } bulletin { id number version titleZh titleEn previous { version } } }
  }
`,
);

export const MARK_REPORT_READ = defineQuery<{ markReportRead: { id: string } }, { id: string }>(
  'MarkReportRead',
  /* GraphQL */ `mutation MarkReportRead($id: ID!) { markReportRead(deliveryId: $id) { id } }`,
);

export const RESEND_DELIVERY = defineQuery<{ resendReportDelivery: { id: string; status: DeliveryStatus } }, { id: string }>(
  'ResendReportDelivery',
  /* GraphQL */ `mutation ResendReportDelivery($id: ID!) { resendReportDelivery(deliveryId: $id) { id status } }`,
);

export interface SettlementRow {
  runId: string; periodKey: string; periodLabelZh: string; periodLabelEn: string; contentHash: string; publishedBulletinId: string | null;
  weights: { availability: number; responsiveness: number; satisfaction: number };
  assessment: { providerId: string; nameZh: string; nameEn: string | null; availability: number | null; responsiveness: number | null; satisfaction: number | null; score: number | null; settlementCoefficient: number | null };
}

/** Frozen provider assessments; a provider account gets its own rows only, a city user an error (hide the panel). */
export const PROVIDER_SETTLEMENTS_QUERY = defineQuery<{ providerSettlements: SettlementRow[] }>(
  'ProviderSettlements',
  /* GraphQL */ `
  query ProviderSettlements {
    providerSettlements(limit: 6) {
      runId periodKey periodLabelZh periodLabelEn contentHash publishedBulletinId weights { availability responsiveness satisfaction }
      assessment { providerId nameZh nameEn availability responsiveness satisfaction score settlementCoefficient }
    }
  }
`,
);

export interface BulletinDetail extends BulletinSummary {
  contentHash: string; snapshot: string; correctionNote: string | null; createdBy: string;
  reviewedBy: string | null; reviewedAt: string | null; publishedBy: string | null; downloads: Downloads;
  /** The definition whose recipients publication notifies (null when the viewer may not see it). */
  definition: { name: string; recipients: string[] } | null;
  /** Written when the version is published. */
  deliveries: DeliveryRow[];
}

export const BULLETIN_QUERY = defineQuery<{ bulletin: BulletinDetail | null; reportMailConfigured: boolean }, { id: string }>(
  'Bulletin',
  /* GraphQL */ `
  query Bulletin($id: ID!) {
    bulletin(id: $id) {
      id number version status regionCode titleZh titleEn publishedAt contentHash snapshot correctionNote createdBy reviewedBy reviewedAt publishedBy
      previous { id version } correctedBy { id version } downloads { pdf xlsx json } definition { name recipients }
      deliveries { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }
    }
    reportMailConfigured
  }
`,
);

export const REQUEST_REPORT = defineQuery<{ requestReport: { claimed: boolean; reason: string | null; detail: string; run: { id: string } | null } }, { definitionId: string; period?: string | null }>(
  'RequestReport',
  /* GraphQL */ `
  mutation RequestReport($definitionId: ID!, $period: String) {
    requestReport(definitionId: $definitionId, period: $period) { claimed reason detail run { id } }
  }
`,
);

export const CREATE_DEFINITION = defineQuery<{ createReportDefinition: { id: string } }, { input: Record<string, unknown> }>(
  'CreateReportDefinition',
  /* GraphQL */ `
  mutation CreateReportDefinition($input: ReportDefinitionInput!) { createReportDefinition(input: $input) { id } }
`,
);

export const DRAFT_BULLETIN = defineQuery<{ draftBulletin: { id: string } }, { runId: string }>(
  'DraftBulletin',
  /* GraphQL */ `mutation DraftBulletin($runId: ID!) { draftBulletin(runId: $runId) { id } }`,
);
export const REVIEW_BULLETIN = defineQuery<{ reviewBulletin: { id: string } }, { id: string }>(
  'ReviewBulletin',
  /* GraphQL */ `mutation ReviewBulletin($id: ID!) { reviewBulletin(id: $id) { id } }`,
);
export const PUBLISH_BULLETIN = defineQuery<{ publishBulletin: { id: string } }, { id: string }>(
  'PublishBulletin',
  /* GraphQL */ `mutation PublishBulletin($id: ID!) { publishBulletin(id: $id) { id } }`,
);
export const CORRECT_BULLETIN = defineQuery<{ correctBulletin: { id: string } }, { id: string; note: string }>(
  'CorrectBulletin',
  /* GraphQL */ `mutation CorrectBulletin($id: ID!, $note: String!) { correctBulletin(id: $id, note: $note) { id } }`,
);

export interface DepartmentOption { code: string; nameZh: string; nameEn: string | null }
export interface ProviderOption { id: string; nameZh: string; nameEn: string | null; departments: DepartmentOption[] }

/** Providers with the departments they serve (who may score them, with their names), and whether the viewer may enter scores. */
export const SATISFACTION_FORM_QUERY = defineQuery<{ viewer: { role: string | null; readOnly: boolean }; providers: ProviderOption[] }>(
  'SatisfactionForm',
  /* GraphQL */ `query SatisfactionForm { viewer { role readOnly } providers { id nameZh nameEn departments { code nameZh nameEn } } }`,
);

export const ENTER_SATISFACTION = defineQuery<
  { enterSatisfaction: { providerId: string; month: string; departmentCode: string; score: number } },
  { providerId: string; month: string; departmentCode: string; score: number; comment: string | null }
>(
  'EnterSatisfaction',
  /* GraphQL */ `
  mutation EnterSatisfaction($providerId: ID!, $month: String!, $departmentCode: String!, $score: Float!, $comment: String) {
    enterSatisfaction(providerId: $providerId, month: $month, departmentCode: $departmentCode, score: $score, comment: $comment) { providerId month departmentCode score }
  }
`,
);
