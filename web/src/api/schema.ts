/**
 * Response types for the server's GraphQL schema, written by hand to mirror its SDL
 * (DateTime = ISO string, Date = 'YYYY-MM-DD'). Change them together with the server.
 */
import type { NodeKind } from '@gcc/domain';

export type ApiNodeKind = 'PROVINCIAL' | 'CITY' | 'PRD';

export interface Meta {
  simulated: boolean;
  simulationSeed: number | null;
  dataAsOf: string | null;
  staleAfterSeconds: number;
}

/** vCPU in counts; memory and storage in bytes (display with RESOURCE_METRICS). null = no data. */
export interface Capacity {
  total: number | null;
  allocated: number | null;
  used: number | null;
  /** total − allocated. */
  free: number | null;
  /** allocated ÷ total. */
  allocationRatio: number | null;
  /** used ÷ total (actual utilization). */
  utilization: number | null;
  asOf: string | null;
  stale: boolean;
  staleNodes: string[];
  credibility: Credibility;
}

export type ApiResource = 'VCPU' | 'MEMORY' | 'STORAGE';
export type ApiMeasure = 'TOTAL' | 'ALLOCATED' | 'USED';

export interface Point {
  t: string;
  v: number;
}

/** Capacity.history(measure, from, to, stepSeconds): steps with no data are left out. */
export interface Series {
  resource: ApiResource;
  measure: ApiMeasure;
  from: string;
  to: string;
  stepSeconds: number;
  points: Point[];
}

/** Where a number comes from and how fresh it is. */
export interface Credibility {
  origin: 'COLLECTED' | 'REGISTRY';
  /** The oldest last good pull among the sources: the number is at least this fresh. */
  lastGoodPull: string | null;
  stale: boolean;
  staleNodes: string[];
}

export interface Province {
  vcpu: Capacity;
  memory: Capacity;
  storage: Capacity;
  /** Nodes live today. */
  nodeCount: number;
  provincialNode: Node | null;
  cities: City[];
}

export interface Node {
  id: string;
  kind: ApiNodeKind;
  nameZh: string;
  nameEn: string;
  regionCode: string;
  goLiveDate: string | null;
  dockingDate: string | null;
  interconnectEnabled: boolean;
  interconnectDate: string | null;
  securityPlatformDate: string | null;
  plannedGoLiveDate: string | null;
  plannedDockingDate: string | null;
  /** Go-live date reached at the time of the request. */
  live: boolean;
  vcpu: Capacity;
  memory: Capacity;
  storage: Capacity;
  dataCentres: DataCentre[];
}

/** A data centre of a node (the provincial node runs two: 名美 and 东涌). */
export interface DataCentre {
  id: string;
  nameZh: string;
  nameEn: string;
  vcpu: Capacity;
  memory: Capacity;
  storage: Capacity;
}

export type ApiCityGroup = 'PROVINCE_BUILT' | 'PRD';

/** One of the 21 cities; capacities are sums over its nodes. */
export interface City {
  code: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  group: ApiCityGroup;
  nodes: Node[];
  vcpu: Capacity;
  memory: Capacity;
  storage: Capacity;
}

const KINDS: Readonly<Record<ApiNodeKind, NodeKind>> = Object.freeze({ PROVINCIAL: 'provincial', CITY: 'city', PRD: 'prd' });

export function nodeKindFromApi(kind: ApiNodeKind): NodeKind {
  return KINDS[kind];
}

/* Indicators (server module indicators): formulas as data, evaluation and rankings. */

export interface Formula {
  code: string;
  zh: string;
  en: string;
}

export type ApiEvaluationScope = 'EVALUATED' | 'DISPLAY_ONLY' | 'NOT_LIVE' | 'PROVINCIAL';
export type ApiIndicatorStatus = 'ON_TRACK' | 'AT_RISK' | 'MET' | 'MISSED';
export type ApiRankingKey = 'MIGRATION_RATE' | 'USAGE_RATE' | 'UTILIZATION';

export interface MigrationRate {
  /** onCloud ÷ inScope; null when nothing is in scope. */
  value: number | null;
  registered: number;
  onCloud: number;
  classified: number;
  exempt: number;
  inScope: number;
  target: number;
  formula: Formula;
  credibility: Credibility;
}

export interface UsageRate {
  value: number | null;
  vcpu: number | null;
  memory: number | null;
  storage: number | null;
  utilization: number | null;
  target: number;
  formula: Formula;
  utilizationFormula: Formula;
  credibility: Credibility;
}

export interface Gap {
  met: boolean;
  amount: number | null;
  unit: string;
  zh: string;
  en: string;
}

export interface IndicatorEvaluation {
  status: ApiIndicatorStatus;
  target: number;
  current: number | null;
  atDeadline: number | null;
  projected: number | null;
  gap: Gap;
}

export interface Evaluation {
  basis: 'GO_LIVE' | 'INTERCONNECT';
  start: string;
  deadline: string;
  deadlineInstant: string;
  daysLeft: number;
  status: ApiIndicatorStatus;
  migration: IndicatorEvaluation;
  usage: IndicatorEvaluation;
  formula: Formula;
}

export interface Indicators {
  at: string;
  scope: ApiEvaluationScope;
  migrationRate: MigrationRate;
  usageRate: UsageRate;
  /** Null unless scope is EVALUATED. */
  evaluation: Evaluation | null;
}

export interface RankingEntry {
  /** 1 = best; equal values share a rank; null values are last, unranked. */
  rank: number | null;
  value: number | null;
  city: Pick<City, 'code'>;
  status: ApiIndicatorStatus | null;
  scope: ApiEvaluationScope;
}

/** A milestone of the plan with its actual progress (server module milestones). */
export interface MilestoneProgress {
  code: string;
  /** @gcc/domain MilestoneKind, e.g. 'city-nodes-live'. */
  kind: string;
  titleZh: string;
  titleEn: string;
  unit: string;
  plannedValue: number;
  dueDate: string | null;
  relativeMonths: number | null;
  /** The actual value at the end of the due date (China time); null before it. */
  actualAtDue: number | null;
  actualNow: number | null;
  achievedOn: string | null;
  status: ApiIndicatorStatus | null;
}
