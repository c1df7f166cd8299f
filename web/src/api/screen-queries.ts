/**
 * Query documents of the big screen (/screen) and the city dashboard (/city/:code), one per panel so
 * that one failing panel does not blank the others. Each stays within the server's limits (depth ≤ 6,
 * ≤ 15 aliases). Field lists shared by several documents are fragments; their generated types are
 * what the components receive.
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type {
  CapacityFigureFragment,
  CityIndicatorsFragment,
  FormulaTextFragment,
  HistorySeriesFragment,
  IndicatorStatusFigureFragment,
  Measure,
  NodeFactsFragment,
  RankingFigureFragment,
  ScreenCitiesQuery,
  ScreenMilestonesQuery,
  VcpuHistoryFragment,
} from './generated/graphql.ts';

/** The capacity fields a screen figure reads. */
export type CapacityFigure = CapacityFigureFragment;

graphql(`
  fragment CapacityFigure on Capacity {
    total allocated used allocationRatio utilization asOf stale staleNodes credibility { lastGoodPull }
  }
`);

export const SCREEN_HEADLINE_QUERY = defineQuery(
  graphql(`
    query ScreenHeadline {
      province {
        nodeCount
        vcpu { ...CapacityFigure }
        memory { ...CapacityFigure }
        storage { ...CapacityFigure }
        provincialNode {
          id nameZh nameEn
          vcpu { ...CapacityFigure }
          dataCentres { id nameZh nameEn vcpu { ...CapacityFigure } }
        }
      }
    }
  `),
);

/** Registry facts about a node: dates and state, no figures. */
export type NodeFacts = NodeFactsFragment;

graphql(`
  fragment NodeFacts on Node {
    id kind nameZh nameEn regionCode live goLiveDate dockingDate interconnectEnabled interconnectDate securityPlatformDate
    plannedGoLiveDate plannedDockingDate
  }
`);

export type Formula = FormulaTextFragment;
export type IndicatorStatusFigure = IndicatorStatusFigureFragment;
export type CityIndicators = CityIndicatorsFragment;

graphql(`
  fragment FormulaText on Formula { code zh en }
`);

graphql(`
  fragment IndicatorStatusFigure on IndicatorEvaluation {
    status current projected atDeadline gap { met amount zh en }
  }
`);

graphql(`
  fragment CityIndicators on Indicators {
    scope
    migrationRate { value onCloud inScope target formula { ...FormulaText } }
    usageRate { value utilization target formula { ...FormulaText } utilizationFormula { ...FormulaText } }
    evaluation {
      basis start deadline daysLeft status formula { ...FormulaText }
      migration { ...IndicatorStatusFigure }
      usage { ...IndicatorStatusFigure }
    }
  }
`);

graphql(`
  fragment RankingFigure on RankingEntry { rank value status scope city { code } }
`);

/** Map, ranking and alerts: every city's figures, indicators and node dates, and the server's rankings. */
export const SCREEN_CITIES_QUERY = defineQuery(
  graphql(`
    query ScreenCities {
      province { provincialNode { id nameZh nameEn vcpu { stale } dataCentres { id nameZh nameEn } } }
      cities {
        code nameZh nameEn group
        vcpu { ...CapacityFigure }
        memory { ...CapacityFigure }
        storage { ...CapacityFigure }
        nodes { ...NodeFacts }
        indicators { ...CityIndicators }
      }
      usageRanking: rankings(by: USAGE_RATE) { ...RankingFigure }
      migrationRanking: rankings(by: MIGRATION_RATE) { ...RankingFigure }
    }
  `),
);

export type ScreenCitiesData = ScreenCitiesQuery;
export type ScreenCity = ScreenCitiesQuery['cities'][number];
export type ScreenRanking = RankingFigureFragment;

/** Plan vs actual: every milestone of the plan with its progress, as the server evaluates it. */
export const SCREEN_MILESTONES_QUERY = defineQuery(
  graphql(`
    query ScreenMilestones {
      milestones { code kind titleZh titleEn unit plannedValue dueDate actualAtDue actualNow achievedOn status }
    }
  `),
);

export type ScreenMilestone = NonNullable<ScreenMilestonesQuery['milestones']>[number];

export type HistorySeries = HistorySeriesFragment;
/** total / allocated / used over the operation's $from, $to and $stepSeconds. */
export type HistoryTriple = VcpuHistoryFragment;

graphql(`
  fragment HistorySeries on Series { measure stepSeconds points { t v } }
`);

graphql(`
  fragment VcpuHistory on Capacity {
    total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }
    allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }
    used: history(measure: USED, from: $from, to: $to, stepSeconds: $stepSeconds) { ...HistorySeries }
  }
`);

export const PROVINCE_VCPU_HISTORY_QUERY = defineQuery(
  graphql(`
    query ProvinceVcpuHistory($from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {
      province { vcpu { ...VcpuHistory } }
    }
  `),
);

export const CITY_QUERY = defineQuery(
  graphql(`
    query City($code: ID!) {
      city(code: $code) {
        code nameZh nameEn group
        vcpu { ...CapacityFigure }
        memory { ...CapacityFigure }
        storage { ...CapacityFigure }
        nodes {
          ...NodeFacts
          vcpu { ...CapacityFigure }
          memory { ...CapacityFigure }
          storage { ...CapacityFigure }
          dataCentres { id nameZh nameEn }
        }
        indicators { ...CityIndicators }
      }
    }
  `),
);

export const CITY_VCPU_HISTORY_QUERY = defineQuery(
  graphql(`
    query CityVcpuHistory($code: ID!, $from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {
      city(code: $code) { vcpu { ...VcpuHistory } }
    }
  `),
);

export const MEASURE_OF: Readonly<Record<keyof HistoryTriple, Measure>> = Object.freeze({ total: 'TOTAL', allocated: 'ALLOCATED', used: 'USED' });
