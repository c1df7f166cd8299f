/**
 * Query documents of the big screen (/screen) and the city dashboard (/city/:code), one per panel so
 * that one failing panel does not blank the others. Each stays within the server's limits (depth ≤ 6,
 * ≤ 15 aliases).
 */
import { defineQuery } from './client.ts';
import type {
  ApiMeasure,
  Capacity,
  City,
  Credibility,
  DataCentre,
  Evaluation,
  Formula,
  IndicatorEvaluation,
  Indicators,
  MigrationRate,
  MilestoneProgress,
  Node,
  Province,
  RankingEntry,
  Series,
  UsageRate,
} from './schema.ts';

/** The capacity fields a screen figure reads. */
export type CapacityFigure = Pick<
  Capacity,
  'total' | 'allocated' | 'used' | 'allocationRatio' | 'utilization' | 'asOf' | 'stale' | 'staleNodes'
> & { credibility: Pick<Credibility, 'lastGoodPull'> };

const CAPACITY_FIELDS = 'total allocated used allocationRatio utilization asOf stale staleNodes credibility { lastGoodPull }';

export type ScreenDataCentre = Pick<DataCentre, 'id' | 'nameZh' | 'nameEn'> & { vcpu: CapacityFigure };

export type ScreenHeadlineData = {
  province: Pick<Province, 'nodeCount'> & {
    vcpu: CapacityFigure;
    memory: CapacityFigure;
    storage: CapacityFigure;
    provincialNode:
      | (Pick<Node, 'id' | 'nameZh' | 'nameEn'> & {
          vcpu: CapacityFigure;
          dataCentres: ScreenDataCentre[];
        })
      | null;
  };
};

export const SCREEN_HEADLINE_QUERY = defineQuery<ScreenHeadlineData>(
  'ScreenHeadline',
  /* GraphQL */ `
  query ScreenHeadline {
    province {
      nodeCount
      vcpu { ${CAPACITY_FIELDS} }
      memory { ${CAPACITY_FIELDS} }
      storage { ${CAPACITY_FIELDS} }
      provincialNode {
        id nameZh nameEn
        vcpu { ${CAPACITY_FIELDS} }
        dataCentres { id nameZh nameEn vcpu { ${CAPACITY_FIELDS} } }
      }
    }
  }
`,
);

/** Registry facts about a node: dates and state, no figures. */
export type NodeFacts = Pick<
  Node,
  | 'id'
  | 'kind'
  | 'nameZh'
  | 'nameEn'
  | 'regionCode'
  | 'live'
  | 'goLiveDate'
  | 'dockingDate'
  | 'interconnectEnabled'
  | 'interconnectDate'
  | 'securityPlatformDate'
  | 'plannedGoLiveDate'
  | 'plannedDockingDate'
>;

const NODE_FACTS =
  'id kind nameZh nameEn regionCode live goLiveDate dockingDate interconnectEnabled interconnectDate securityPlatformDate plannedGoLiveDate plannedDockingDate';

export type IndicatorStatusFigure = Pick<IndicatorEvaluation, 'status' | 'current' | 'projected' | 'atDeadline'> & {
  gap: Pick<IndicatorEvaluation['gap'], 'met' | 'amount' | 'zh' | 'en'>;
};

export type CityIndicators = Pick<Indicators, 'scope'> & {
  migrationRate: Pick<MigrationRate, 'value' | 'onCloud' | 'inScope' | 'target'> & { formula: Formula };
  usageRate: Pick<UsageRate, 'value' | 'utilization' | 'target'> & { formula: Formula; utilizationFormula: Formula };
  evaluation:
    | (Pick<Evaluation, 'basis' | 'start' | 'deadline' | 'daysLeft' | 'status'> & {
        migration: IndicatorStatusFigure;
        usage: IndicatorStatusFigure;
        formula: Formula;
      })
    | null;
};

const INDICATOR_STATUS = 'status current projected atDeadline gap { met amount zh en }';
const CITY_INDICATORS = `indicators {
        scope
        migrationRate { value onCloud inScope target formula { code zh en } }
        usageRate { value utilization target formula { code zh en } utilizationFormula { code zh en } }
        evaluation {
          basis start deadline daysLeft status formula { code zh en }
          migration { ${INDICATOR_STATUS} }
          usage { ${INDICATOR_STATUS} }
        }
      }`;

export type ScreenCity = Pick<City, 'code' | 'nameZh' | 'nameEn' | 'group'> & {
  vcpu: CapacityFigure;
  memory: CapacityFigure;
  storage: CapacityFigure;
  nodes: NodeFacts[];
  indicators: CityIndicators;
};

export type ScreenRanking = Pick<RankingEntry, 'rank' | 'value' | 'status' | 'scope'> & { city: { code: string } };

