/**
 * The simulated security platforms: which nodes report and how (push, syslog TCP/UDP, one silent
 * by design), streams that are deterministic per seed, mostly low severity with occasional bursts,
 * platforms closing what they opened so open events settle at a steady level (also across a
 * restart), and syslog lines in RFC 5424 shape with the province's SD. Streams run on an injected
 * clock: days of platform time take seconds.
 */
import { SECURITY_SEVERITIES, type SecuritySeverity } from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';
import { createEventStream, formatSyslog5424, octetCounted, SILENT_PLATFORM_NODE, simulatedPlatforms, type EventStream, type SimEvent } from '../src/sim/security/index.ts';

const NOW = Date.parse('2026-11-25T02:00:00Z');
const HOUR_S = 3600;

function run(seconds: number, baseRate = 0.5): SimEvent[] {
  const s = createEventStream(2019, 'city-shaoguan', baseRate, NOW);
  const out: SimEvent[] = [];
  for (let t = 1; t <= seconds; t++) out.push(...s.tick(NOW + t * 1000));
  return out;
}

/** What the server would hold open: events by id, opened by 'open', closed by 'closed'. */
class OpenEvents {
  readonly open = new Map<string, SecuritySeverity>();
  readonly opened = new Set<string>();
  readonly closed = new Set<string>();
  add(events: readonly SimEvent[]): void {
    for (const e of events) {
      if (e.state === 'open') {
        this.open.set(e.id, e.severity);
        this.opened.add(e.id);
      } else {
        this.open.delete(e.id);
        this.closed.add(e.id);
      }
    }
  }
  count(severity: SecuritySeverity): number {
    let n = 0;
    for (const s of this.open.values()) if (s === severity) n++;
    return n;
  }
}

/** Ticks `stream` once a second from `fromMs` for `seconds`, calling `each` at every hour's end. */
function tickFor(stream: EventStream, into: OpenEvents, fromMs: number, seconds: number, each?: (hour: number) => void): void {
  for (let t = 1; t <= seconds; t++) {
    into.add(stream.tick(fromMs + t * 1000));
    if (t % HOUR_S === 0) each?.(t / HOUR_S);
  }
}

