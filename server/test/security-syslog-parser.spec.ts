/**
 * RFC 5424 parsing on real-format lines: the RFC's own examples (§6.5), what a security platform
 * sends with the province's SD element, the NILVALUE everywhere, the BOM, escapes, and the errors
 * a sender can make, each named with its column.
 */
import { describe, expect, it } from 'vitest';
import { eventFromSyslog } from '../src/modules/security/syslog-events.ts';
import { escapeSdValue, parseSyslog5424, SyslogParseError } from '../src/modules/security/syslog-parser.ts';

const BOM = '\uFEFF';

describe('RFC 5424 §6.5 examples', () => {
  it('example 1: no structured data, BOM before the message', () => {
    const m = parseSyslog5424(`<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`);
    expect(m).toMatchObject({ facility: 4, severity: 2, version: 1, hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47', bom: true });
    expect(m.timestamp?.toISOString()).toBe('2003-10-11T22:14:15.003Z');
    expect(m.structuredData.size).toBe(0);
    expect(m.msg).toBe("'su root' failed for lonvick on /dev/pts/8");
  });

  it('example 2: microseconds and a negative offset, no BOM', () => {
    const m = parseSyslog5424("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nothing report.");
    expect(m).toMatchObject({ facility: 20, severity: 5, hostname: '192.0.2.1', procId: '8710', msgId: null, bom: false });
    expect(m.timestamp?.toISOString()).toBe('2003-08-24T12:14:15.000Z');
    expect(m.msg).toBe("%% It's time to make the do-nothing report.");
  });

  it('examples 3 and 4: structured data, one and two elements, with and without a message', () => {
    const three = parseSyslog5424(`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`);
    expect(Object.fromEntries(three.structuredData.get('exampleSDID@32473')!)).toEqual({ iut: ['3'], eventSource: ['Application'], eventID: ['1011'] });
    expect(three.msg).toBe('An application event log entry...');
    const four = parseSyslog5424('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
    expect([...four.structuredData.keys()]).toEqual(['exampleSDID@32473', 'examplePriority@32473']);
    expect(four.msg).toBe('');
  });
});

describe('what security platforms send', () => {
  it('NILVALUE in every header field and for the structured data', () => {
    const m = parseSyslog5424('<14>1 - - - - - -');
    expect(m).toMatchObject({ facility: 1, severity: 6, timestamp: null, hostname: null, appName: null, procId: null, msgId: null, msg: '' });
  });

  it('escaped quote, backslash and bracket in a PARAM-VALUE; other backslashes are kept', () => {
    const value = 'C:\\temp\\x "quoted" [a]';
    const m = parseSyslog5424(`<10>1 2026-11-25T08:00:00+08:00 waf01 waf - - [gcc@32473 asset="${escapeSdValue(value)}" path="a\\nb"] blocked`);
    expect(m.structuredData.get('gcc@32473')!.get('asset')).toEqual([value]);
    expect(m.structuredData.get('gcc@32473')!.get('path')).toEqual(['a\\nb']);
  });

  it('a repeated PARAM keeps every value; a trailing newline (TCP framing) is ignored', () => {
    const m = parseSyslog5424('<13>1 2026-11-25T00:00:00Z h a 1 m [x@1 ip="10.0.0.1" ip="10.0.0.2"] msg\n');
    expect(m.structuredData.get('x@1')!.get('ip')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(m.msg).toBe('msg');
  });

  it('Chinese text after the BOM', () => {
    const m = parseSyslog5424(`<11>1 2026-11-25T08:30:00.5+08:00 soc-shaoguan ids 77 intrusion [gcc@32473 category="intrusion"] ${BOM}检测到针对政务外网边界的端口扫描`);
    expect(m.msg).toBe('检测到针对政务外网边界的端口扫描');
    expect(m.timestamp?.toISOString()).toBe('2026-11-25T00:30:00.500Z');
  });
});

describe('errors name the field and column', () => {
  const bad: [string, RegExp][] = [
    ['Oct 11 22:14:15 mymachine su: old BSD syslog', /RFC 3164/],
    ['<192>1 2026-11-25T00:00:00Z h a - - -', /PRI "192"/],
    ['<034>1 2026-11-25T00:00:00Z h a - - -', /leading zeros/],
    ['<34>2 2026-11-25T00:00:00Z h a - - -', /VERSION "2"/],
    ['<34>1 2026-11-25T00:00:60Z h a - - -', /leap seconds/],
    ['<34>1 2026-11-25T00:00:00 h a - - -', /offset/],
    ['<34>1 2026-02-30T00:00:00Z h a - - -', /calendar/],
    ['<34>1 2026-11-25T00:00:00.1234567Z h a - - -', /RFC 3339/],
    ['<34>1 2026-11-25T00:00:00Z h a - - [x@1 k="a]b"]', /must be escaped/],
    ['<34>1 2026-11-25T00:00:00Z h a - - [x@1 k="v"][x@1 k="w"]', /appears twice/],
    ['<34>1 2026-11-25T00:00:00Z h a - - [x@1 k=v]', /expected ="…"/],
    ['<34>1 2026-11-25T00:00:00Z h a - - [x@1 k="v"', /not closed/],
    ['<34>1 2026-11-25T00:00:00Z h a - - nosd', /STRUCTURED-DATA/],
    ['<34>1 2026-11-25T00:00:00Z h a - -', /MSGID/],
  ];
  it.each(bad)('%s', (line, message) => {
    expect(() => parseSyslog5424(line)).toThrow(SyslogParseError);
    expect(() => parseSyslog5424(line)).toThrow(message);
    expect(() => parseSyslog5424(line)).toThrow(/\(column \d+\)/);
  });
});

describe('from syslog to a normalized event', () => {
  const auth = async (t: string) => (t === 'gccsec_good' ? { nodeId: 'city-shaoguan' } : null);
  const w = { nowMs: Date.parse('2026-11-25T01:00:00Z'), retentionDays: 180 };

  it('takes the node from the token, the severity from PRI and the category from the SD element or MSGID', async () => {
    const m = parseSyslog5424(`<10>1 2026-11-25T08:30:00+08:00 soc ids - - [gcc@32473 token="gccsec_good" category="intrusion" asset="10.2.3.4" id="e-1"] ${BOM}端口扫描`);
    const r = await eventFromSyslog(m, auth, w);
    expect(r).toEqual({
      ok: true,
      event: {
        nodeId: 'city-shaoguan', occurredAt: new Date('2026-11-25T00:30:00Z'), category: 'intrusion', severity: 'critical', asset: '10.2.3.4',
        description: '端口扫描', source: 'syslog', dedupKey: 'id:e-1', closed: false,
      },
    });
    const byMsgId = await eventFromSyslog(parseSyslog5424('<12>1 - soc av - malware [gcc@32473 token="gccsec_good"] trojan found'), auth, w);
    expect(byMsgId.ok && byMsgId.event).toMatchObject({ category: 'malware', severity: 'medium', occurredAt: new Date(w.nowMs) });
  });

  it('refuses a line without a token, with an unknown token, or another node', async () => {
    const r1 = await eventFromSyslog(parseSyslog5424('<10>1 - h a - - - x'), auth, w);
    expect(r1).toMatchObject({ ok: false, unauthorized: true });
    const r2 = await eventFromSyslog(parseSyslog5424('<10>1 - h a - - [gcc@32473 token="gccsec_bad"] x'), auth, w);
    expect(r2).toMatchObject({ ok: false, unauthorized: true });
    const r3 = await eventFromSyslog(parseSyslog5424('<10>1 - h a - - [gcc@32473 token="gccsec_good" node="city-heyuan"] x'), auth, w);
    expect(r3).toMatchObject({ ok: false, reason: expect.stringContaining('not the node of this token') });
    const r4 = await eventFromSyslog(parseSyslog5424('<10>1 - h a - - [gcc@32473 token="gccsec_good" category="ddos"] x'), auth, w);
    expect(r4).toMatchObject({ ok: false, reason: expect.stringContaining('category') });
  });
});
