/**
 * Query documents of the security operations panel, the alert ticker and the city dashboard's
 * security section (server modules security/ and alerting/). A city user's token gets its own
 * city's answers: the server scopes them, the console never filters for access.
 */
import { defineQuery } from './client.ts';

export type ApiSeverity = 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type ApiAlertSeverity = 'WARNING' | 'CRITICAL';
export type ApiAlertState = 'FIRING' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface SeverityCounts {
  info: number;
  low: number;
  medium: number;
  high: number;
  critical: number;
  total: number;
}

export interface SecurityPostureRow {
  nodeId: string;
  node: { nameZh: string; nameEn: string; regionCode: string };
  platformLive: boolean;
  open: SeverityCounts;
  dengbaoLevel: number | null;
  lastAssessmentDate: string | null;
  assessmentOverdue: boolean;
  policiesTotal: number | null;
  policiesViolated: number | null;
  lastReportAt: string | null;
  secondsSinceLastReport: number | null;
  silent: boolean;
}

export interface SecurityEventRow {
  id: string;
  nodeId: string;
  occurredAt: string;
  category: string;
  severity: ApiSeverity;
  asset: string | null;
  description: string;
  open: boolean;
}

export interface AlertRow {
  id: string;
  ruleId: string;
  state: ApiAlertState;
  severity: ApiAlertSeverity;
  nodeId: string | null;
  regionCode: string | null;
  summaryZh: string;
  summaryEn: string;
  firedAt: string;
  acknowledgedBy: string | null;
  silenced: boolean;
}

const COUNTS = 'info low medium high critical total';
const POSTURE = `nodeId node { nameZh nameEn regionCode } platformLive open { ${COUNTS} } dengbaoLevel lastAssessmentDate assessmentOverdue
  policiesTotal policiesViolated lastReportAt secondsSinceLastReport silent`;
const EVENT = 'id nodeId occurredAt category severity asset description open';
const ALERT = 'id ruleId state severity nodeId regionCode summaryZh summaryEn firedAt acknowledgedBy silenced';

export type SecurityOverviewData = {
  securityOverview: { open: SeverityCounts; silentNodes: string[]; livePlatforms: number; nodes: SecurityPostureRow[] };
  securityEvents: { events: SecurityEventRow[] };
};

export const SECURITY_OVERVIEW_QUERY = defineQuery<SecurityOverviewData, { cityCode?: string | null }>(
  'SecurityOverview',
  /* GraphQL */ `
  query SecurityOverview($cityCode: ID) {
    securityOverview(cityCode: $cityCode) { open { ${COUNTS} } silentNodes livePlatforms nodes { ${POSTURE} } }
    securityEvents(cityCode: $cityCode, minSeverity: HIGH, limit: 8) { events { ${EVENT} } }
  }
`,
);

export type AlertsData = { alerts: AlertRow[] };

export const ALERTS_QUERY = defineQuery<AlertsData, { cityCode?: string | null }>(
  'Alerts',
  /* GraphQL */ `
  query Alerts($cityCode: ID) {
    alerts(cityCode: $cityCode, states: [FIRING, ACKNOWLEDGED], limit: 50) { ${ALERT} }
  }
`,
);

export const ACKNOWLEDGE_ALERT_MUTATION = defineQuery<{ acknowledgeAlert: Pick<AlertRow, 'id' | 'state' | 'acknowledgedBy'> }, { id: string }>(
  'AcknowledgeAlert',
  /* GraphQL */ `
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) { id state acknowledgedBy }
  }
`,
);
