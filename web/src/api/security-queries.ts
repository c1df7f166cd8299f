/**
 * Query documents of the security operations panel, the alert ticker and the city dashboard's
 * security section (server modules security/ and alerting/). A city user's token gets its own
 * city's answers: the server scopes them, the console never filters for access.
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type { AlertRowFragment, SecurityPostureRowFragment } from './generated/graphql.ts';

export type SecurityPostureRow = SecurityPostureRowFragment;
export type AlertRow = AlertRowFragment;

graphql(`
  fragment SeverityCounts on SeverityCounts { info low medium high critical total }
`);

graphql(`
  fragment SecurityPostureRow on SecurityPosture {
    nodeId node { nameZh nameEn regionCode } platformLive open { ...SeverityCounts } dengbaoLevel lastAssessmentDate assessmentOverdue
    policiesTotal policiesViolated lastReportAt secondsSinceLastReport silent
  }
`);

graphql(`
  fragment AlertRow on Alert { id ruleId state severity nodeId regionCode summaryZh summaryEn firedAt acknowledgedBy silenced }
`);

export const SECURITY_OVERVIEW_QUERY = defineQuery(
  graphql(`
    query SecurityOverview($cityCode: ID) {
      securityOverview(cityCode: $cityCode) { open { ...SeverityCounts } silentNodes livePlatforms nodes { ...SecurityPostureRow } }
      securityEvents(cityCode: $cityCode, minSeverity: HIGH, limit: 8) {
        events { id nodeId occurredAt category severity asset description open }
      }
    }
  `),
);

export const ALERTS_QUERY = defineQuery(
  graphql(`
    query Alerts($cityCode: ID) {
      alerts(cityCode: $cityCode, states: [FIRING, ACKNOWLEDGED], limit: 50) { ...AlertRow }
    }
  `),
);

export const ACKNOWLEDGE_ALERT_MUTATION = defineQuery(
  graphql(`
    mutation AcknowledgeAlert($id: ID!) {
      acknowledgeAlert(id: $id) { id state acknowledgedBy }
    }
  `),
);
