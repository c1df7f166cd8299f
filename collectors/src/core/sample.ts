/**
 * One sample and its Prometheus text form: names, label escaping and number formatting live here
 * and nowhere else.
 */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  timestampMs: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** `name{a="x",b="y"} value timestampMs`; throws on a name VictoriaMetrics would drop silently. */
export function formatSample(s: Sample): string {
  if (!METRIC_NAME.test(s.name)) throw new Error(`invalid metric name "${s.name}"`);
  if (!Number.isInteger(s.timestampMs)) throw new Error(`sample ${s.name} has a non-integer timestamp ${s.timestampMs}`);
  const labels = Object.entries(s.labels).map(([k, v]) => {
    if (!LABEL_NAME.test(k)) throw new Error(`invalid label name "${k}" on ${s.name}`);
    return `${k}="${escapeLabelValue(v)}"`;
  });
  return `${s.name}${labels.length ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)} ${s.timestampMs}`;
}
