/**
 * The simulated security platforms: which nodes report and how (push, syslog TCP/UDP, one silent
 * by design), streams that are deterministic per seed, mostly low severity with occasional bursts,
 * platforms closing what they opened, and syslog lines in RFC 5424 shape with the province's SD.
 */
import { SECURITY_SEVERITIES, type SecuritySeverity } from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';
import { createEventStream, formatSyslog5424, octetCounted, SILENT_PLATFORM_NODE, simulatedPlatforms, type SimEvent } from '../src/sim/security/index.ts';

const NOW = Date.parse('2026-11-25T02:00:00Z');

function run(seconds: number, baseRate = 0.5): SimEvent[] {
  const s = createEventStream(2019, 'city-shaoguan', baseRate, NOW);
  const out: SimEvent[] = [];
  for (let t = 1; t <= seconds; t++) out.push(...s.tick(NOW + t * 1000));
  return out;
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
    const events = run(4 * 3600);
    expect(run(600)).toEqual(run(600));
    const opened = events.filter((e) => e.state === 'open');
    const counts = Object.fromEntries(SECURITY_SEVERITIES.map((s) => [s, opened.filter((e) => e.severity === s).length])) as Record<SecuritySeverity, number>;
    const news = events.filter((e, i) => events.findIndex((x) => x.id === e.id) === i);
    const low = news.filter((e) => e.severity === 'info' || e.severity === 'low').length;
    // Noise at 0.5/s is 80% info/low; bursts add medium/high: low severity still dominates.
    expect(low / news.length).toBeGreaterThan(0.5);
    expect(counts.critical).toBeGreaterThan(0);
    // Bursts: some second carries many more events than the base rate.
    const perSecond = new Map<string, number>();
    for (const e of news) perSecond.set(e.occurredAt.slice(0, 19), (perSecond.get(e.occurredAt.slice(0, 19)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeGreaterThanOrEqual(5);
    const closedLater = events.filter((e) => e.state === 'closed' && opened.some((o) => o.id === e.id));
    expect(closedLater.length).toBeGreaterThan(opened.length / 2);
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
