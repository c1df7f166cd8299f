/**
 * Limits on every GraphQL operation (OWASP GraphQL cheat sheet): depth, aliases and an estimated
 * cost as validation rules (mercurius caches a document's validation, so each distinct query is
 * measured once), the number of operations in a batch, and a timeout per request.
 *
 * Depth counts field levels including leaves: `{ city { nodes { id } } }` is 3. Cost: every field
 * costs 1 (some VictoriaMetrics-backed ones more, FIELD_WEIGHTS), and a list multiplies the cost
 * of what is selected under it by the list's expected size (LIST_SIZES: the province has 21 cities
 * and 22 nodes). Introspection fields are not limited here (introspection is off in production).
 */
import {
  GraphQLError, getNamedType, getNullableType, isListType, isObjectType, isInterfaceType, Kind,
  type ASTVisitor, type FragmentDefinitionNode, type GraphQLNamedType, type OperationDefinitionNode,
  type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QueryLimits } from '../config.ts';
import { GccError } from '../errors.ts';

/** Expected sizes of lists of objects (Type.field); others count DEFAULT_LIST_SIZE. */
export const LIST_SIZES: Record<string, number> = {
  'Query.nodes': 22,
  'Query.cities': 21,
  'Query.rankings': 21,
  'Query.milestones': 30,
  'Query.formulas': 20,
  'Province.cities': 21,
  'Province.cityNodes': 14,
  'Province.prdClouds': 7,
  'Province.dataCentres': 23,
  'City.nodes': 2,
  'Node.dataCentres': 2,
  'MilestoneProgress.nodes': 22,
  'Credibility.sources': 22,
  'Gap.byResource': 3,
  // A page is at most 100 systems (limit), usually 20; a city has a few dozen departments.
  'SystemPage.items': 20,
  'City.departments': 40,
  // The points of a series are payload, not work: the series itself is one range query.
  'Series.points': 1,
};
const DEFAULT_LIST_SIZE = 10;

/** Fields that cost more than one unit: each is a VictoriaMetrics range query. */
export const FIELD_WEIGHTS: Record<string, number> = {
  'Capacity.history': 20,
};

type Fragments = (name: string) => FragmentDefinitionNode | null | undefined;

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function measure(selectionSet: SelectionSetNode, type: GraphQLNamedType, fragments: Fragments, seen: ReadonlySet<string>): Measure {
  const out: Measure = { depth: 0, aliases: 0, cost: 0 };
  for (const sel of selectionSet.selections) {
    let m: Measure;
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      if (name.startsWith('__')) continue; // __typename costs nothing; introspection is not limited here
      const fieldDef = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      const key = `${type.name}.${name}`;
      const child = sel.selectionSet && fieldDef ? measure(sel.selectionSet, getNamedType(fieldDef.type), fragments, seen) : { depth: 0, aliases: 0, cost: 0 };
      const list = fieldDef && isListType(getNullableType(fieldDef.type)) && sel.selectionSet ? (LIST_SIZES[key] ?? DEFAULT_LIST_SIZE) : 1;
      m = { depth: 1 + child.depth, aliases: (sel.alias ? 1 : 0) + child.aliases, cost: (FIELD_WEIGHTS[key] ?? 1) + list * child.cost };
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      m = measure(sel.selectionSet, type, fragments, seen);
    } else {
      const name = sel.name.value;
      const fragment = fragments(name);
      // A fragment cycle is reported by graphql's own NoFragmentCycles rule.
      if (!fragment || seen.has(name)) continue;
      m = measure(fragment.selectionSet, type, fragments, new Set([...seen, name]));
    }
    out.depth = Math.max(out.depth, m.depth);
    out.aliases += m.aliases;
    out.cost += m.cost;
  }
  return out;
}

export function measureOperation(context: ValidationContext, op: OperationDefinitionNode): Measure | null {
  const schema = context.getSchema();
  const root = op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return null;
  return measure(op.selectionSet, root, (name) => context.getFragment(name), new Set());
}

const opName = (op: OperationDefinitionNode) => (op.name ? `operation ${op.name.value}` : 'the operation');

/** Validation rules enforcing depth, aliases and cost; add them to mercurius' validationRules. */
export function queryLimitRules(limits: Pick<QueryLimits, 'depth' | 'aliases' | 'cost'>): ValidationRule[] {
  const rule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const m = measureOperation(context, op);
      if (!m) return;
      const report = (code: 'GCC_ERR_LIMIT_DEPTH' | 'GCC_ERR_LIMIT_ALIASES' | 'GCC_ERR_LIMIT_COST', message: string) =>
        context.reportError(new GraphQLError(message, { nodes: [op], extensions: { code } }));
      if (m.depth > limits.depth) report('GCC_ERR_LIMIT_DEPTH', `${opName(op)} is ${m.depth} levels deep; at most ${limits.depth} are allowed`);
      if (m.aliases > limits.aliases) report('GCC_ERR_LIMIT_ALIASES', `${opName(op)} uses ${m.aliases} aliases; at most ${limits.aliases} are allowed`);
      if (m.cost > limits.cost) {
        report('GCC_ERR_LIMIT_COST', `${opName(op)} has an estimated cost of ${m.cost}; at most ${limits.cost} is allowed (ask for fewer fields under lists, or split the query)`);
      }
    },
  });
  return [rule];
}

/** preHandler of POST /graphql: refuses batches of more than `batch` operations before any runs. */
export function checkBatchSize(body: unknown, limit: number): void {
  if (Array.isArray(body) && body.length > limit) {
    throw new GccError('GCC_ERR_LIMIT_BATCH', `the batch holds ${body.length} operations; at most ${limit} are allowed per request`);
  }
}

export function timeoutError(limitMs: number): GccError {
  return new GccError('GCC_ERR_LIMIT_TIMEOUT', `the request took longer than ${limitMs / 1000} s and was stopped; try a smaller range or fewer fields`, { retryable: true });
}

/**
 * Answers the request with GCC_ERR_LIMIT_TIMEOUT (503) if it is still running after `limitMs`.
 * Set once a request is going to execute (answers from the shared cache never need it). On
 * timeout the reply is hijacked and written directly, so the execution finishing later finds it
 * answered and sends nothing (fastify skips hijacked replies); `onTimeout` lets waiting work go.
 * Cheaper than fastify's handlerTimeout, whose AbortController costs every request.
 */
export function startRequestTimeout(request: FastifyRequest, reply: FastifyReply, limitMs: number, onTimeout: () => void): void {
  const timer = setTimeout(() => {
    if (reply.sent || reply.raw.headersSent) return;
    const err = timeoutError(limitMs);
    reply.hijack();
    reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
    reply.raw.end(JSON.stringify({ data: null, errors: [{ message: err.message, extensions: err.extensions }] }));
    request.log.warn({ url: request.url, limitMs }, 'GraphQL request timed out');
    onTimeout();
  }, limitMs);
  reply.raw.once('close', () => clearTimeout(timer));
}
