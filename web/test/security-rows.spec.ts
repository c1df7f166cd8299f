import { describe, expect, it } from 'vitest';
import type { AlertRow, SecurityPostureRow } from '../src/api/security-queries.ts';
import { ageLabel, postureRank, tickerOrder } from '../src/components/screen/security-rows.ts';

const counts = (critical: number, high: number, medium = 0) => ({ info: 0, low: 0, medium, high, critical, total: critical + high + medium });
const row = (nodeId: string, open: ReturnType<typeof counts>, extra: Partial<SecurityPostureRow> = {}): SecurityPostureRow => ({
  nodeId, node: { nameZh: nodeId, nameEn: nodeId, regionCode: '440200' }, platformLive: true, open, dengbaoLevel: 3, lastAssessmentDate: null,
  assessmentOverdue: false, policiesTotal: null, policiesViolated: null, lastReportAt: null, secondsSinceLastReport: 30, silent: false, ...extra,
});
const alert = (id: string, severity: AlertRow['severity'], state: AlertRow['state'], firedAt: string): AlertRow => ({
  id, ruleId: 'r', state, severity, nodeId: null, regionCode: null, summaryZh: id, summaryEn: id, firedAt, acknowledgedBy: null, silenced: false,
});

describe('security panel rows', () => {
  it('puts silent platforms first, then the most critical, and leaves out platforms not live', () => {
    const ranked = postureRank([
      row('a', counts(0, 5)), row('b', counts(1, 0)), row('c', counts(0, 0), { silent: true }), row('d', counts(9, 9), { platformLive: false }), row('e', counts(0, 5, 3)),
    ]);
    expect(ranked.map((r) => r.nodeId)).toEqual(['c', 'b', 'e', 'a']);
  });
  it('says how long ago a node last reported', () => {
    expect([null, 90, 7200, 3 * 86_400].map(ageLabel)).toEqual(['—', '2 min', '2 h', '3 d']);
  });
  it('orders the ticker critical first, firing before acknowledged, newest first', () => {
    const order = tickerOrder([
      alert('w-old', 'WARNING', 'FIRING', '2026-01-01T00:00:00Z'), alert('c-ack', 'CRITICAL', 'ACKNOWLEDGED', '2026-01-03T00:00:00Z'),
      alert('w-new', 'WARNING', 'FIRING', '2026-01-02T00:00:00Z'), alert('c', 'CRITICAL', 'FIRING', '2026-01-01T00:00:00Z'),
    ]);
    expect(order.map((a) => a.id)).toEqual(['c', 'c-ack', 'w-new', 'w-old']);
  });
});