export type ScreenCitiesData = {
  province: {
    provincialNode: (Pick<Node, 'id' | 'nameZh' | 'nameEn'> & { vcpu: Pick<Capacity, 'stale'>; dataCentres: Pick<DataCentre, 'id' | 'nameZh' | 'nameEn'>[] }) | null;
  };
  cities: ScreenCity[];
  usageRanking: ScreenRanking[];
  migrationRanking: ScreenRanking[];
};

const RANKING_FIELDS = 'rank value status scope city { code }';

/** Map, ranking and alerts: every city's figures, indicators and node dates, and the server's rankings. */
export const SCREEN_CITIES_QUERY = defineQuery<ScreenCitiesData>(
  'ScreenCities',
  /* GraphQL */ `
  query ScreenCities {
    province { provincialNode { id nameZh nameEn vcpu { stale } dataCentres { id nameZh nameEn } } }
    cities {
      code nameZh nameEn group
      vcpu { ${CAPACITY_FIELDS} }
      memory { ${CAPACITY_FIELDS} }
      storage { ${CAPACITY_FIELDS} }
      nodes { ${NODE_FACTS} }
      ${CITY_INDICATORS}
    }
    usageRanking: rankings(by: USAGE_RATE) { ${RANKING_FIELDS} }
    migrationRanking: rankings(by: MIGRATION_RATE) { ${RANKING_FIELDS} }
  }
`,
);

export type ScreenMilestone = Pick<
  MilestoneProgress,
  'code' | 'kind' | 'titleZh' | 'titleEn' | 'unit' | 'plannedValue' | 'dueDate' | 'actualAtDue' | 'actualNow' | 'achievedOn' | 'status'
>;

/** Plan vs actual: every milestone of the plan with its progress, as the server evaluates it. */
export const SCREEN_MILESTONES_QUERY = defineQuery<{ milestones: ScreenMilestone[] | null }>(
  'ScreenMilestones',
  /* GraphQL */ `
  query ScreenMilestones {
    milestones { code kind titleZh titleEn unit plannedValue dueDate actualAtDue actualNow achievedOn status }
  }
`,
);

export type HistoryVariables = { from: string; to: string; stepSeconds: number };
export type HistorySeries = Pick<Series, 'measure' | 'stepSeconds' | 'points'>;
export type HistoryTriple = Record<'total' | 'allocated' | 'used', HistorySeries>;

const HISTORY_FIELDS = 'measure stepSeconds points { t v }';
const historyTriple = `
      total: history(measure: TOTAL, from: $from, to: $to, stepSeconds: $stepSeconds) { ${HISTORY_FIELDS} }
      allocated: history(measure: ALLOCATED, from: $from, to: $to, stepSeconds: $stepSeconds) { ${HISTORY_FIELDS} }
      used: history(measure: USED, from: $from, to: $to, stepSeconds: $stepSeconds) { ${HISTORY_FIELDS} }`;

export const PROVINCE_VCPU_HISTORY_QUERY = defineQuery<{ province: { vcpu: HistoryTriple } }, HistoryVariables>(
  'ProvinceVcpuHistory',
  /* GraphQL */ `
  query ProvinceVcpuHistory($from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {
    province {
      vcpu {${historyTriple}
      }
    }
  }
`,
);

export type CityNode = NodeFacts & {
  vcpu: CapacityFigure;
  memory: CapacityFigure;
  storage: CapacityFigure;
  dataCentres: Pick<DataCentre, 'id' | 'nameZh' | 'nameEn'>[];
};

export type CityDetail = Pick<City, 'code' | 'nameZh' | 'nameEn' | 'group'> & {
  vcpu: CapacityFigure;
  memory: CapacityFigure;
  storage: CapacityFigure;
  nodes: CityNode[];
  indicators: CityIndicators;
};

export const CITY_QUERY = defineQuery<{ city: CityDetail }, { code: string }>(
  'City',
  /* GraphQL */ `
  query City($code: ID!) {
    city(code: $code) {
      code nameZh nameEn group
      vcpu { ${CAPACITY_FIELDS} }
      memory { ${CAPACITY_FIELDS} }
      storage { ${CAPACITY_FIELDS} }
      nodes {
        ${NODE_FACTS}
        vcpu { ${CAPACITY_FIELDS} }
        memory { ${CAPACITY_FIELDS} }
        storage { ${CAPACITY_FIELDS} }
        dataCentres { id nameZh nameEn }
      }
      ${CITY_INDICATORS}
    }
  }
`,
);

export const CITY_VCPU_HISTORY_QUERY = defineQuery<{ city: { vcpu: HistoryTriple } }, HistoryVariables & { code: string }>(
  'CityVcpuHistory',
  /* GraphQL */ `
  query CityVcpuHistory($code: ID!, $from: DateTime!, $to: DateTime!, $stepSeconds: Int!) {
    city(code: $code) {
      vcpu {${historyTriple}
      }
    }
  }
`,
);

export const MEASURE_OF: Readonly<Record<keyof HistoryTriple, ApiMeasure>> = Object.freeze({ total: 'TOTAL', allocated: 'ALLOCATED', used: 'USED' });
