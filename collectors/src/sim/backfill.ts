/**
 * Writes the simulated province's history into VictoriaMetrics: capacityAt(t) of every node, data
 * centre, resource and measure from each node's go-live (or `from`) to `to`, every `stepMs`, with
 * the live collector's own labels (core/series.ts). Timestamps sit on a grid of `stepMs` from the
 * epoch, so running it again writes the same samples, which deduplication stores once.
 */
import { nodeDefinition, RESOURCES, type Resource } from '@gcc/domain';
import type { DataCentreFigures } from '../core/cmp-adapter.ts';
import type { Sample } from '../core/sample.ts';
import { dataCentreSamples, type SeriesNode } from '../core/series.ts';
import { createVmWriter, type VmWriter } from '../core/vm-writer.ts';
import type { Logger } from '../log.ts';
import type { CapacityFigures } from './capacity.ts';
import { dateMs } from './dates.ts';
import type { SimulatedProvince } from './province.ts';
import { simRatios } from './sim-ratios.ts';

export interface BackfillOptions {
  province: SimulatedProvince;
  /** Where to write (VM_URL / VM_WRITE_URL); or pass a writer. */
  vmUrl?: string;
  writer?: VmWriter;
  /** Earliest instant (ms); each node starts at the later of this and its go-live. */
  from?: number;
  to: number;
  stepMs: number;
  /** Only these nodes (default: all). */
  nodeIds?: readonly string[];
  /** Samples per write (default 50,000). */
  chunkSize?: number;
  /** Writes in flight at once (default 3). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  logger?: Logger;
}

export interface BackfillResult {
  samples: number;
  series: number;
  from: number;
  to: number;
}

const UNIT: Record<Resource, number> = { vcpu: 1, memory: 1024 ** 2, storage: 1024 ** 3 };
/** vCPU + 3 measures + physical, for memory and storage too. */
const SAMPLES_PER_DC_STEP = RESOURCES.length * 4;

/**
 * The simulated CMP reports physical capacity (Placement's total − reserved) as well; derive it the
 * same way so history and live pulls agree.
 */
export function withPhysical(c: CapacityFigures, ratios: { vcpu: number; memory: number; disk: number }): DataCentreFigures {
  const physical = (r: Resource, ratio: number) => Math.round(c[r].total / UNIT[r] / ratio) * UNIT[r];
  return {
    vcpu: { ...c.vcpu, physical: physical('vcpu', ratios.vcpu) },
    memory: { ...c.memory, physical: physical('memory', ratios.memory) },
    storage: { ...c.storage, physical: physical('storage', ratios.disk) },
  };
}

export async function backfillHistory(o: BackfillOptions): Promise<BackfillResult> {
  if (!(o.stepMs >= 1000) || !Number.isInteger(o.stepMs)) throw new Error(`backfill step must be a whole number of ms ≥ 1000, got ${o.stepMs}`);
  if (!Number.isFinite(o.to)) throw new Error('backfill needs a finite `to`');
  const writer = o.writer ?? (o.vmUrl ? createVmWriter({ vmUrl: o.vmUrl, ...(o.logger ? { logger: o.logger } : {}) }) : null);
  if (!writer) throw new Error('backfillHistory needs vmUrl or writer');
  const chunkSize = o.chunkSize ?? 50_000;
  const wanted = o.nodeIds ? new Set(o.nodeIds) : null;

  const plans = o.province.nodes
    .filter((n) => !wanted || wanted.has(n.id))
    .map((n) => {
      const def = nodeDefinition(n.id);
      if (!def) throw new Error(`simulated node ${n.id} is not one of the plan's nodes`);
      const start = Math.max(dateMs(n.goLiveDate), o.from ?? -Infinity);
      const first = Math.ceil(start / o.stepMs) * o.stepMs;
      const steps = first > o.to ? 0 : Math.floor((o.to - first) / o.stepMs) + 1;
      const series: SeriesNode = { id: n.id, regionCode: def.regionCode, kind: def.kind, simulated: true };
      return { node: n, series, first, steps, ratios: simRatios(o.province, n.id) };
    });
  const total = plans.reduce((s, p) => s + p.steps * p.node.dataCentres.length * SAMPLES_PER_DC_STEP, 0);

  let done = 0;
  let chunk: Sample[] = [];
  // Generating samples and VictoriaMetrics ingesting them overlap: a few writes stay in flight.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const flush = async () => {
    if (!chunk.length) return;
    const batch = chunk;
    chunk = [];
    const p: Promise<void> = writer.write(batch).then(
      () => {
        done += batch.length;
        o.onProgress?.(done, total);
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= (o.concurrency ?? 3)) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  o.onProgress?.(0, total);
  for (const p of plans) {
    for (let i = 0; i < p.steps; i++) {
      const t = p.first + i * o.stepMs;
      for (const dc of p.node.dataCentres) {
        const figures = withPhysical(o.province.capacityAt(p.node.id, dc, t), p.ratios);
        for (const s of dataCentreSamples(p.series, dc, figures, t)) chunk.push(s);
      }
      if (chunk.length >= chunkSize) await flush();
    }
  }
  await flush();
  await Promise.all(inFlight);
  if (failure) throw failure;
  await writer.forceFlush();
  return { samples: done, series: plans.reduce((s, p) => s + (p.steps ? p.node.dataCentres.length * SAMPLES_PER_DC_STEP : 0), 0), from: Math.min(...plans.map((p) => p.first)), to: o.to };
}
