/** RFC 5424 lines as a syslog-only platform writes them, with the province's SD element. */
import { SYSLOG_SD_ID, syslogSeverityOf } from '@gcc/domain';
import type { SimEvent } from './event-stream.ts';

/** Facility 10: security/authorization messages (RFC 5424 table 1). */
const FACILITY = 10;

const esc = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);

export function formatSyslog5424(e: SimEvent, o: { token: string; hostname: string; appName?: string }): string {
  const pri = FACILITY * 8 + syslogSeverityOf(e.severity);
  const sd = `[${SYSLOG_SD_ID} token="${esc(o.token)}" category="${e.category}" asset="${esc(e.asset)}" id="${esc(e.id)}" state="${e.state}"]`;
  return `<${pri}>1 ${e.occurredAt} ${o.hostname} ${o.appName ?? 'soc'} - ${e.category} ${sd} \uFEFF${e.description}`;
}

/** RFC 6587 octet counting for TCP: "LEN SP MSG". */
export function octetCounted(line: string): Buffer {
  const body = Buffer.from(line, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'latin1'), body]);
}
