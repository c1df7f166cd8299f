import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown, what: string): Date {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw new GraphQLError(`${what} must be an ISO 8601 date`, { extensions: { code: 'GCC_ERR_INPUT_DATE' } });
  return d;
}

/** An instant, serialized as an ISO 8601 string in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => toDate(v, 'DateTime').toISOString(),
  parseValue: (v) => toDate(v, 'DateTime'),
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : null, 'DateTime'),
});

/** A calendar day, serialized as YYYY-MM-DD (dates in the registry are stored as UTC days). */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => toDate(v, 'Date').toISOString().slice(0, 10),
  parseValue: (v) => toDate(v, 'Date'),
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : null, 'Date'),
});
