/**
 * Reports, bulletins and provider assessment (server modules/reports, providers). Snapshots arrive
 * as the canonical JSON text that was hashed; the pages parse it (@gcc/domain ReportSnapshot).
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type {
  DeliveryRowFragment,
  DownloadsFragment,
  ReportDeliveryStatus,
  ReportFrequency,
  ReportKind,
  ReportInboxQuery,
  SatisfactionFormQuery,
} from './generated/graphql.ts';

export type { ReportFrequency, ReportKind };
export type Downloads = DownloadsFragment;
export type DeliveryStatus = ReportDeliveryStatus;
export type DeliveryRow = DeliveryRowFragment;
/** An inbox copy: of a finished run, or of a published bulletin version (a correction names the version it corrects). */
export type InboxItem = ReportInboxQuery['reportInbox'][number];
export type DepartmentOption = SatisfactionFormQuery['providers'][number]['departments'][number];

graphql(`
  fragment Downloads on ReportDownloads { pdf xlsx json }
`);

graphql(`
  fragment DeliveryRow on ReportDelivery { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }
`);

export const REPORTS_QUERY = defineQuery(
  graphql(`
    query Reports {
      reportDefinitions {
        id name kind frequency regionCode regionNameZh recipients enabled nextPeriod
        runs(limit: 6) { id periodKey status trigger finishedAt error }
      }
      bulletins { id number version status regionCode titleZh titleEn publishedAt previous { id version } correctedBy { id version } }
    }
  `),
);

export const REPORT_RUN_QUERY = defineQuery(
  graphql(`
    query ReportRun($id: ID!) {
      reportRun(id: $id) {
        id periodKey status trigger finishedAt error contentHash snapshot downloads { ...Downloads } definition { name regionCode recipients }
        bulletins { id version status }
        deliveries { ...DeliveryRow }
      }
      reportMailConfigured
    }
  `),
);

export const REPORT_INBOX_QUERY = defineQuery(
  graphql(`
    query ReportInbox {
      reportInbox(limit: 20) {
        id deliveredAt readAt run { id periodKey definition { name } } bulletin { id number version titleZh titleEn previous { version } }
      }
    }
  `),
);

export const MARK_REPORT_READ = defineQuery(
  graphql(`
    mutation MarkReportRead($id: ID!) { markReportRead(deliveryId: $id) { id } }
  `),
);

export const RESEND_DELIVERY = defineQuery(
  graphql(`
    mutation ResendReportDelivery($id: ID!) { resendReportDelivery(deliveryId: $id) { id status } }
  `),
);

/** Frozen provider assessments; a provider account gets its own rows only, a city user an error (hide the panel). */
export const PROVIDER_SETTLEMENTS_QUERY = defineQuery(
  graphql(`
    query ProviderSettlements {
      providerSettlements(limit: 6) {
        runId periodKey periodLabelZh periodLabelEn contentHash publishedBulletinId weights { availability responsiveness satisfaction }
        assessment { providerId nameZh nameEn availability responsiveness satisfaction score settlementCoefficient }
      }
    }
  `),
);

/** A bulletin version; `definition` (whose recipients publication notifies) is null when the viewer may not see it. */
export const BULLETIN_QUERY = defineQuery(
  graphql(`
    query Bulletin($id: ID!) {
      bulletin(id: $id) {
        id number version status regionCode titleZh titleEn publishedAt contentHash snapshot correctionNote createdBy reviewedBy reviewedAt
        publishedBy previous { id version } correctedBy { id version } downloads { ...Downloads } definition { name recipients }
        deliveries { ...DeliveryRow }
      }
      reportMailConfigured
    }
  `),
);

export const REQUEST_REPORT = defineQuery(
  graphql(`
    mutation RequestReport($definitionId: ID!, $period: String) {
      requestReport(definitionId: $definitionId, period: $period) { claimed reason detail run { id } }
    }
  `),
);

export const CREATE_DEFINITION = defineQuery(
  graphql(`
    mutation CreateReportDefinition($input: ReportDefinitionInput!) { createReportDefinition(input: $input) { id } }
  `),
);

export const DRAFT_BULLETIN = defineQuery(
  graphql(`
    mutation DraftBulletin($runId: ID!) { draftBulletin(runId: $runId) { id } }
  `),
);
export const REVIEW_BULLETIN = defineQuery(
  graphql(`
    mutation ReviewBulletin($id: ID!) { reviewBulletin(id: $id) { id } }
  `),
);
export const PUBLISH_BULLETIN = defineQuery(
  graphql(`
    mutation PublishBulletin($id: ID!) { publishBulletin(id: $id) { id } }
  `),
);
export const CORRECT_BULLETIN = defineQuery(
  graphql(`
    mutation CorrectBulletin($id: ID!, $note: String!) { correctBulletin(id: $id, note: $note) { id } }
  `),
);

/** Providers with the departments they serve (who may score them, with their names), and whether the viewer may enter scores. */
export const SATISFACTION_FORM_QUERY = defineQuery(
  graphql(`
    query SatisfactionForm { viewer { role readOnly } providers { id nameZh nameEn departments { code nameZh nameEn } } }
  `),
);

export const ENTER_SATISFACTION = defineQuery(
  graphql(`
    mutation EnterSatisfaction($providerId: ID!, $month: String!, $departmentCode: String!, $score: Float!, $comment: String) {
      enterSatisfaction(providerId: $providerId, month: $month, departmentCode: $departmentCode, score: $score, comment: $comment) {
        providerId month departmentCode score
      }
    }
  `),
);
