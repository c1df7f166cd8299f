/**
 * Writes server/schema.graphql, the SDL the server serves (generated; do not edit it by hand):
 *
 *   tsx src/cli/print-schema.ts        (pnpm --filter @gcc/server run print-schema)
 *
 * The console generates its GraphQL types from that file; web's typecheck runs this first.
 * The file is written only when its content changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PRINTED_SCHEMA_FILE, printedSchema } from '../printed-schema.ts';
import { runCli } from './run-cli.ts';

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

runCli(async () => {
  const sdl = printedSchema();
  const name = relative(process.cwd(), PRINTED_SCHEMA_FILE);
  if (readOrEmpty(PRINTED_SCHEMA_FILE) === sdl) {
    console.log(`${name}: up to date`);
    return;
  }
  writeFileSync(PRINTED_SCHEMA_FILE, sdl);
  console.log(`${name}: written`);
});
