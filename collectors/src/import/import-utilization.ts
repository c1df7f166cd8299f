/**
 * Imports one provider utilization table for one node: read, validate every row (utilization.ts),
 * and only then write all samples in one request, so a bad file leaves VictoriaMetrics untouched.
 */
import { nodeDefinition } from '@gcc/domain';
import type { Sample } from '../core/sample.ts';
import { dataCentreSamples, type SeriesNode } from '../core/series.ts';
import type { VmWriter } from '../core/vm-writer.ts';
import { CollectorError } from '../errors.ts';
import { readTable } from './read-table.ts';
import { UtilizationTableError, validateUtilizationTable, type UtilizationRow } from './utilization.ts';

export interface ImportUtilizationOptions {
  file: string;
  nodeId: string;
  writer: VmWriter;
  /** Label the samples simulated (demo data). */
  simulated?: boolean;
  /** Validate only. */
  dryRun?: boolean;
  latestMs?: number;
}

export interface ImportUtilizationResult {
  rows: UtilizationRow[];
  samples: number;
}

export async function importUtilization(o: ImportUtilizationOptions): Promise<ImportUtilizationResult> {
  const def = nodeDefinition(o.nodeId);
  if (!def) throw new CollectorError('GCC_ERR_IMPORT_INVALID', `${o.file}: unknown node "${o.nodeId}": use an id such as provincial, city-shaoguan, prd-foshan`, { node: o.nodeId });
  let rows: UtilizationRow[];
  try {
    rows = validateUtilizationTable(await readTable(o.file), { dataCentres: def.dataCentres.map((d) => d.code), ...(o.latestMs !== undefined ? { latestMs: o.latestMs } : {}) });
  } catch (err) {
    if (err instanceof UtilizationTableError) throw new CollectorError('GCC_ERR_IMPORT_INVALID', `${o.file}: ${err.message}`, { node: o.nodeId, cause: err });
    const code = (err as NodeJS.ErrnoException).code;
    throw new CollectorError('GCC_ERR_IMPORT_INVALID', `${o.file}: cannot be read as a table (${code ?? (err as Error).message})`, { node: o.nodeId, cause: err });
  }
  const series: SeriesNode = { id: def.id, regionCode: def.regionCode, kind: def.kind, simulated: o.simulated ?? false };
  const samples: Sample[] = rows.flatMap((r) => [...dataCentreSamples(series, r.dc, r.figures, r.timestampMs)]);
  if (!o.dryRun) {
    await o.writer.write(samples);
    await o.writer.forceFlush();
  }
  return { rows, samples: samples.length };
}
