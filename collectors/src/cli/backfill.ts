/**
 * Writes the simulated province's history to VictoriaMetrics, printing progress.
 *
 *   tsx src/cli/backfill.ts --vm-url http://127.0.0.1:8428 [--seed 2019] [--reference-date 2026-11-25] [--step 6h] [--from 2019-01-01] [--to 2026-11-25T00:00:00Z]
 *
 * Without --from each node starts at its go-live; without --to the history ends now. The province
 * is simulated as of --reference-date (default: today, UTC); the demo passes its data directory's.
 */
import { parseArgs } from 'node:util';
import { createVmWriter } from '../core/vm-writer.ts';
import { createLogger } from '../log.ts';
import { backfillHistory } from '../sim/backfill.ts';
import { DEFAULT_SIM_SEED, simulateProvince } from '../sim/province.ts';
import { parseDuration, parseInstant, parseInteger, parseReferenceDate, runCli, UsageError } from './run-cli.ts';

const USAGE = 'usage: backfill.ts --vm-url URL [--seed N] [--reference-date YYYY-MM-DD] [--step 6h] [--from DATE] [--to DATE]';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string', default: String(DEFAULT_SIM_SEED) },
        'reference-date': { type: 'string' },
        'vm-url': { type: 'string' },
        step: { type: 'string', default: '6h' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  const vmUrl = values['vm-url'] ?? process.env.VM_WRITE_URL ?? process.env.VM_URL;
  if (!vmUrl) throw new UsageError(`no VictoriaMetrics URL: pass --vm-url or export VM_URL; ${USAGE}`);
  const seed = parseInteger(values.seed, '--seed', -(2 ** 31), 2 ** 32);
  const referenceDate = parseReferenceDate(values['reference-date'], '--reference-date', Date.now());
  const stepMs = parseDuration(values.step, '--step');
  if (stepMs < 60_000) throw new UsageError(`--step must be at least 1m, got "${values.step}"`);
  const to = values.to ? parseInstant(values.to, '--to') : Date.now();
  const from = values.from ? parseInstant(values.from, '--from') : undefined;
  if (from !== undefined && from > to) throw new UsageError(`--from ${values.from} is after --to: swap them`);

  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'backfill' });
  const writer = createVmWriter({ vmUrl, logger });
  const province = simulateProvince(seed, { referenceDate });
  const started = Date.now();
  let lastPct = -1;
  const result = await backfillHistory({
    province,
    writer,
    to,
    stepMs,
    ...(from !== undefined ? { from } : {}),
    onProgress: (done, total) => {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (lastPct < 0 || pct >= lastPct + 5 || done === total) {
        lastPct = pct;
        console.log(`backfill ${pct}% (${done}/${total} samples)`);
      }
    },
  });
  const secs = (Date.now() - started) / 1000;
  console.log(`backfill done: ${result.samples} samples in ${result.series} series (SIMULATED, seed ${seed} as of ${referenceDate}, step ${values.step}) in ${secs.toFixed(1)} s → ${writer.vmUrl}`);
});
