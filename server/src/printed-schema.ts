/**
 * The schema as a file for clients: server/schema.graphql is the SDL buildApp serves by default
 * (not the federation subgraph variant), printed by graphql-js. The console's code generator reads
 * that file (web/codegen.ts), never the server's code; test/printed-schema.spec.ts fails when the
 * checked-in copy differs from what this prints.
 */
import { fileURLToPath } from 'node:url';
import { buildSchema, printSchema } from 'graphql';
import { typeDefs } from './app.ts';

export const PRINTED_SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

const HEADER = `# GENERATED from the server's typeDefs (server/src/app.ts) by server/src/cli/print-schema.ts: do not edit.
# Regenerate with \`pnpm --filter @gcc/server run print-schema\` (web's typecheck runs it first).
`;

/** The SDL of every module, as mercurius builds it (scalars DateTime and Date included), with the header. */
export function printedSchema(): string {
  return `${HEADER}\n${printSchema(buildSchema(typeDefs))}\n`;
}
