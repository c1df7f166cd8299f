/**
 * Query documents of the scheduling page, the big screen's flows and the city dashboard's orders
 * (server: modules/scheduling). Plans and flows are for province-wide viewers; a city viewer's
 * orders are those concerning its city, explained without the other end's figures.
 */
import type { PoolFigures as DomainPoolFigures } from '@gcc/domain';
import { defineQuery } from './client.ts';

export type Arch = 'X86' | 'KUNPENG' | 'HYGON' | 'PHYTIUM';
export type OrderStatus = 'PROPOSED' | 'APPROVED' | 'EXECUTING' | 'DONE' | 'FAILED' | 'ROLLED_BACK' | 'REJECTED';

export type PoolFigures = DomainPoolFigures<Arch>;

export interface PlanPool extends PoolFigures {
  node: { nameZh: string; nameEn: string } | null;
  eligible: boolean;
  ineligibleZh: string | null;
  ineligibleEn: string | null;
  overloaded: boolean;
  idle: boolean;
}

export type NodeRef = { id: string; nameZh: string; nameEn: string };

export interface PlanMove {
  key: string;
  kind: 'QUOTA_TRANSFER' | 'PLACEMENT' | 'MIGRATION';
  fromNode: NodeRef | null;
  toNode: NodeRef;
  arch: Arch;
  vcpu: number;
  explanationZh: string;
  explanationEn: string;
}

export interface Score {
  objective: number;
  overloadVcpu: number;
  idleVcpu: number;
  transferredVcpu: number;
  migratedSystems: number;
  unplacedVcpu: number;
}

export interface Plan {
  computedAt: string;
  solverStatus: string;
  solveMs: number;
  score: Score;
  greedyScore: Score;
  moves: PlanMove[];
  pools: PlanPool[];
  unplaced: { code: string; vcpu: number; arch: Arch; synthetic: boolean; reasonZh: string; reasonEn: string }[];
  summaryZh: string;
  summaryEn: string;
  policy: { overloadCeiling: number; usageTarget: number; emergencyReserveShare: number; formulas: { code: string; zh: string; en: string }[] };
}

const SCORE = 'objective overloadVcpu idleVcpu transferredVcpu migratedSystems unplacedVcpu';
const PLAN = `computedAt solverStatus solveMs score { ${SCORE} } greedyScore { ${SCORE} }
  moves { key kind fromNode { id nameZh nameEn } toNode { id nameZh nameEn } arch vcpu explanationZh explanationEn }
  pools { nodeId node { nameZh nameEn } arch total allocatedBefore allocatedAfter ratioBefore ratioAfter cap eligible ineligibleZh ineligibleEn overloaded idle }
  unplaced { code vcpu arch synthetic reasonZh reasonEn } summaryZh summaryEn
  policy { overloadCeiling usageTarget emergencyReserveShare formulas { code zh en } }`;

export const SCHEDULING_PLAN_QUERY = defineQuery<{ schedulingPlan: Plan }>('SchedulingPlan', `query SchedulingPlan { schedulingPlan { ${PLAN} } }`);

export interface IndicatorChange {
  code: string;
  nameZh: string;
  nameEn: string;
  vcpuTotalBefore: number;
  vcpuTotalAfter: number;
  usageRateBefore: number | null;
  usageRateAfter: number | null;
  migrationRateBefore: number | null;
  migrationRateAfter: number | null;
}

export interface Scenario {
  addCapacity?: { cityCode?: string; nodeId?: string; vcpu: number }[];
  nodesDown?: string[];
  migrations?: { cityCode: string; systems: number }[];
}

export const WHAT_IF_QUERY = defineQuery<
  { schedulingWhatIf: { indicators: IndicatorChange[]; scenario: Plan; baseline: { score: Score }; notesZh: string[]; notesEn: string[] } },
  { scenario: Scenario }
