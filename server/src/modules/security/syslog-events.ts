/**
 * From an RFC 5424 message to a normalized event. The province's SD element carries what syslog
 * itself has no field for (SYSLOG_SD_ID, see @gcc/domain):
 *
 *   <PRI>1 TIMESTAMP HOST APP PROCID MSGID [gcc@32473 token="gccsec_…" category="intrusion" asset="10.2.3.4" id="evt-1"] MSG
 *
 * token (required) names the node; node (optional) must agree with it; category defaults to the
 * MSGID when that is a category, else "audit"; severity is the PRI's (severityFromSyslog); the
 * time is TIMESTAMP, or the time received for the NILVALUE; state="closed" closes an event. The
 * result then passes the push API's own checks, so both sources accept and refuse alike.
 */
import { isSecurityCategory, severityFromSyslog, SYSLOG_SD_ID } from '@gcc/domain';
import { normalizePushEvent, type NormalizedEvent, type TimeWindow } from './event-input.ts';
import type { SyslogMessage } from './syslog-parser.ts';

export type SyslogAuth = (token: string) => Promise<{ nodeId: string } | null>;

export type SyslogOutcome = { ok: true; event: NormalizedEvent } | { ok: false; reason: string; unauthorized?: boolean };

export async function eventFromSyslog(m: SyslogMessage, auth: SyslogAuth, w: TimeWindow): Promise<SyslogOutcome> {
  const sd = m.structuredData.get(SYSLOG_SD_ID);
  const param = (name: string) => sd?.get(name)?.[0];
  const token = param('token');
  if (!token) return { ok: false, reason: `no [${SYSLOG_SD_ID} token="…"] structured data: the sender is not identified`, unauthorized: true };
  const identity = await auth(token);
  if (!identity) return { ok: false, reason: 'the token is unknown or revoked', unauthorized: true };
  const msgIdCategory = m.msgId?.toLowerCase();
  const raw = {
    ...(param('id') !== undefined && { id: param('id') }),
    occurredAt: (m.timestamp ?? new Date(w.nowMs)).toISOString(),
    category: param('category') ?? (isSecurityCategory(msgIdCategory) ? msgIdCategory : 'audit'),
    severity: severityFromSyslog(m.severity),
    ...(param('asset') !== undefined && { asset: param('asset') }),
    description: m.msg.trim() || [m.appName, m.msgId].filter(Boolean).join(' ') || '(no message)',
    ...(param('state') !== undefined && { state: param('state') }),
    ...(param('node') !== undefined && { node: param('node') }),
  };
  const r = normalizePushEvent(raw, identity.nodeId, w);
  return r.ok ? { ok: true, event: { ...r.event, source: 'syslog' } } : r;
}
