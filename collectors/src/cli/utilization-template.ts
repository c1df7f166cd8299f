/**
 * Writes the providers' utilization-table template (generated; do not edit the outputs by hand):
 *
 *   tsx src/cli/utilization-template.ts [--out collectors/templates]
 *
 * → utilization-template.csv and utilization-template.xlsx. test/import-utilization.spec.ts checks
 * that the checked-in copies are what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { templateCsv, templateWorkbook } from '../import/template.ts';
import { runCli } from './run-cli.ts';

runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string', default: fileURLToPath(new URL('../../templates', import.meta.url)) } } });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'utilization-template.csv'), templateCsv());
  await templateWorkbook().xlsx.writeFile(join(values.out, 'utilization-template.xlsx'));
  console.log(`wrote utilization-template.csv and utilization-template.xlsx → ${values.out}`);
});
