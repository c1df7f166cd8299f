/**
 * RFC 5424 syslog messages, parsed strictly (§6 ABNF):
 *
 *   <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
 *
 * - every header field may be the NILVALUE "-"; TIMESTAMP is RFC 3339 with at most 6 fraction
 *   digits and a mandatory offset (§6.2.3), no leap second;
 * - STRUCTURED-DATA is "-" or one or more [SD-ID *(SP PARAM="VALUE")] where inside VALUE only
 *   `\"`, `\\` and `\]` are escapes (a backslash before anything else is kept, §6.3.3);
 * - MSG starting with the UTF-8 BOM is UTF-8 (§6.4): the BOM is removed and recorded.
 * An error names the field and the 1-based column, so a platform's integrator can fix the sender.
 */

export interface SyslogMessage {
  facility: number;
  /** 0 Emergency … 7 Debug. */
  severity: number;
  version: number;
  /** null for the NILVALUE. */
  timestamp: Date | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  /** SD-ID → params; a repeated param keeps every value in order. */
  structuredData: Map<string, Map<string, string[]>>;
  msg: string;
  /** The MSG began with the BOM (declared UTF-8). */
  bom: boolean;
}

export class SyslogParseError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} (column ${column})`);
    this.name = 'SyslogParseError';
  }
}

const BOM = '\uFEFF';
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function isPrintUsAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

function parseTimestamp(v: string, col: number): Date {
  const m = TIMESTAMP.exec(v);
  if (!m) throw new SyslogParseError(`TIMESTAMP "${v}" is not RFC 3339 with an offset (e.g. 2026-11-25T08:30:00.123+08:00)`, col);
  const [, y, mo, d, h, mi, s, , off] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new SyslogParseError(`TIMESTAMP "${v}" is out of range (RFC 5424 forbids leap seconds)`, col);
  }
  if (off !== 'Z' && (Number(off!.slice(1, 3)) > 23 || Number(off!.slice(4, 6)) > 59)) throw new SyslogParseError(`TIMESTAMP offset "${off}" is out of range`, col);
  const date = new Date(v);
  // Date would roll 2026-02-30 over to March: check the calendar day survived.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number.isNaN(date.getTime()) || check.getUTCDate() !== Number(d)) throw new SyslogParseError(`TIMESTAMP "${v}" is not a calendar date`, col);
  return date;
}

export function parseSyslog5424(input: string): SyslogMessage {
  const line = input.replace(/\r?\n$/, '');
  let pos = 0;
  const col = () => pos + 1;

  if (line[pos] !== '<') throw new SyslogParseError('expected "<PRI>" at the start (is this RFC 3164 syslog? send RFC 5424)', col());
  const close = line.indexOf('>', pos);
  const pri = line.slice(1, close);
  if (close < 0 || !/^(0|[1-9]\d{0,2})$/.test(pri) || Number(pri) > 191) throw new SyslogParseError(`PRI "${pri}" must be 0..191 without leading zeros`, col());
  const prival = Number(pri);
  pos = close + 1;

  const field = (name: string, max: number): string => {
    const start = pos;
    const end = line.indexOf(' ', pos);
    if (end < 0) throw new SyslogParseError(`${name} is missing or not followed by a space`, start + 1);
    const v = line.slice(pos, end);
    if (!v.length || v.length > max || !isPrintUsAscii(v)) throw new SyslogParseError(`${name} "${v}" must be 1..${max} printable US-ASCII characters or "-"`, start + 1);
    pos = end + 1;
    return v;
  };
  const nil = (v: string) => (v === '-' ? null : v);

  const vStart = pos;
  const version = field('VERSION', 2);
  if (version !== '1') throw new SyslogParseError(`VERSION "${version}" is not 1`, vStart + 1);
  const tStart = pos;
  const ts = field('TIMESTAMP', 64);
  const timestamp = ts === '-' ? null : parseTimestamp(ts, tStart + 1);
  const hostname = nil(field('HOSTNAME', 255));
  const appName = nil(field('APP-NAME', 48));
  const procId = nil(field('PROCID', 128));
  // MSGID is followed by a space and STRUCTURED-DATA, which is never empty.
  const msgId = nil(field('MSGID', 32));

  const structuredData = new Map<string, Map<string, string[]>>();
  if (line[pos] === '-') {
    pos++;
  } else if (line[pos] === '[') {
    while (line[pos] === '[') {
      pos++;
      const idStart = pos;
      while (pos < line.length && !' =]"'.includes(line[pos]!)) pos++;
      const id = line.slice(idStart, pos);
      if (!id.length || id.length > 32 || !isPrintUsAscii(id)) throw new SyslogParseError(`SD-ID "${id}" must be 1..32 printable characters`, idStart + 1);
      if (structuredData.has(id)) throw new SyslogParseError(`SD-ID "${id}" appears twice (RFC 5424 §6.3.2)`, idStart + 1);
      const params = new Map<string, string[]>();
      structuredData.set(id, params);
      while (line[pos] === ' ') {
        pos++;
        const nStart = pos;
        while (pos < line.length && !' =]"'.includes(line[pos]!)) pos++;
        const name = line.slice(nStart, pos);
        if (!name.length || name.length > 32 || !isPrintUsAscii(name)) throw new SyslogParseError(`PARAM-NAME "${name}" must be 1..32 printable characters`, nStart + 1);
        if (line[pos] !== '=' || line[pos + 1] !== '"') throw new SyslogParseError(`expected ="…" after PARAM-NAME "${name}"`, pos + 1);
        pos += 2;
        let value = '';
        for (;;) {
          if (pos >= line.length) throw new SyslogParseError(`PARAM-VALUE of "${name}" is not closed with "`, pos + 1);
          const c = line[pos]!;
          if (c === '\\' && (line[pos + 1] === '"' || line[pos + 1] === '\\' || line[pos + 1] === ']')) {
            value += line[pos + 1];
            pos += 2;
          } else if (c === '"') {
            pos++;
            break;
          } else if (c === ']') {
            throw new SyslogParseError(`"]" inside PARAM-VALUE of "${name}" must be escaped as \\]`, pos + 1);
          } else {
            value += c;
            pos++;
          }
        }
        const values = params.get(name);
        if (values) values.push(value);
        else params.set(name, [value]);
      }
      if (line[pos] !== ']') throw new SyslogParseError(`SD-ELEMENT "${id}" is not closed with "]"`, col());
      pos++;
    }
  } else {
    throw new SyslogParseError('STRUCTURED-DATA must be "-" or start with "["', col());
  }

  let msg = '';
  let bom = false;
  if (pos < line.length) {
    if (line[pos] !== ' ') throw new SyslogParseError('expected a space between STRUCTURED-DATA and MSG', col());
    msg = line.slice(pos + 1);
    if (msg.startsWith(BOM)) {
      bom = true;
      msg = msg.slice(1);
    }
  }
  return {
    facility: prival >> 3, severity: prival & 7, version: 1, timestamp, hostname, appName, procId, msgId, structuredData, msg, bom,
  };
}

/** Escapes a PARAM-VALUE (for senders: the simulator, tests). */
export function escapeSdValue(v: string): string {
  return v.replace(/[\\"\]]/g, (c) => `\\${c}`);
}
