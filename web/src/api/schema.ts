/**
 * Names the console gives to the schema's enums, and their mapping to @gcc/domain. The types
 * themselves are generated from the server's schema (generated/graphql.ts); nothing here mirrors it.
 */
import type { NodeKind } from '@gcc/domain';
import type { EvaluationScope, IndicatorStatus, NodeKind as GeneratedNodeKind } from './generated/graphql.ts';

export type ApiNodeKind = GeneratedNodeKind;
export type ApiEvaluationScope = EvaluationScope;
export type ApiIndicatorStatus = IndicatorStatus;

const KINDS: Readonly<Record<ApiNodeKind, NodeKind>> = Object.freeze({ PROVINCIAL: 'provincial', CITY: 'city', PRD: 'prd' });

export function nodeKindFromApi(kind: ApiNodeKind): NodeKind {
  return KINDS[kind];
}
