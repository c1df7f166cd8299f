/**
 * Generates src/api/generated/ (web/codegen.ts), quietly: one line when done; when a document does
 * not fit the schema, the validation errors (which field, which document) and exit code 1.
 *
 *   tsx build/codegen.ts        (pnpm --filter @gcc/web run codegen; after the server's print-schema)
 */
import { generate } from '@graphql-codegen/cli';
import { codegenConfig, OUTPUT_DIR } from '../codegen.ts';

try {
  const outputs = await generate({ ...codegenConfig(), silent: true }, true);
  console.log(`${OUTPUT_DIR}: ${outputs.length} files generated from the schema and the console's documents`);
} catch (err) {
  // An AggregateError whose message joins every problem codegen found.
  console.error(`codegen failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
