/**
 * Imports a provider's weekly or monthly utilization table (XLSX or CSV) into VictoriaMetrics as the
 * node's history. The whole file is checked first; any bad header or cell rejects it, named by row
 * and column, and nothing is written.
 *
 *   tsx src/cli/import-utilization.ts FILE.xlsx|FILE.csv --node prd-foshan --vm-url http://127.0.0.1:8428 [--dry-run] [--simulated]
 *
 * The columns, units and dates are described in src/import/utilization.ts and in the template
 * (collectors/templates/utilization-template.{csv,xlsx}).
 */
import { parseArgs } from 'node:util';
import { createVmWriter } from '../core/vm-writer.ts';
import { importUtilization } from '../import/import-utilization.ts';
import { createLogger } from '../log.ts';
import { runCli, UsageError } from './run-cli.ts';

const USAGE = 'usage: import-utilization.ts FILE.xlsx|FILE.csv --node NODE_ID --vm-url URL [--dry-run] [--simulated]';

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { node: { type: 'string' }, 'vm-url': { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, simulated: { type: 'boolean', default: false } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`name exactly one file to import; ${USAGE}`);
  if (!values.node) throw new UsageError(`--node is required: the node the table describes (e.g. prd-foshan); ${USAGE}`);
  const vmUrl = values['vm-url'] ?? process.env.VM_WRITE_URL ?? process.env.VM_URL;
  if (!vmUrl && !values['dry-run']) throw new UsageError(`no VictoriaMetrics URL: pass --vm-url or export VM_URL; ${USAGE}`);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'import-utilization' });
  const writer = createVmWriter({ vmUrl: vmUrl ?? 'http://127.0.0.1:1', logger });
  const r = await importUtilization({ file: positionals[0]!, nodeId: values.node, writer, simulated: values.simulated, dryRun: values['dry-run'] });
  const dates = r.rows.map((x) => x.date).sort();
  const span = dates.length ? `${dates[0]} … ${dates.at(-1)}` : '';
  console.log(`${values['dry-run'] ? 'checked' : 'imported'} ${r.rows.length} rows (${r.samples} samples, ${span}) for ${values.node}${values['dry-run'] ? ': nothing written (--dry-run)' : ` → ${writer.vmUrl}`}`);
});
