/**
 * What the collector process knows about each node right now (last pull, last good pull, failures,
 * circuit), as JSON for `GET /status` and as Prometheus text for `GET /metrics`. The same figures
 * are written to VictoriaMetrics with every pull (series.ts); this view answers when
 * VictoriaMetrics itself is the thing that is down.
 */
import { CIRCUIT_STATES, COLLECTOR_METRICS, type CircuitStateName, type CmpKind } from '@gcc/domain';
import type { CollectorErrorCode } from '../errors.ts';
import type { BufferedWriterStats } from './buffered-writer.ts';
import { escapeLabelValue, formatValue } from './sample.ts';

export interface PullRecord {
  ok: boolean;
  atMs: number;
  durationSeconds: number;
  samples: number;
  error: { code: CollectorErrorCode; message: string; retryable: boolean } | null;
}

export interface NodeStatus {
  node: string;
  cmp: CmpKind;
  circuit: CircuitStateName;
  /** The time the node's next pull attempt gets (adapted to its recent pulls, pull-policy.ts). */
  attemptTimeoutMs: number;
  pullsTotal: number;
  failuresTotal: number;
  consecutiveFailures: number;
  lastSuccessMs: number | null;
  /** Seconds since the last good pull; null before the first. */
  stalenessSeconds: number | null;
  lastPull: PullRecord | null;
}

export interface CollectorStatus {
  atMs: number;
  nodes: NodeStatus[];
  buffer: BufferedWriterStats | null;
}

function metricLines(name: string, help: string, type: 'gauge' | 'counter', rows: { labels: Record<string, string>; value: number }[]): string[] {
  if (!rows.length) return [];
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const r of rows) {
    const labels = Object.entries(r.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
    out.push(`${name}${labels ? `{${labels}}` : ''} ${formatValue(r.value)}`);
  }
  return out;
}

/** Prometheus exposition text of the status (no timestamps: the scraper stamps them). */
export function statusMetricsText(s: CollectorStatus): string {
  const M = COLLECTOR_METRICS;
  const labels = (n: NodeStatus) => ({ node: n.node, cmp: n.cmp });
  const lines = [
    ...metricLines(M.lastSuccess.name, M.lastSuccess.help, 'gauge', s.nodes.filter((n) => n.lastSuccessMs !== null).map((n) => ({ labels: labels(n), value: n.lastSuccessMs! / 1000 }))),
    ...metricLines(M.pullDuration.name, M.pullDuration.help, 'gauge', s.nodes.filter((n) => n.lastPull).map((n) => ({ labels: labels(n), value: n.lastPull!.durationSeconds }))),
    ...metricLines(M.pullSamples.name, M.pullSamples.help, 'gauge', s.nodes.filter((n) => n.lastPull?.ok).map((n) => ({ labels: labels(n), value: n.lastPull!.samples }))),
    ...metricLines(M.pullFailures.name, M.pullFailures.help, 'counter', s.nodes.map((n) => ({ labels: labels(n), value: n.failuresTotal }))),
    ...metricLines(M.circuitState.name, M.circuitState.help, 'gauge', s.nodes.map((n) => ({ labels: labels(n), value: CIRCUIT_STATES[n.circuit] }))),
  ];
  if (s.buffer) {
    lines.push(...metricLines(M.bufferBytes.name, M.bufferBytes.help, 'gauge', [{ labels: {}, value: s.buffer.bytes }]));
    lines.push(...metricLines(M.bufferDropped.name, M.bufferDropped.help, 'counter', [{ labels: {}, value: s.buffer.droppedSamples }]));
  }
  return `${lines.join('\n')}\n`;
}
