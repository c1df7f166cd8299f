/** A small reader of the Prometheus text exposition format: enough for /federate output. */
export interface TextSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | null;
}

function parseValue(raw: string): number {
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  const v = Number(raw);
  if (raw === '' || Number.isNaN(v)) throw new Error(`not a sample value: "${raw}"`);
  return v;
}

/** Parses one line; throws on malformed input so a broken payload is not half-read. */
export function parseLine(line: string): TextSample {
  const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)/);
  if (!m) throw new Error(`not a sample line: "${line.slice(0, 80)}"`);
  const name = m[1]!;
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const lm = line.slice(i).match(/^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/);
      if (!lm) throw new Error(`bad label in "${line.slice(0, 80)}"`);
      i += lm[0].length;
      let value = '';
      for (;;) {
        const c = line[i++];
        if (c === undefined) throw new Error(`unterminated label value in "${line.slice(0, 80)}"`);
        if (c === '"') break;
        if (c === '\\') {
          const n = line[i++];
          value += n === 'n' ? '\n' : (n ?? '');
        } else value += c;
      }
      labels[lm[1]!] = value;
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const value = parseValue(rest[0] ?? '');
  const timestampMs = rest[1] !== undefined ? Number(rest[1]) : null;
  if (timestampMs !== null && !Number.isFinite(timestampMs)) throw new Error(`bad timestamp in "${line.slice(0, 80)}"`);
  return { name, labels, value, timestampMs };
}

export function parsePrometheusText(text: string): TextSample[] {
  const out: TextSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    out.push(parseLine(line));
  }
  return out;
}
