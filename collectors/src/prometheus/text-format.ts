/**
 * The Prometheus text exposition format (version 0.0.4), read strictly: a payload that breaks the
 * format is rejected whole with the line number, never half-read. What it accepts, per the format:
 * - `# HELP name text` (text escapes `\\` and `\n`) and `# TYPE name counter|gauge|histogram|summary|untyped`;
 *   other `#` lines are comments; `# EOF` (OpenMetrics) ends the payload.
 * - `name{label="value",...} value [timestamp_ms]`: label values escape `\\`, `\"` and `\n`; a
 *   trailing comma before `}` is allowed; families may carry different label sets per sample.
 * - values are Go floats: `1`, `1.0`, `1e+06`, `-2.5E-3`, `NaN`, `+Inf`, `-Inf` (any case).
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | null;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string | null;
  samples: ExpositionSample[];
}

export class ExpositionError extends Error {
  override readonly name = 'ExpositionError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
/** Go's strconv.ParseFloat syntax, decimal only (what exporters print). */
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseSampleValue(raw: string): number | null {
  const lower = raw.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  return FLOAT.test(raw) ? Number(raw) : null;
}

function unescapeHelp(s: string): string {
  return s.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Family a sample belongs to: histogram/summary samples carry suffixes on the family's name. */
function familyName(name: string, families: ReadonlyMap<string, MetricFamily>): string {
  for (const suffix of ['_bucket', '_count', '_sum']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const f = families.get(base);
    if (f && (f.type === 'histogram' || f.type === 'summary')) return base;
  }
  return name;
}

function parseSampleLine(line: string, n: number): ExpositionSample {
  const m = NAME.exec(line);
  if (!m) throw new ExpositionError(n, `expected a metric name at "${line.slice(0, 60)}"`);
  const name = m[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const lm = LABEL_NAME.exec(line.slice(i));
      if (!lm) throw new ExpositionError(n, `expected a label name or "}" in ${name} at column ${i + 1}`);
      const label = lm[0];
      i += label.length;
      while (line[i] === ' ') i++;
      if (line[i] !== '=' ) throw new ExpositionError(n, `expected "=" after label ${label} of ${name}`);
      i++;
      while (line[i] === ' ') i++;
      if (line[i] !== '"') throw new ExpositionError(n, `label ${label} of ${name}: value must be in double quotes`);
      i++;
      let value = '';
      for (;;) {
        const c = line[i++];
        if (c === undefined) throw new ExpositionError(n, `label ${label} of ${name}: unterminated value`);
        if (c === '"') break;
        if (c === '\\') {
          const e = line[i++];
          if (e === 'n') value += '\n';
          else if (e === '\\' || e === '"') value += e;
          else throw new ExpositionError(n, `label ${label} of ${name}: invalid escape "\\${e ?? ''}"`);
        } else value += c;
      }
      if (label in labels) throw new ExpositionError(n, `label ${label} appears twice on ${name}`);
      labels[label] = value;
      while (line[i] === ' ') i++;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new ExpositionError(n, `expected "," or "}" after label ${label} of ${name}`);
    }
  }
  const rest = line.slice(i).trim().split(/[ \t]+/);
  if (rest.length === 0 || rest[0] === '' || rest.length > 2) throw new ExpositionError(n, `${name}: expected "value [timestamp]" after the labels`);
  const value = parseSampleValue(rest[0]!);
  if (value === null) throw new ExpositionError(n, `${name}: "${rest[0]}" is not a number`);
  let timestampMs: number | null = null;
  if (rest[1] !== undefined) {
    if (!/^-?\d+$/.test(rest[1])) throw new ExpositionError(n, `${name}: timestamp "${rest[1]}" is not whole milliseconds`);
    timestampMs = Number(rest[1]);
  }
  return { name, labels, value, timestampMs };
}

/** Every family in the payload, in order of first appearance. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const family = (name: string): MetricFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: null, samples: [] }));
    return f;
  };
  const lines = text.split('\n');
  for (let idx = 0; idx < lines.length; idx++) {
    const n = idx + 1;
    const line = lines[idx]!.replace(/\r$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE|EOF)(?:\s+(\S+))?(?:\s+(.*))?$/.exec(line);
      if (!m) continue; // an ordinary comment
      if (m[1] === 'EOF') break;
      const name = m[2];
      if (!name || !NAME.test(name) || NAME.exec(name)![0] !== name) throw new ExpositionError(n, `# ${m[1]} needs a valid metric name`);
      const f = family(name);
      if (m[1] === 'HELP') {
        if (f.help !== null) throw new ExpositionError(n, `second # HELP for ${name}`);
        f.help = unescapeHelp(m[3] ?? '');
      } else {
        const type = (m[3] ?? '').trim() as MetricType;
        if (!TYPES.has(type)) throw new ExpositionError(n, `# TYPE ${name}: unknown type "${m[3] ?? ''}"`);
        if (f.samples.length) throw new ExpositionError(n, `# TYPE ${name} comes after its samples`);
        f.type = type;
      }
      continue;
    }
    const s = parseSampleLine(line, n);
    family(familyName(s.name, families)).samples.push(s);
  }
  return families;
}

/** Every sample, flattened, in payload order within each family. */
export function exposedSamples(text: string): ExpositionSample[] {
  return [...parseExposition(text).values()].flatMap((f) => f.samples);
}