>(
  'SchedulingWhatIf',
  `query SchedulingWhatIf($scenario: SchedulingScenarioInput!) { schedulingWhatIf(scenario: $scenario) {
    indicators { code nameZh nameEn vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter }
    baseline { score { ${SCORE} } } scenario { ${PLAN} } notesZh notesEn } }`,
);

/** An order carries its move (for a city viewer, explained without the other end's figures). */
export interface Order extends Omit<PlanMove, 'key'> {
  id: string;
  code: string;
  status: OrderStatus;
  reason: string | null;
  proposedBy: string;
  proposedAt: string;
  events: { at: string; actor: string; from: OrderStatus | null; to: OrderStatus; note: string | null }[];
}

const ORDER = `id code kind status fromNode { id nameZh nameEn } toNode { id nameZh nameEn } arch vcpu explanationZh explanationEn reason proposedBy proposedAt
  events { at actor from to note }`;

export const ORDERS_QUERY = defineQuery<{ schedulingOrders: Order[] }>('SchedulingOrders', `query SchedulingOrders { schedulingOrders(limit: 100) { ${ORDER} } }`);

export const PROPOSE_MUTATION = defineQuery<{ proposeSchedulingOrders: { id: string }[] }, { keys: string[] }>(
  'ProposeSchedulingOrders',
  `mutation ProposeSchedulingOrders($keys: [String!]!) { proposeSchedulingOrders(moveKeys: $keys) { id } }`,
);

export const APPROVE_ORDER_MUTATION = defineQuery<unknown, { id: string }>(
  'ApproveSchedulingOrder',
  'mutation ApproveSchedulingOrder($id: ID!) { approveSchedulingOrder(id: $id) { id status } }',
);
export const EXECUTE_ORDER_MUTATION = defineQuery<unknown, { id: string }>(
  'ExecuteSchedulingOrder',
  'mutation ExecuteSchedulingOrder($id: ID!) { executeSchedulingOrder(id: $id) { id status } }',
);
export const REJECT_ORDER_MUTATION = defineQuery<unknown, { id: string; reason: string }>(
  'RejectSchedulingOrder',
  'mutation RejectSchedulingOrder($id: ID!, $reason: String!) { rejectSchedulingOrder(id: $id, reason: $reason) { id status } }',
);
export const VERIFY_ORDERS_MUTATION = defineQuery<unknown, Record<string, never>>(
  'VerifySchedulingOrders',
  'mutation VerifySchedulingOrders { verifySchedulingOrders { id status } }',
);

export interface MoveInput {
  kind: PlanMove['kind'];
  fromNodeId: string | null;
  toNodeId: string;
  arch: Arch;
  vcpu: number;
}

/** A move proposed by hand, checked against the same rules as the plan's (GCC_ERR_SCHED_* when it breaks one). */
export const PROPOSE_MOVE_MUTATION = defineQuery<{ proposeSchedulingOrder: { id: string; code: string } }, { move: MoveInput }>(
  'ProposeSchedulingOrder',
  'mutation ProposeSchedulingOrder($move: SchedulingMoveInput!) { proposeSchedulingOrder(move: $move) { id code } }',
);

/** The orders concerning one city (either end a node of it), for its dashboard. */
export const CITY_ORDERS_QUERY = defineQuery<{ schedulingOrders: Order[] }, { code: string }>(
  'CitySchedulingOrders',
  `query CitySchedulingOrders($code: ID!) { schedulingOrders(cityCode: $code, limit: 20) { ${ORDER} } }`,
);

export interface Flow {
  fromNodeId: string;
  toNodeId: string;
  fromRegionCode: string;
  toRegionCode: string;
  vcpu: number;
  state: 'RECOMMENDED' | 'APPROVED' | 'EXECUTING';
}

export const FLOWS_QUERY = defineQuery<{ schedulingFlows: Flow[] }>(
  'SchedulingFlows',
  'query SchedulingFlows { schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }',
);
