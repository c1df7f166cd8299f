/**
 * Which simulated nodes run a security operations platform and how each reports (the demo's
 * designed outcomes): every node whose platform date has passed reports, most through the push
 * API; two PRD cities' own platforms speak only syslog (东莞 over TCP, 惠州 over UDP); and one
 * node's platform (潮州) has gone quiet, so the silent-platform warning has something true to show.
 * 等保 2.0: level 3 everywhere, the provincial node level 4; one assessment overdue (茂名).
 */
import { DENGBAO_ASSESSMENT_VALID_DAYS } from '@gcc/domain';
import { rngFor } from '../prng.ts';
import type { SimulatedProvince } from '../province.ts';

export type PlatformTransport = 'push' | 'syslog-tcp' | 'syslog-udp';

export interface SimPlatform {
  nodeId: string;
  transport: PlatformTransport;
  /** Designed to send nothing (the silent-platform warning). */
  silent: boolean;
  dengbaoLevel: number;
  lastAssessmentDate: string;
  assessmentScore: number;
  policiesTotal: number;
  policiesViolated: number;
  /** Mean events per second outside bursts. */
  baseRate: number;
}

export const SYSLOG_NODES: Readonly<Record<string, PlatformTransport>> = Object.freeze({ 'prd-dongguan': 'syslog-tcp', 'prd-huizhou': 'syslog-udp' });
export const SILENT_PLATFORM_NODE = 'city-chaozhou';
const OVERDUE_ASSESSMENT_NODE = 'city-maoming';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The platforms of `province` at `nowMs`: assessments are dated back from the moment the platforms run. */
export function simulatedPlatforms(province: SimulatedProvince, nowMs: number): SimPlatform[] {
  const seed = province.seed;
  return province.nodes
    .filter((n) => n.securityPlatformDate && Date.parse(n.securityPlatformDate) <= nowMs)
    .map((n) => {
      const r = rngFor(seed, 'security-platform', n.id);
      const daysAgo = n.id === OVERDUE_ASSESSMENT_NODE ? DENGBAO_ASSESSMENT_VALID_DAYS + r.int(20, 90) : r.int(30, 300);
      const policiesTotal = r.int(180, 520);
      return {
        nodeId: n.id,
        transport: SYSLOG_NODES[n.id] ?? 'push',
        silent: n.id === SILENT_PLATFORM_NODE,
        dengbaoLevel: n.id === 'provincial' ? 4 : 3,
        lastAssessmentDate: isoDay(nowMs - daysAgo * 86_400_000),
        assessmentScore: Math.round(r.between(72, 95) * 10) / 10,
        policiesTotal,
        policiesViolated: r.int(0, 6),
        // The provincial node carries most of the load; PRD clouds are large.
        baseRate: n.id === 'provincial' ? 1.2 : n.id.startsWith('prd-') ? 0.5 : 0.25,
      };
    });
}