describe('simulated security platforms', () => {
  it('plans every live platform: push by default, syslog for two PRD clouds, one silent', () => {
    const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
    const plan = simulatedPlatforms(province, NOW);
    expect(plan.length).toBeGreaterThan(15);
    expect(plan.find((p) => p.nodeId === 'prd-dongguan')?.transport).toBe('syslog-tcp');
    expect(plan.find((p) => p.nodeId === 'prd-huizhou')?.transport).toBe('syslog-udp');
    expect(plan.filter((p) => p.silent).map((p) => p.nodeId)).toEqual([SILENT_PLATFORM_NODE]);
    expect(plan.every((p) => p.dengbaoLevel >= 3 && p.policiesViolated <= p.policiesTotal)).toBe(true);
    expect(simulatedPlatforms(province, NOW)).toEqual(plan);
  });

  it('is mostly low severity, bursts now and then, and closes what it opened', () => {
    const events = run(24 * HOUR_S);
    expect(run(600)).toEqual(run(600));
    const opened = events.filter((e) => e.state === 'open');
    const counts = Object.fromEntries(SECURITY_SEVERITIES.map((s) => [s, opened.filter((e) => e.severity === s).length])) as Record<SecuritySeverity, number>;
    const seen = new Set<string>();
    const news = events.filter((e) => !seen.has(e.id) && seen.add(e.id));
    const low = news.filter((e) => e.severity === 'info' || e.severity === 'low').length;
    // Severe events are rare, bursts are mostly low (blocked attempts): low severity dominates.
    expect(low / news.length).toBeGreaterThan(0.9);
    expect(counts.critical).toBeGreaterThan(0);
    expect(counts.high).toBeGreaterThan(counts.critical);
    // Bursts: some second carries many more events than the base rate.
    const perSecond = new Map<string, number>();
    for (const e of news) perSecond.set(e.occurredAt.slice(0, 19), (perSecond.get(e.occurredAt.slice(0, 19)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeGreaterThanOrEqual(5);
    const openedIds = new Set(opened.map((e) => e.id));
    const closedLater = events.filter((e) => e.state === 'closed' && openedIds.has(e.id));
    expect(closedLater.length).toBeGreaterThan(opened.length * 0.9);
  });

  it('settles: open events of the provincial node stay at a few critical and tens of high while new ones keep arriving', () => {
    const events = new OpenEvents();
    const hourly: { critical: number; high: number; all: number; opened: number }[] = [];
    const sample = () => hourly.push({ critical: events.count('critical'), high: events.count('high'), all: events.open.size, opened: events.opened.size });
    tickFor(createEventStream(2019, 'provincial', 1.2, NOW), events, NOW, 3 * 24 * HOUR_S, sample);
    // After the first day (the longest handling is 8 h), every hour of the next two.
    const settled = hourly.slice(24);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.max(...settled.map((h) => h.critical))).toBeLessThanOrEqual(12);
    expect(mean(settled.map((h) => h.critical))).toBeGreaterThan(0.5);
    expect(Math.min(...settled.map((h) => h.high))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...settled.map((h) => h.high))).toBeLessThanOrEqual(90);
    expect(Math.max(...settled.map((h) => h.all))).toBeLessThan(2000);
    // No drift: the last day's mean is the one before's, within the noise.
    const day = (d: number) => mean(hourly.slice(24 * d, 24 * (d + 1)).map((h) => h.high));
    expect(day(2) / day(1)).toBeGreaterThan(0.6);
    expect(day(2) / day(1)).toBeLessThan(1.6);
    // Still arriving: the last day opened thousands of events, more than are open at its end.
    const openedLastDay = hourly.at(-1)!.opened - hourly[47]!.opened;
    expect(openedLastDay).toBeGreaterThan(hourly.at(-1)!.all * 2);
  });

  it('closes after a restart what the run before it opened, under the same ids, and sends nothing twice', () => {
    const first = new OpenEvents();
    tickFor(createEventStream(2019, 'provincial', 1.2, NOW), first, NOW, 6 * HOUR_S);
    const leftOpen = new Map(first.open);
    expect([...leftOpen.values()].filter((s) => s === 'high').length).toBeGreaterThan(5);

    const restartMs = NOW + 6 * HOUR_S * 1000;
    const second = new OpenEvents();
    second.add([...leftOpen].map(([id, severity]) => ({ id, severity, state: 'open' }) as SimEvent));
    tickFor(createEventStream(2019, 'provincial', 1.2, restartMs), second, restartMs, 9 * HOUR_S);
    for (const id of leftOpen.keys()) expect(second.closed.has(id), id).toBe(true);
    for (const id of second.opened) if (!leftOpen.has(id)) expect(first.opened.has(id), id).toBe(false);
  });

  it('writes RFC 5424 lines with the province SD element, framed for TCP by octet count', () => {
    const e: SimEvent = { id: 'x-1', occurredAt: '2026-11-25T02:00:00.000Z', category: 'intrusion', severity: 'high', asset: 'web-"1"', description: '端口扫描', state: 'open' };
    const line = formatSyslog5424(e, { token: 'gccsec_t', hostname: 'soc-prd-dongguan' });
    expect(line).toBe('<83>1 2026-11-25T02:00:00.000Z soc-prd-dongguan soc - intrusion [gcc@32473 token="gccsec_t" category="intrusion" asset="web-\\"1\\"" id="x-1" state="open"] \uFEFF端口扫描');
    const framed = octetCounted(line);
    const space = framed.indexOf(0x20);
    expect(Number(framed.subarray(0, space).toString())).toBe(framed.length - space - 1);
  });
});
