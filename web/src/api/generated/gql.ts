/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n    query CitySystems($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {\n      city(code: $code) {\n        systems(search: $search, status: $status, offset: $offset, limit: $limit) {\n          total offset limit\n          items { code nameZh status nodeId onCloudAt department { code nameZh nameEn } }\n        }\n      }\n    }\n  ": typeof types.CitySystemsDocument,
    "\n    query CityDepartments($code: ID!) {\n      city(code: $code) {\n        departments { department { code nameZh nameEn } systems onCloud migrating planned excluded }\n      }\n    }\n  ": typeof types.CityDepartmentsDocument,
    "\n    subscription OverviewUpdated {\n      overviewUpdated { collectedAt computedAt nodeCount staleNodes vcpu { total allocated used } }\n    }\n  ": typeof types.OverviewUpdatedDocument,
    "\n    query Meta {\n      meta { simulated simulationSeed dataAsOf staleAfterSeconds }\n    }\n  ": typeof types.MetaDocument,
    "\n    query ProvinceVcpu {\n      province {\n        nodeCount\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n      provincialNodes: nodes(kind: PROVINCIAL) {\n        id nameZh nameEn\n        vcpu { total asOf stale }\n      }\n    }\n  ": typeof types.ProvinceVcpuDocument,
    "\n    query NodesVcpu {\n      nodes {\n        id kind nameZh nameEn regionCode\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n    }\n  ": typeof types.NodesVcpuDocument,
    "\n    query Viewer {\n      viewer { username role readOnly anonymous city { code } }\n    }\n  ": typeof types.ViewerDocument,
    "\n  fragment Downloads on ReportDownloads { pdf xlsx json }\n": typeof types.DownloadsFragmentDoc,
    "\n  fragment DeliveryRow on ReportDelivery { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }\n": typeof types.DeliveryRowFragmentDoc,
    "\n    query Reports {\n      reportDefinitions {\n        id name kind frequency regionCode regionNameZh recipients enabled nextPeriod\n        runs(limit: 6) { id periodKey status trigger finishedAt error }\n      }\n      bulletins { id number version status regionCode titleZh titleEn publishedAt previous { id version } correctedBy { id version } }\n    }\n  ": typeof types.ReportsDocument,
    "\n    query ReportRun($id: ID!) {\n      reportRun(id: $id) {\n        id periodKey status trigger finishedAt error contentHash snapshot downloads { ...Downloads } definition { name regionCode recipients }\n        bulletins { id version status }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  ": typeof types.ReportRunDocument,
    "\n    query ReportInbox {\n      reportInbox(limit: 20) {\n        id deliveredAt readAt run { id periodKey definition { name } } bulletin { id number version titleZh titleEn previous { version } }\n      }\n    }\n  ": typeof types.ReportInboxDocument,
    "\n    mutation MarkReportRead($id: ID!) { markReportRead(deliveryId: $id) { id } }\n  ": typeof types.MarkReportReadDocument,
    "\n    mutation ResendReportDelivery($id: ID!) { resendReportDelivery(deliveryId: $id) { id status } }\n  ": typeof types.ResendReportDeliveryDocument,
    "\n    query ProviderSettlements {\n      providerSettlements(limit: 6) {\n        runId periodKey periodLabelZh periodLabelEn contentHash publishedBulletinId weights { availability responsiveness satisfaction }\n        assessment { providerId nameZh nameEn availability responsiveness satisfaction score settlementCoefficient }\n      }\n    }\n  ": typeof types.ProviderSettlementsDocument,
    "\n    query Bulletin($id: ID!) {\n      bulletin(id: $id) {\n        id number version status regionCode titleZh titleEn publishedAt contentHash snapshot correctionNote createdBy reviewedBy reviewedAt\n        publishedBy previous { id version } correctedBy { id version } downloads { ...Downloads } definition { name recipients }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  ": typeof types.BulletinDocument,
    "\n    mutation RequestReport($definitionId: ID!, $period: String) {\n      requestReport(definitionId: $definitionId, period: $period) { claimed reason detail run { id } }\n    }\n  ": typeof types.RequestReportDocument,
    "\n    mutation CreateReportDefinition($input: ReportDefinitionInput!) { createReportDefinition(input: $input) { id } }\n  ": typeof types.CreateReportDefinitionDocument,
    "\n    mutation DraftBulletin($runId: ID!) { draftBulletin(runId: $runId) { id } }\n  ": typeof types.DraftBulletinDocument,
    "\n    mutation ReviewBulletin($id: ID!) { reviewBulletin(id: $id) { id } }\n  ": typeof types.ReviewBulletinDocument,
    "\n    mutation PublishBulletin($id: ID!) { publishBulletin(id: $id) { id } }\n  ": typeof types.PublishBulletinDocument,
    "\n    mutation CorrectBulletin($id: ID!, $note: String!) { correctBulletin(id: $id, note: $note) { id } }\n  ": typeof types.CorrectBulletinDocument,
    "\n    query SatisfactionForm { viewer { role readOnly } providers { id nameZh nameEn departments { code nameZh nameEn } } }\n  ": typeof types.SatisfactionFormDocument,
    "\n    mutation EnterSatisfaction($providerId: ID!, $month: String!, $departmentCode: String!, $score: Float!, $comment: String) {\n      enterSatisfaction(providerId: $providerId, month: $month, departmentCode: $departmentCode, score: $score, comment: $comment) {\n        providerId month departmentCode score\n      }\n    }\n  ": typeof types.EnterSatisfactionDocument,
    "\n  fragment Score on SchedulingScore { objective overloadVcpu idleVcpu transferredVcpu migratedSystems unplacedVcpu }\n": typeof types.ScoreFragmentDoc,
    "\n  fragment NodeRef on Node { id nameZh nameEn }\n": typeof types.NodeRefFragmentDoc,
    "\n  fragment Plan on SchedulingPlan {\n    computedAt solverStatus solveMs score { ...Score } greedyScore { ...Score }\n    moves { key kind fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn }\n    pools {\n      nodeId node { nameZh nameEn } arch total allocatedBefore allocatedAfter ratioBefore ratioAfter cap eligible ineligibleZh ineligibleEn\n      overloaded idle\n    }\n    unplaced { code vcpu arch synthetic reasonZh reasonEn } summaryZh summaryEn\n    policy { overloadCeiling usageTarget emergencyReserveShare formulas { code zh en } }\n  }\n": typeof types.PlanFragmentDoc,
    "\n    query SchedulingPlan { schedulingPlan { ...Plan } }\n  ": typeof types.SchedulingPlanDocument,
    "\n    query SchedulingWhatIf($scenario: SchedulingScenarioInput!) {\n      schedulingWhatIf(scenario: $scenario) {\n        indicators {\n          code nameZh nameEn vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter\n        }\n        baseline { score { ...Score } }\n        scenario { ...Plan }\n        notesZh notesEn\n      }\n    }\n  ": typeof types.SchedulingWhatIfDocument,
    "\n  fragment Order on SchedulingOrder {\n    id code kind status fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn reason proposedBy proposedAt\n    events { at actor from to note }\n  }\n": typeof types.OrderFragmentDoc,
    "\n    query SchedulingOrders { schedulingOrders(limit: 100) { ...Order } }\n  ": typeof types.SchedulingOrdersDocument,
    "\n    mutation ProposeSchedulingOrders($keys: [String!]!) { proposeSchedulingOrders(moveKeys: $keys) { id } }\n  ": typeof types.ProposeSchedulingOrdersDocument,
    "\n    mutation ApproveSchedulingOrder($id: ID!) { approveSchedulingOrder(id: $id) { id status } }\n  ": typeof types.ApproveSchedulingOrderDocument,
    "\n    mutation ExecuteSchedulingOrder($id: ID!) { executeSchedulingOrder(id: $id) { id status } }\n  ": typeof types.ExecuteSchedulingOrderDocument,
    "\n    mutation RejectSchedulingOrder($id: ID!, $reason: String!) { rejectSchedulingOrder(id: $id, reason: $reason) { id status } }\n  ": typeof types.RejectSchedulingOrderDocument,
    "\n    mutation VerifySchedulingOrders { verifySchedulingOrders { id status } }\n  ": typeof types.VerifySchedulingOrdersDocument,
    "\n    mutation ProposeSchedulingOrder($move: SchedulingMoveInput!) { proposeSchedulingOrder(move: $move) { id code } }\n  ": typeof types.ProposeSchedulingOrderDocument,
    "\n    query CitySchedulingOrders($code: ID!) { schedulingOrders(cityCode: $code, limit: 20) { ...Order } }\n  ": typeof types.CitySchedulingOrdersDocument,
    "\n    query SchedulingFlows { schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }\n  ": typeof types.SchedulingFlowsDocument,
    "\n  fragment CapacityFigure on Capacity {\n    total allocated used allocationRatio utilization asOf stale staleNodes credibility { lastGoodPull }\n  }\n": typeof types.CapacityFigureFragmentDoc,
    "\n    query ScreenHeadline {\n      province {\n        nodeCount\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        provincialNode {\n          id nameZh nameEn\n          vcpu { ...CapacityFigure }\n          dataCentres { id nameZh nameEn vcpu { ...CapacityFigure } }\n        }\n      }\n    }\n  ": typeof types.ScreenHeadlineDocument,
    "\n  fragment NodeFacts on Node {\n    id kind nameZh nameEn regionCode live goLiveDate dockingDate interconnectEnabled interconnectDate securityPlatformDate\n    plannedGoLiveDate plannedDockingDate\n  }\n": typeof types.NodeFactsFragmentDoc,
    "\n  fragment FormulaText on Formula { code zh en }\n": typeof types.FormulaTextFragmentDoc,
    "\n  fragment IndicatorStatusFigure on IndicatorEvaluation {\n    status current projected atDeadline gap { met amount zh en }\n  }\n": typeof types.IndicatorStatusFigureFragmentDoc,
    "\n  fragment CityIndicators on Indicators {\n    scope\n    migrationRate { value onCloud inScope target formula { ...FormulaText } }\n    usageRate { value utilization target formula { ...FormulaText } utilizationFormula { ...FormulaText } }\n    evaluation {\n      basis start deadline daysLeft status formula { ...FormulaText }\n      migration { ...IndicatorStatusFigure }\n      usage { ...IndicatorStatusFigure }\n    }\n  }\n": typeof types.CityIndicatorsFragmentDoc,
    "\n  fragment RankingFigure on RankingEntry { rank value status scope city { code } }\n": typeof types.RankingFigureFragmentDoc,
    "\n    query ScreenCities {\n      province { provincialNode { id nameZh nameEn vcpu { stale } dataCentres { id nameZh nameEn } } }\n      cities {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes { ...NodeFacts }\n        indicators { ...CityIndicators }\n      }\n      usageRanking: rankings(by: USAGE_RATE) { ...RankingFigure }\n      migrationRanking: rankings(by: MIGRATION_RATE) { ...RankingFigure }\n    }\n  ": typeof types.ScreenCitiesDocument,
    "\n    query ScreenMilestones {\n      milestones { code kind titleZh titleEn unit plannedValue dueDate actualAtDue actualNow achievedOn status }\n    }\n  ": typeof types.ScreenMilestonesDocument,
    "\n  fragment HistorySeries on Series { measure stepSeconds points { t v } }\n": typeof types.HistorySeriesFragmentDoc,
    "\n  fragment VcpuHistory on Capacity {\n    total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    used: history(measure: USED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n  }\n": typeof types.VcpuHistoryFragmentDoc,
    "\n    query ProvinceVcpuHistory($from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      province { vcpu { ...VcpuHistory } }\n    }\n  ": typeof types.ProvinceVcpuHistoryDocument,
    "\n    query City($code: ID!) {\n      city(code: $code) {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes {\n          ...NodeFacts\n          vcpu { ...CapacityFigure }\n          memory { ...CapacityFigure }\n          storage { ...CapacityFigure }\n          dataCentres { id nameZh nameEn }\n        }\n        indicators { ...CityIndicators }\n      }\n    }\n  ": typeof types.CityDocument,
    "\n    query CityVcpuHistory($code: ID!, $from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      city(code: $code) { vcpu { ...VcpuHistory } }\n    }\n  ": typeof types.CityVcpuHistoryDocument,
    "\n  fragment SeverityCounts on SeverityCounts { info low medium high critical total }\n": typeof types.SeverityCountsFragmentDoc,
    "\n  fragment SecurityPostureRow on SecurityPosture {\n    nodeId node { nameZh nameEn regionCode } platformLive open { ...SeverityCounts } dengbaoLevel lastAssessmentDate assessmentOverdue\n    policiesTotal policiesViolated lastReportAt secondsSinceLastReport silent\n  }\n": typeof types.SecurityPostureRowFragmentDoc,
    "\n  fragment AlertRow on Alert { id ruleId state severity nodeId regionCode summaryZh summaryEn firedAt acknowledgedBy silenced }\n": typeof types.AlertRowFragmentDoc,
    "\n    query SecurityOverview($cityCode: ID) {\n      securityOverview(cityCode: $cityCode) { open { ...SeverityCounts } silentNodes livePlatforms nodes { ...SecurityPostureRow } }\n      securityEvents(cityCode: $cityCode, minSeverity: HIGH, limit: 8) {\n        events { id nodeId occurredAt category severity asset description open }\n      }\n    }\n  ": typeof types.SecurityOverviewDocument,
    "\n    query Alerts($cityCode: ID) {\n      alerts(cityCode: $cityCode, states: [FIRING, ACKNOWLEDGED], limit: 50) { ...AlertRow }\n    }\n  ": typeof types.AlertsDocument,
    "\n    mutation AcknowledgeAlert($id: ID!) {\n      acknowledgeAlert(id: $id) { id state acknowledgedBy }\n    }\n  ": typeof types.AcknowledgeAlertDocument,
};
const documents: Documents = {
    "\n    query CitySystems($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {\n      city(code: $code) {\n        systems(search: $search, status: $status, offset: $offset, limit: $limit) {\n          total offset limit\n          items { code nameZh status nodeId onCloudAt department { code nameZh nameEn } }\n        }\n      }\n    }\n  ": types.CitySystemsDocument,
    "\n    query CityDepartments($code: ID!) {\n      city(code: $code) {\n        departments { department { code nameZh nameEn } systems onCloud migrating planned excluded }\n      }\n    }\n  ": types.CityDepartmentsDocument,
    "\n    subscription OverviewUpdated {\n      overviewUpdated { collectedAt computedAt nodeCount staleNodes vcpu { total allocated used } }\n    }\n  ": types.OverviewUpdatedDocument,
    "\n    query Meta {\n      meta { simulated simulationSeed dataAsOf staleAfterSeconds }\n    }\n  ": types.MetaDocument,
    "\n    query ProvinceVcpu {\n      province {\n        nodeCount\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n      provincialNodes: nodes(kind: PROVINCIAL) {\n        id nameZh nameEn\n        vcpu { total asOf stale }\n      }\n    }\n  ": types.ProvinceVcpuDocument,
    "\n    query NodesVcpu {\n      nodes {\n        id kind nameZh nameEn regionCode\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n    }\n  ": types.NodesVcpuDocument,
    "\n    query Viewer {\n      viewer { username role readOnly anonymous city { code } }\n    }\n  ": types.ViewerDocument,
    "\n  fragment Downloads on ReportDownloads { pdf xlsx json }\n": types.DownloadsFragmentDoc,
    "\n  fragment DeliveryRow on ReportDelivery { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }\n": types.DeliveryRowFragmentDoc,
    "\n    query Reports {\n      reportDefinitions {\n        id name kind frequency regionCode regionNameZh recipients enabled nextPeriod\n        runs(limit: 6) { id periodKey status trigger finishedAt error }\n      }\n      bulletins { id number version status regionCode titleZh titleEn publishedAt previous { id version } correctedBy { id version } }\n    }\n  ": types.ReportsDocument,
    "\n    query ReportRun($id: ID!) {\n      reportRun(id: $id) {\n        id periodKey status trigger finishedAt error contentHash snapshot downloads { ...Downloads } definition { name regionCode recipients }\n        bulletins { id version status }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  ": types.ReportRunDocument,
    "\n    query ReportInbox {\n      reportInbox(limit: 20) {\n        id deliveredAt readAt run { id periodKey definition { name } } bulletin { id number version titleZh titleEn previous { version } }\n      }\n    }\n  ": types.ReportInboxDocument,
    "\n    mutation MarkReportRead($id: ID!) { markReportRead(deliveryId: $id) { id } }\n  ": types.MarkReportReadDocument,
    "\n    mutation ResendReportDelivery($id: ID!) { resendReportDelivery(deliveryId: $id) { id status } }\n  ": types.ResendReportDeliveryDocument,
    "\n    query ProviderSettlements {\n      providerSettlements(limit: 6) {\n        runId periodKey periodLabelZh periodLabelEn contentHash publishedBulletinId weights { availability responsiveness satisfaction }\n        assessment { providerId nameZh nameEn availability responsiveness satisfaction score settlementCoefficient }\n      }\n    }\n  ": types.ProviderSettlementsDocument,
    "\n    query Bulletin($id: ID!) {\n      bulletin(id: $id) {\n        id number version status regionCode titleZh titleEn publishedAt contentHash snapshot correctionNote createdBy reviewedBy reviewedAt\n        publishedBy previous { id version } correctedBy { id version } downloads { ...Downloads } definition { name recipients }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  ": types.BulletinDocument,
    "\n    mutation RequestReport($definitionId: ID!, $period: String) {\n      requestReport(definitionId: $definitionId, period: $period) { claimed reason detail run { id } }\n    }\n  ": types.RequestReportDocument,
    "\n    mutation CreateReportDefinition($input: ReportDefinitionInput!) { createReportDefinition(input: $input) { id } }\n  ": types.CreateReportDefinitionDocument,
    "\n    mutation DraftBulletin($runId: ID!) { draftBulletin(runId: $runId) { id } }\n  ": types.DraftBulletinDocument,
    "\n    mutation ReviewBulletin($id: ID!) { reviewBulletin(id: $id) { id } }\n  ": types.ReviewBulletinDocument,
    "\n    mutation PublishBulletin($id: ID!) { publishBulletin(id: $id) { id } }\n  ": types.PublishBulletinDocument,
    "\n    mutation CorrectBulletin($id: ID!, $note: String!) { correctBulletin(id: $id, note: $note) { id } }\n  ": types.CorrectBulletinDocument,
    "\n    query SatisfactionForm { viewer { role readOnly } providers { id nameZh nameEn departments { code nameZh nameEn } } }\n  ": types.SatisfactionFormDocument,
    "\n    mutation EnterSatisfaction($providerId: ID!, $month: String!, $departmentCode: String!, $score: Float!, $comment: String) {\n      enterSatisfaction(providerId: $providerId, month: $month, departmentCode: $departmentCode, score: $score, comment: $comment) {\n        providerId month departmentCode score\n      }\n    }\n  ": types.EnterSatisfactionDocument,
    "\n  fragment Score on SchedulingScore { objective overloadVcpu idleVcpu transferredVcpu migratedSystems unplacedVcpu }\n": types.ScoreFragmentDoc,
    "\n  fragment NodeRef on Node { id nameZh nameEn }\n": types.NodeRefFragmentDoc,
    "\n  fragment Plan on SchedulingPlan {\n    computedAt solverStatus solveMs score { ...Score } greedyScore { ...Score }\n    moves { key kind fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn }\n    pools {\n      nodeId node { nameZh nameEn } arch total allocatedBefore allocatedAfter ratioBefore ratioAfter cap eligible ineligibleZh ineligibleEn\n      overloaded idle\n    }\n    unplaced { code vcpu arch synthetic reasonZh reasonEn } summaryZh summaryEn\n    policy { overloadCeiling usageTarget emergencyReserveShare formulas { code zh en } }\n  }\n": types.PlanFragmentDoc,
    "\n    query SchedulingPlan { schedulingPlan { ...Plan } }\n  ": types.SchedulingPlanDocument,
    "\n    query SchedulingWhatIf($scenario: SchedulingScenarioInput!) {\n      schedulingWhatIf(scenario: $scenario) {\n        indicators {\n          code nameZh nameEn vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter\n        }\n        baseline { score { ...Score } }\n        scenario { ...Plan }\n        notesZh notesEn\n      }\n    }\n  ": types.SchedulingWhatIfDocument,
    "\n  fragment Order on SchedulingOrder {\n    id code kind status fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn reason proposedBy proposedAt\n    events { at actor from to note }\n  }\n": types.OrderFragmentDoc,
    "\n    query SchedulingOrders { schedulingOrders(limit: 100) { ...Order } }\n  ": types.SchedulingOrdersDocument,
    "\n    mutation ProposeSchedulingOrders($keys: [String!]!) { proposeSchedulingOrders(moveKeys: $keys) { id } }\n  ": types.ProposeSchedulingOrdersDocument,
    "\n    mutation ApproveSchedulingOrder($id: ID!) { approveSchedulingOrder(id: $id) { id status } }\n  ": types.ApproveSchedulingOrderDocument,
    "\n    mutation ExecuteSchedulingOrder($id: ID!) { executeSchedulingOrder(id: $id) { id status } }\n  ": types.ExecuteSchedulingOrderDocument,
    "\n    mutation RejectSchedulingOrder($id: ID!, $reason: String!) { rejectSchedulingOrder(id: $id, reason: $reason) { id status } }\n  ": types.RejectSchedulingOrderDocument,
    "\n    mutation VerifySchedulingOrders { verifySchedulingOrders { id status } }\n  ": types.VerifySchedulingOrdersDocument,
    "\n    mutation ProposeSchedulingOrder($move: SchedulingMoveInput!) { proposeSchedulingOrder(move: $move) { id code } }\n  ": types.ProposeSchedulingOrderDocument,
    "\n    query CitySchedulingOrders($code: ID!) { schedulingOrders(cityCode: $code, limit: 20) { ...Order } }\n  ": types.CitySchedulingOrdersDocument,
    "\n    query SchedulingFlows { schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }\n  ": types.SchedulingFlowsDocument,
    "\n  fragment CapacityFigure on Capacity {\n    total allocated used allocationRatio utilization asOf stale staleNodes credibility { lastGoodPull }\n  }\n": types.CapacityFigureFragmentDoc,
    "\n    query ScreenHeadline {\n      province {\n        nodeCount\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        provincialNode {\n          id nameZh nameEn\n          vcpu { ...CapacityFigure }\n          dataCentres { id nameZh nameEn vcpu { ...CapacityFigure } }\n        }\n      }\n    }\n  ": types.ScreenHeadlineDocument,
    "\n  fragment NodeFacts on Node {\n    id kind nameZh nameEn regionCode live goLiveDate dockingDate interconnectEnabled interconnectDate securityPlatformDate\n    plannedGoLiveDate plannedDockingDate\n  }\n": types.NodeFactsFragmentDoc,
    "\n  fragment FormulaText on Formula { code zh en }\n": types.FormulaTextFragmentDoc,
    "\n  fragment IndicatorStatusFigure on IndicatorEvaluation {\n    status current projected atDeadline gap { met amount zh en }\n  }\n": types.IndicatorStatusFigureFragmentDoc,
    "\n  fragment CityIndicators on Indicators {\n    scope\n    migrationRate { value onCloud inScope target formula { ...FormulaText } }\n    usageRate { value utilization target formula { ...FormulaText } utilizationFormula { ...FormulaText } }\n    evaluation {\n      basis start deadline daysLeft status formula { ...FormulaText }\n      migration { ...IndicatorStatusFigure }\n      usage { ...IndicatorStatusFigure }\n    }\n  }\n": types.CityIndicatorsFragmentDoc,
    "\n  fragment RankingFigure on RankingEntry { rank value status scope city { code } }\n": types.RankingFigureFragmentDoc,
    "\n    query ScreenCities {\n      province { provincialNode { id nameZh nameEn vcpu { stale } dataCentres { id nameZh nameEn } } }\n      cities {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes { ...NodeFacts }\n        indicators { ...CityIndicators }\n      }\n      usageRanking: rankings(by: USAGE_RATE) { ...RankingFigure }\n      migrationRanking: rankings(by: MIGRATION_RATE) { ...RankingFigure }\n    }\n  ": types.ScreenCitiesDocument,
    "\n    query ScreenMilestones {\n      milestones { code kind titleZh titleEn unit plannedValue dueDate actualAtDue actualNow achievedOn status }\n    }\n  ": types.ScreenMilestonesDocument,
    "\n  fragment HistorySeries on Series { measure stepSeconds points { t v } }\n": types.HistorySeriesFragmentDoc,
    "\n  fragment VcpuHistory on Capacity {\n    total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    used: history(measure: USED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n  }\n": types.VcpuHistoryFragmentDoc,
    "\n    query ProvinceVcpuHistory($from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      province { vcpu { ...VcpuHistory } }\n    }\n  ": types.ProvinceVcpuHistoryDocument,
    "\n    query City($code: ID!) {\n      city(code: $code) {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes {\n          ...NodeFacts\n          vcpu { ...CapacityFigure }\n          memory { ...CapacityFigure }\n          storage { ...CapacityFigure }\n          dataCentres { id nameZh nameEn }\n        }\n        indicators { ...CityIndicators }\n      }\n    }\n  ": types.CityDocument,
    "\n    query CityVcpuHistory($code: ID!, $from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      city(code: $code) { vcpu { ...VcpuHistory } }\n    }\n  ": types.CityVcpuHistoryDocument,
    "\n  fragment SeverityCounts on SeverityCounts { info low medium high critical total }\n": types.SeverityCountsFragmentDoc,
    "\n  fragment SecurityPostureRow on SecurityPosture {\n    nodeId node { nameZh nameEn regionCode } platformLive open { ...SeverityCounts } dengbaoLevel lastAssessmentDate assessmentOverdue\n    policiesTotal policiesViolated lastReportAt secondsSinceLastReport silent\n  }\n": types.SecurityPostureRowFragmentDoc,
    "\n  fragment AlertRow on Alert { id ruleId state severity nodeId regionCode summaryZh summaryEn firedAt acknowledgedBy silenced }\n": types.AlertRowFragmentDoc,
    "\n    query SecurityOverview($cityCode: ID) {\n      securityOverview(cityCode: $cityCode) { open { ...SeverityCounts } silentNodes livePlatforms nodes { ...SecurityPostureRow } }\n      securityEvents(cityCode: $cityCode, minSeverity: HIGH, limit: 8) {\n        events { id nodeId occurredAt category severity asset description open }\n      }\n    }\n  ": types.SecurityOverviewDocument,
    "\n    query Alerts($cityCode: ID) {\n      alerts(cityCode: $cityCode, states: [FIRING, ACKNOWLEDGED], limit: 50) { ...AlertRow }\n    }\n  ": types.AlertsDocument,
    "\n    mutation AcknowledgeAlert($id: ID!) {\n      acknowledgeAlert(id: $id) { id state acknowledgedBy }\n    }\n  ": types.AcknowledgeAlertDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query CitySystems($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {\n      city(code: $code) {\n        systems(search: $search, status: $status, offset: $offset, limit: $limit) {\n          total offset limit\n          items { code nameZh status nodeId onCloudAt department { code nameZh nameEn } }\n        }\n      }\n    }\n  "): typeof import('./graphql.ts').CitySystemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query CityDepartments($code: ID!) {\n      city(code: $code) {\n        departments { department { code nameZh nameEn } systems onCloud migrating planned excluded }\n      }\n    }\n  "): typeof import('./graphql.ts').CityDepartmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    subscription OverviewUpdated {\n      overviewUpdated { collectedAt computedAt nodeCount staleNodes vcpu { total allocated used } }\n    }\n  "): typeof import('./graphql.ts').OverviewUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query Meta {\n      meta { simulated simulationSeed dataAsOf staleAfterSeconds }\n    }\n  "): typeof import('./graphql.ts').MetaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ProvinceVcpu {\n      province {\n        nodeCount\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n      provincialNodes: nodes(kind: PROVINCIAL) {\n        id nameZh nameEn\n        vcpu { total asOf stale }\n      }\n    }\n  "): typeof import('./graphql.ts').ProvinceVcpuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query NodesVcpu {\n      nodes {\n        id kind nameZh nameEn regionCode\n        vcpu { total allocated used asOf stale staleNodes }\n      }\n    }\n  "): typeof import('./graphql.ts').NodesVcpuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query Viewer {\n      viewer { username role readOnly anonymous city { code } }\n    }\n  "): typeof import('./graphql.ts').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Downloads on ReportDownloads { pdf xlsx json }\n"): typeof import('./graphql.ts').DownloadsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryRow on ReportDelivery { id recipient channel address status attempts nextAttemptAt lastError detail deliveredAt }\n"): typeof import('./graphql.ts').DeliveryRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query Reports {\n      reportDefinitions {\n        id name kind frequency regionCode regionNameZh recipients enabled nextPeriod\n        runs(limit: 6) { id periodKey status trigger finishedAt error }\n      }\n      bulletins { id number version status regionCode titleZh titleEn publishedAt previous { id version } correctedBy { id version } }\n    }\n  "): typeof import('./graphql.ts').ReportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ReportRun($id: ID!) {\n      reportRun(id: $id) {\n        id periodKey status trigger finishedAt error contentHash snapshot downloads { ...Downloads } definition { name regionCode recipients }\n        bulletins { id version status }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  "): typeof import('./graphql.ts').ReportRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ReportInbox {\n      reportInbox(limit: 20) {\n        id deliveredAt readAt run { id periodKey definition { name } } bulletin { id number version titleZh titleEn previous { version } }\n      }\n    }\n  "): typeof import('./graphql.ts').ReportInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation MarkReportRead($id: ID!) { markReportRead(deliveryId: $id) { id } }\n  "): typeof import('./graphql.ts').MarkReportReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ResendReportDelivery($id: ID!) { resendReportDelivery(deliveryId: $id) { id status } }\n  "): typeof import('./graphql.ts').ResendReportDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ProviderSettlements {\n      providerSettlements(limit: 6) {\n        runId periodKey periodLabelZh periodLabelEn contentHash publishedBulletinId weights { availability responsiveness satisfaction }\n        assessment { providerId nameZh nameEn availability responsiveness satisfaction score settlementCoefficient }\n      }\n    }\n  "): typeof import('./graphql.ts').ProviderSettlementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query Bulletin($id: ID!) {\n      bulletin(id: $id) {\n        id number version status regionCode titleZh titleEn publishedAt contentHash snapshot correctionNote createdBy reviewedBy reviewedAt\n        publishedBy previous { id version } correctedBy { id version } downloads { ...Downloads } definition { name recipients }\n        deliveries { ...DeliveryRow }\n      }\n      reportMailConfigured\n    }\n  "): typeof import('./graphql.ts').BulletinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation RequestReport($definitionId: ID!, $period: String) {\n      requestReport(definitionId: $definitionId, period: $period) { claimed reason detail run { id } }\n    }\n  "): typeof import('./graphql.ts').RequestReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation CreateReportDefinition($input: ReportDefinitionInput!) { createReportDefinition(input: $input) { id } }\n  "): typeof import('./graphql.ts').CreateReportDefinitionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation DraftBulletin($runId: ID!) { draftBulletin(runId: $runId) { id } }\n  "): typeof import('./graphql.ts').DraftBulletinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ReviewBulletin($id: ID!) { reviewBulletin(id: $id) { id } }\n  "): typeof import('./graphql.ts').ReviewBulletinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation PublishBulletin($id: ID!) { publishBulletin(id: $id) { id } }\n  "): typeof import('./graphql.ts').PublishBulletinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation CorrectBulletin($id: ID!, $note: String!) { correctBulletin(id: $id, note: $note) { id } }\n  "): typeof import('./graphql.ts').CorrectBulletinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SatisfactionForm { viewer { role readOnly } providers { id nameZh nameEn departments { code nameZh nameEn } } }\n  "): typeof import('./graphql.ts').SatisfactionFormDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation EnterSatisfaction($providerId: ID!, $month: String!, $departmentCode: String!, $score: Float!, $comment: String) {\n      enterSatisfaction(providerId: $providerId, month: $month, departmentCode: $departmentCode, score: $score, comment: $comment) {\n        providerId month departmentCode score\n      }\n    }\n  "): typeof import('./graphql.ts').EnterSatisfactionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Score on SchedulingScore { objective overloadVcpu idleVcpu transferredVcpu migratedSystems unplacedVcpu }\n"): typeof import('./graphql.ts').ScoreFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NodeRef on Node { id nameZh nameEn }\n"): typeof import('./graphql.ts').NodeRefFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Plan on SchedulingPlan {\n    computedAt solverStatus solveMs score { ...Score } greedyScore { ...Score }\n    moves { key kind fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn }\n    pools {\n      nodeId node { nameZh nameEn } arch total allocatedBefore allocatedAfter ratioBefore ratioAfter cap eligible ineligibleZh ineligibleEn\n      overloaded idle\n    }\n    unplaced { code vcpu arch synthetic reasonZh reasonEn } summaryZh summaryEn\n    policy { overloadCeiling usageTarget emergencyReserveShare formulas { code zh en } }\n  }\n"): typeof import('./graphql.ts').PlanFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SchedulingPlan { schedulingPlan { ...Plan } }\n  "): typeof import('./graphql.ts').SchedulingPlanDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SchedulingWhatIf($scenario: SchedulingScenarioInput!) {\n      schedulingWhatIf(scenario: $scenario) {\n        indicators {\n          code nameZh nameEn vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter\n        }\n        baseline { score { ...Score } }\n        scenario { ...Plan }\n        notesZh notesEn\n      }\n    }\n  "): typeof import('./graphql.ts').SchedulingWhatIfDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Order on SchedulingOrder {\n    id code kind status fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn reason proposedBy proposedAt\n    events { at actor from to note }\n  }\n"): typeof import('./graphql.ts').OrderFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SchedulingOrders { schedulingOrders(limit: 100) { ...Order } }\n  "): typeof import('./graphql.ts').SchedulingOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ProposeSchedulingOrders($keys: [String!]!) { proposeSchedulingOrders(moveKeys: $keys) { id } }\n  "): typeof import('./graphql.ts').ProposeSchedulingOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ApproveSchedulingOrder($id: ID!) { approveSchedulingOrder(id: $id) { id status } }\n  "): typeof import('./graphql.ts').ApproveSchedulingOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ExecuteSchedulingOrder($id: ID!) { executeSchedulingOrder(id: $id) { id status } }\n  "): typeof import('./graphql.ts').ExecuteSchedulingOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation RejectSchedulingOrder($id: ID!, $reason: String!) { rejectSchedulingOrder(id: $id, reason: $reason) { id status } }\n  "): typeof import('./graphql.ts').RejectSchedulingOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation VerifySchedulingOrders { verifySchedulingOrders { id status } }\n  "): typeof import('./graphql.ts').VerifySchedulingOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ProposeSchedulingOrder($move: SchedulingMoveInput!) { proposeSchedulingOrder(move: $move) { id code } }\n  "): typeof import('./graphql.ts').ProposeSchedulingOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query CitySchedulingOrders($code: ID!) { schedulingOrders(cityCode: $code, limit: 20) { ...Order } }\n  "): typeof import('./graphql.ts').CitySchedulingOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SchedulingFlows { schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }\n  "): typeof import('./graphql.ts').SchedulingFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CapacityFigure on Capacity {\n    total allocated used allocationRatio utilization asOf stale staleNodes credibility { lastGoodPull }\n  }\n"): typeof import('./graphql.ts').CapacityFigureFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ScreenHeadline {\n      province {\n        nodeCount\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        provincialNode {\n          id nameZh nameEn\n          vcpu { ...CapacityFigure }\n          dataCentres { id nameZh nameEn vcpu { ...CapacityFigure } }\n        }\n      }\n    }\n  "): typeof import('./graphql.ts').ScreenHeadlineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NodeFacts on Node {\n    id kind nameZh nameEn regionCode live goLiveDate dockingDate interconnectEnabled interconnectDate securityPlatformDate\n    plannedGoLiveDate plannedDockingDate\n  }\n"): typeof import('./graphql.ts').NodeFactsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FormulaText on Formula { code zh en }\n"): typeof import('./graphql.ts').FormulaTextFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IndicatorStatusFigure on IndicatorEvaluation {\n    status current projected atDeadline gap { met amount zh en }\n  }\n"): typeof import('./graphql.ts').IndicatorStatusFigureFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CityIndicators on Indicators {\n    scope\n    migrationRate { value onCloud inScope target formula { ...FormulaText } }\n    usageRate { value utilization target formula { ...FormulaText } utilizationFormula { ...FormulaText } }\n    evaluation {\n      basis start deadline daysLeft status formula { ...FormulaText }\n      migration { ...IndicatorStatusFigure }\n      usage { ...IndicatorStatusFigure }\n    }\n  }\n"): typeof import('./graphql.ts').CityIndicatorsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RankingFigure on RankingEntry { rank value status scope city { code } }\n"): typeof import('./graphql.ts').RankingFigureFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ScreenCities {\n      province { provincialNode { id nameZh nameEn vcpu { stale } dataCentres { id nameZh nameEn } } }\n      cities {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes { ...NodeFacts }\n        indicators { ...CityIndicators }\n      }\n      usageRanking: rankings(by: USAGE_RATE) { ...RankingFigure }\n      migrationRanking: rankings(by: MIGRATION_RATE) { ...RankingFigure }\n    }\n  "): typeof import('./graphql.ts').ScreenCitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ScreenMilestones {\n      milestones { code kind titleZh titleEn unit plannedValue dueDate actualAtDue actualNow achievedOn status }\n    }\n  "): typeof import('./graphql.ts').ScreenMilestonesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HistorySeries on Series { measure stepSeconds points { t v } }\n"): typeof import('./graphql.ts').HistorySeriesFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VcpuHistory on Capacity {\n    total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n    used: history(measure: USED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }\n  }\n"): typeof import('./graphql.ts').VcpuHistoryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ProvinceVcpuHistory($from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      province { vcpu { ...VcpuHistory } }\n    }\n  "): typeof import('./graphql.ts').ProvinceVcpuHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query City($code: ID!) {\n      city(code: $code) {\n        code nameZh nameEn group\n        vcpu { ...CapacityFigure }\n        memory { ...CapacityFigure }\n        storage { ...CapacityFigure }\n        nodes {\n          ...NodeFacts\n          vcpu { ...CapacityFigure }\n          memory { ...CapacityFigure }\n          storage { ...CapacityFigure }\n          dataCentres { id nameZh nameEn }\n        }\n        indicators { ...CityIndicators }\n      }\n    }\n  "): typeof import('./graphql.ts').CityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query CityVcpuHistory($code: ID!, $from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {\n      city(code: $code) { vcpu { ...VcpuHistory } }\n    }\n  "): typeof import('./graphql.ts').CityVcpuHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeverityCounts on SeverityCounts { info low medium high critical total }\n"): typeof import('./graphql.ts').SeverityCountsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecurityPostureRow on SecurityPosture {\n    nodeId node { nameZh nameEn regionCode } platformLive open { ...SeverityCounts } dengbaoLevel lastAssessmentDate assessmentOverdue\n    policiesTotal policiesViolated lastReportAt secondsSinceLastReport silent\n  }\n"): typeof import('./graphql.ts').SecurityPostureRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AlertRow on Alert { id ruleId state severity nodeId regionCode summaryZh summaryEn firedAt acknowledgedBy silenced }\n"): typeof import('./graphql.ts').AlertRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query SecurityOverview($cityCode: ID) {\n      securityOverview(cityCode: $cityCode) { open { ...SeverityCounts } silentNodes livePlatforms nodes { ...SecurityPostureRow } }\n      securityEvents(cityCode: $cityCode, minSeverity: HIGH, limit: 8) {\n        events { id nodeId occurredAt category severity asset description open }\n      }\n    }\n  "): typeof import('./graphql.ts').SecurityOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query Alerts($cityCode: ID) {\n      alerts(cityCode: $cityCode, states: [FIRING, ACKNOWLEDGED], limit: 50) { ...AlertRow }\n    }\n  "): typeof import('./graphql.ts').AlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation AcknowledgeAlert($id: ID!) {\n      acknowledgeAlert(id: $id) { id state acknowledgedBy }\n    }\n  "): typeof import('./graphql.ts').AcknowledgeAlertDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
