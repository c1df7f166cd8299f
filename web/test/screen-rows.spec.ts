import { describe, expect, it } from 'vitest';
import type { ScreenMilestone } from '../src/api/screen-queries.ts';
import { planRows } from '../src/components/screen/plan-progress.ts';
import { rankingRows } from '../src/components/screen/ranking-rows.ts';
import { city, citiesData } from './fixtures.ts';

describe('rankingRows', () => {
  const data = citiesData([city('440100', '广州市', 0.4, 0.9), city('440200', '韶关市', 0.8, 0.2), city('440300', '深圳市', null, 0.5, { evaluated: false })]);

  it('follows the server ranking, unranked cities last', () => {
    expect(rankingRows(data, 'usage', 'zh-CN').map((r) => [r.code, r.rank])).toEqual([
      ['440200', 1],
      ['440100', 2],
      ['440300', null],
    ]);
    expect(rankingRows(data, 'migration', 'en').map((r) => r.name)).toEqual(['广州市-en', '深圳市-en', '韶关市-en']);
  });

  it('carries deadline, status and scope, and never drops a city the ranking left out', () => {
    const partial = { ...data, usageRanking: data.usageRanking?.slice(0, 1) ?? null };
    const rows = rankingRows(partial, 'usage', 'zh-CN');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ code: '440200', deadline: '2025-01-01', daysLeft: 30, status: 'AT_RISK', scope: 'EVALUATED' });
    expect(rows.find((r) => r.code === '440300')).toMatchObject({ rank: null, deadline: null, status: null, scope: 'DISPLAY_ONLY' });
  });
});

describe('planRows', () => {
  const m = (code: string, kind: string, plannedValue: number, dueDate: string, actualNow: number | null, status: ScreenMilestone['status']): ScreenMilestone => ({
    code, kind, titleZh: code, titleEn: code, unit: 'NODES', plannedValue, dueDate, actualAtDue: null, actualNow, achievedOn: null, status,
  });
  const milestones = [
    m('city-nodes-2020-06', 'city-nodes-live', 14, '2020-06-30', 13, 'MISSED'),
    m('city-nodes-2019-09', 'city-nodes-live', 3, '2019-09-30', 13, 'MET'),
    m('systems-2019', 'systems-migrated', 400, '2019-12-31', 1046, 'MET'),
    m('provincial-vcpu-2019', 'provincial-vcpu', 90000, '2019-12-31', 96000, 'MET'),
  ];

  it('groups the server milestones by kind, in due order, against the last target', () => {
    const rows = planRows(milestones);
    expect(rows.map((r) => [r.key, r.actual, r.target])).toEqual([
      ['cityNodes', 13, 14],
      ['systems', 1046, 400],
    ]);
    expect(rows[0]?.milestones.map((x) => x.code)).toEqual(['city-nodes-2019-09', 'city-nodes-2020-06']);
  });

  it('has no row for a kind the server did not return, and keeps a missing value missing', () => {
    expect(planRows([])).toEqual([]);
    expect(planRows([m('prd', 'prd-docked', 7, '2020-06-30', null, null)])[0]).toMatchObject({ key: 'prdDocked', actual: null, target: 7 });
  });
});
