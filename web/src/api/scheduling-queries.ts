/**
 * Query documents of the scheduling page, the big screen's flows and the city dashboard's orders
 * (server: modules/scheduling). Plans and flows are for province-wide viewers; a city viewer's
 * orders are those concerning its city, explained without the other end's figures.
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type {
  CpuArch,
  OrderFragment,
  PlanFragment,
  SchedulingFlowsQuery,
  SchedulingMoveInput,
  SchedulingOrderStatus,
  SchedulingScenarioInput,
} from './generated/graphql.ts';

export type Arch = CpuArch;
export type Plan = PlanFragment;
export type PlanMove = Plan['moves'][number];
export type Order = OrderFragment;
export type OrderStatus = SchedulingOrderStatus;
export type Scenario = SchedulingScenarioInput;
export type MoveInput = SchedulingMoveInput;
/** `state` is a String in the schema: RECOMMENDED, or the status of an order approved or executing. */
export type Flow = SchedulingFlowsQuery['schedulingFlows'][number];

graphql(`
  fragment Score on SchedulingScore { objective overloadVcpu idleVcpu transferredVcpu migratedSystems unplacedVcpu }
`);

graphql(`
  fragment NodeRef on Node { id nameZh nameEn }
`);

graphql(`
  fragment Plan on SchedulingPlan {
    computedAt solverStatus solveMs score { ...Score } greedyScore { ...Score }
    moves { key kind fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn }
    pools {
      nodeId node { nameZh nameEn } arch total allocatedBefore allocatedAfter ratioBefore ratioAfter cap eligible ineligibleZh ineligibleEn
      overloaded idle
    }
    unplaced { code vcpu arch synthetic reasonZh reasonEn } summaryZh summaryEn
    policy { overloadCeiling usageTarget emergencyReserveShare formulas { code zh en } }
  }
`);

export const SCHEDULING_PLAN_QUERY = defineQuery(
  graphql(`
    query SchedulingPlan { schedulingPlan { ...Plan } }
  `),
);

export const WHAT_IF_QUERY = defineQuery(
  graphql(`
    query SchedulingWhatIf($scenario: SchedulingScenarioInput!) {
      schedulingWhatIf(scenario: $scenario) {
        indicators {
          code nameZh nameEn vcpuTotalBefore vcpuTotalAfter usageRateBefore usageRateAfter migrationRateBefore migrationRateAfter
        }
        baseline { score { ...Score } }
        scenario { ...Plan }
        notesZh notesEn
      }
    }
  `),
);

/** An order carries its move (for a city viewer, explained without the other end's figures). */
graphql(`
  fragment Order on SchedulingOrder {
    id code kind status fromNode { ...NodeRef } toNode { ...NodeRef } arch vcpu explanationZh explanationEn reason proposedBy proposedAt
    events { at actor from to note }
  }
`);

export const ORDERS_QUERY = defineQuery(
  graphql(`
    query SchedulingOrders { schedulingOrders(limit: 100) { ...Order } }
  `),
);

export const PROPOSE_MUTATION = defineQuery(
  graphql(`
    mutation ProposeSchedulingOrders($keys: [String!]!) { proposeSchedulingOrders(moveKeys: $keys) { id } }
  `),
);

export const APPROVE_ORDER_MUTATION = defineQuery(
  graphql(`
    mutation ApproveSchedulingOrder($id: ID!) { approveSchedulingOrder(id: $id) { id status } }
  `),
);
export const EXECUTE_ORDER_MUTATION = defineQuery(
  graphql(`
    mutation ExecuteSchedulingOrder($id: ID!) { executeSchedulingOrder(id: $id) { id status } }
  `),
);
export const REJECT_ORDER_MUTATION = defineQuery(
  graphql(`
    mutation RejectSchedulingOrder($id: ID!, $reason: String!) { rejectSchedulingOrder(id: $id, reason: $reason) { id status } }
  `),
);
export const VERIFY_ORDERS_MUTATION = defineQuery(
  graphql(`
    mutation VerifySchedulingOrders { verifySchedulingOrders { id status } }
  `),
);

/** A move proposed by hand, checked against the same rules as the plan's (GCC_ERR_SCHED_* when it breaks one). */
export const PROPOSE_MOVE_MUTATION = defineQuery(
  graphql(`
    mutation ProposeSchedulingOrder($move: SchedulingMoveInput!) { proposeSchedulingOrder(move: $move) { id code } }
  `),
);

/** The orders concerning one city (either end a node of it), for its dashboard. */
export const CITY_ORDERS_QUERY = defineQuery(
  graphql(`
    query CitySchedulingOrders($code: ID!) { schedulingOrders(cityCode: $code, limit: 20) { ...Order } }
  `),
);

export const FLOWS_QUERY = defineQuery(
  graphql(`
    query SchedulingFlows { schedulingFlows { fromNodeId toNodeId fromRegionCode toRegionCode vcpu state } }
  `),
);
