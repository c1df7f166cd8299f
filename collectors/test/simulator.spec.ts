import { CITIES, endOfDueDay, NODE_DEFINITIONS, nodeIdForCity, parseDay, PROVINCE_CODE, systemCountsAt } from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { mulberry32, simulateProvince, statusOn, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';
import { nodeFigures, systemDates } from './sim-helpers.ts';

const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const due = (iso: string) => endOfDueDay(parseDay(iso)).getTime();
const cityNodes = province.nodes.filter((n) => n.id.startsWith('city-'));
const prdNodes = province.nodes.filter((n) => n.id.startsWith('prd-'));

describe('mulberry32', () => {
  it('is a deterministic stream in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Set(xs).size).toBe(1000);
  });
});

describe('simulateProvince', () => {
  it('is deterministic: the same seed gives identical output, another seed another province', () => {
    const again = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
    expect(JSON.stringify(again)).toBe(JSON.stringify(province));
    const t = Date.parse('2024-03-05T06:07:08Z');
    expect(again.capacityAt('provincial', 'mingmei', t)).toEqual(province.capacityAt('provincial', 'mingmei', t));
    const other = simulateProvince(7, { referenceDate: TEST_SIM_REFERENCE_DATE });
    expect(JSON.stringify(other.systems)).not.toBe(JSON.stringify(province.systems));
    expect(other.capacityAt('provincial', 'mingmei', t)).not.toEqual(province.capacityAt('provincial', 'mingmei', t));
  });

  it('takes its reference day: the plan’s dates stay, the dates it invents move with the day, bad days are refused', () => {
    const later = simulateProvince(2019, { referenceDate: '2031-01-15' });
    expect(later.referenceDate).toBe('2031-01-15');
    expect(JSON.stringify(simulateProvince(2019, { referenceDate: '2031-01-15' }))).toBe(JSON.stringify(later));
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const shift = days(TEST_SIM_REFERENCE_DATE, '2031-01-15');
    for (const n of province.nodes) {
      const m = later.nodes.find((x) => x.id === n.id)!;
      expect([m.goLiveDate, m.dockingDate, m.securityPlatformDate]).toEqual([n.goLiveDate, n.dockingDate, n.securityPlatformDate]);
      if (n.id.startsWith('prd-') && n.interconnectDate !== null) expect(days(n.interconnectDate, m.interconnectDate!)).toBe(shift);
      else expect(m.interconnectDate).toBe(n.interconnectDate);
    }
    // The same systems on any day (no draw depends on it), their histories reaching the later day.
    expect(later.systems.map((s) => s.code)).toEqual(province.systems.map((s) => s.code));
    expect(later.systems.filter((s) => s.history.at(-1)!.at > TEST_SIM_REFERENCE_DATE).length).toBeGreaterThan(0);
    expect(() => simulateProvince(2019, { referenceDate: '2026-02-30' })).toThrow('the simulation\'s reference day must be a calendar day YYYY-MM-DD, such as 2026-11-25, got "2026-02-30"');
    expect(() => simulateProvince(2019, { referenceDate: '2021-06-30' })).toThrow('must be 2021-07-01 or later');
  });

  it('is labelled simulated and covers the plan’s 22 nodes', () => {
    expect(province.simulated).toBe(true);
    expect(province.nodes.map((n) => n.id).sort()).toEqual(NODE_DEFINITIONS.map((d) => d.id).sort());
    for (const n of province.nodes) {
      expect(n.dataCentres).toEqual(NODE_DEFINITIONS.find((d) => d.id === n.id)!.dataCentres.map((d) => d.code));
      expect(n.cmpKind).toBe(n.plannedCmpKind);
      expect(n.networkRegion).toMatch(/^政务外网-/);
      expect(n.cpuPools.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
      for (const p of n.cpuPools) expect(p.share).toBeGreaterThan(0);
    }
    expect(new Set(prdNodes.map((n) => n.plannedCmpKind)).size).toBeGreaterThan(1);
  });

  it('meets the city-node milestones: 韶关/肇庆/河源 by 2019-09-30, 10 by 2019-12-31, all 14 by 2020-06-30, spread out', () => {
    const liveBy = (iso: string) => cityNodes.filter((n) => n.goLiveDate <= iso);
    expect(liveBy('2019-09-30').map((n) => n.id).sort()).toEqual(['city-heyuan', 'city-shaoguan', 'city-zhaoqing']);
    expect(liveBy('2019-12-31')).toHaveLength(10);
    expect(liveBy('2020-06-30')).toHaveLength(14);
    expect(new Set(cityNodes.map((n) => n.goLiveDate)).size).toBe(14);
    for (const n of cityNodes) {
      expect(n.interconnectDate).toBe(n.goLiveDate);
      expect(n.dockingDate).toBeNull();
    }
  });

  it('docks Foshan by 2019-12-31 and the other PRD clouds by 2020-06-30; interconnection recent or not yet', () => {
    expect(province.nodes.find((n) => n.id === 'prd-foshan')!.dockingDate! <= '2019-12-31').toBe(true);
    for (const n of prdNodes) {
      expect(n.goLiveDate >= '2015-01-01' && n.goLiveDate <= '2018-12-31').toBe(true);
      expect(n.dockingDate! <= '2020-06-30').toBe(true);
      // Inside the year before the reference day (2025-12 … 2026-09 for the pinned 2026-11-25).
      if (n.interconnectDate !== null) expect(n.interconnectDate >= '2025-12-01' && n.interconnectDate <= '2026-09-30').toBe(true);
    }
    expect(prdNodes.filter((n) => n.interconnectDate === null).length).toBeGreaterThan(0);
    expect(prdNodes.filter((n) => n.interconnectDate !== null).length).toBeGreaterThan(0);
  });

  it('builds security platforms within 6 months of go-live, except one or two late ones', () => {
    const late = province.nodes.filter((n) => {
      const start = n.dockingDate ?? (n.id === 'provincial' ? '2019-01-01' : n.goLiveDate);
      return Date.parse(n.securityPlatformDate) - Date.parse(start) > 183 * 86_400_000;
    });
    expect(late.length).toBeGreaterThanOrEqual(1);
    expect(late.length).toBeLessThanOrEqual(2);
  });

  it('grows the provincial node from ≈73,000 vCPU to ≥ 90,000 in 2019 (≥ 17,000 added) and ≈130,000 by 2026', () => {
    const start = nodeFigures(province, 'provincial', Date.parse('2019-01-01T00:00:00Z')).vcpu.total;
    const end2019 = nodeFigures(province, 'provincial', due('2019-12-31')).vcpu.total;
    expect(start).toBeGreaterThan(70_000);
    expect(start).toBeLessThan(76_000);
    expect(end2019).toBeGreaterThanOrEqual(90_000);
    expect(end2019 - start).toBeGreaterThanOrEqual(17_000);
    const now = nodeFigures(province, 'provincial', Date.parse('2026-11-25T00:00:00Z')).vcpu.total;
    expect(now).toBeGreaterThan(122_000);
    expect(now).toBeLessThan(138_000);
  });

  it('sizes nodes realistically: cities 2,000–8,000 vCPU, PRD 8,000–45,000 with Guangzhou and Shenzhen largest', () => {
    const t = Date.parse('2026-11-25T00:00:00Z');
    for (const n of cityNodes) {
      for (const at of [Date.parse(n.goLiveDate) + 86_400_000, t]) {
        const v = nodeFigures(province, n.id, at).vcpu.total;
        expect(v, n.id).toBeGreaterThanOrEqual(2000);
        expect(v, n.id).toBeLessThanOrEqual(8000);
      }
    }
    const prd = prdNodes.map((n) => ({ id: n.id, v: nodeFigures(province, n.id, t).vcpu.total })).sort((a, b) => b.v - a.v);
    expect(prd.slice(0, 2).map((p) => p.id).sort()).toEqual(['prd-guangzhou', 'prd-shenzhen']);
    for (const p of prd) {
      expect(p.v).toBeGreaterThanOrEqual(8000);
      expect(p.v).toBeLessThanOrEqual(45_000);
    }
  });

  it('keeps units and ratios plausible: ≈4 GiB per vCPU, a few TiB per 100 vCPU, allocated < total, busy 20–60 % of allocated', () => {
    for (const n of province.nodes) {
      for (const dc of n.dataCentres) {
        for (const iso of ['2021-03-01T03:00:00Z', '2024-07-15T09:30:00Z', '2026-11-24T15:45:00Z']) {
          const c = province.capacityAt(n.id, dc, Date.parse(iso));
          expect(c.memory.total / GiB / c.vcpu.total).toBeGreaterThan(3.5);
          expect(c.memory.total / GiB / c.vcpu.total).toBeLessThan(4.5);
          expect(c.storage.total / TiB / (c.vcpu.total / 100)).toBeGreaterThan(1.5);
          expect(c.storage.total / TiB / (c.vcpu.total / 100)).toBeLessThan(5);
          expect(c.memory.total % (1024 * 1024)).toBe(0);
          expect(c.storage.total % GiB).toBe(0);
          for (const r of ['vcpu', 'memory', 'storage'] as const) {
            expect(c[r].allocated).toBeLessThan(c[r].total);
            expect(c[r].used / c[r].allocated).toBeGreaterThanOrEqual(0.199);
            expect(c[r].used / c[r].allocated).toBeLessThanOrEqual(0.601);
          }
        }
      }
    }
  });

  it('is zero before go-live and smooth after, with a diurnal wave in used only', () => {
    const shaoguan = province.nodes.find((n) => n.id === 'city-shaoguan')!;
    const live = Date.parse(`${shaoguan.goLiveDate}T00:00:00Z`);
    expect(province.capacityAt(shaoguan.id, 'shaoguan-dc1', live - 1).vcpu).toEqual({ total: 0, allocated: 0, used: 0 });
    expect(province.capacityAt(shaoguan.id, 'shaoguan-dc1', live).vcpu.total).toBeGreaterThan(0);
    const day = Date.parse('2023-05-10T00:00:00Z');
    const hours = Array.from({ length: 24 }, (_, h) => province.capacityAt('provincial', 'mingmei', day + h * 3_600_000));
    const totals = hours.map((c) => c.vcpu.total);
    expect((Math.max(...totals) - Math.min(...totals)) / totals[0]!).toBeLessThan(0.001);
    const used = hours.map((c) => c.vcpu.used / c.vcpu.allocated);
    expect(Math.max(...used) - Math.min(...used)).toBeGreaterThan(0.08);
    expect(() => province.capacityAt('nowhere', 'x', day)).toThrow(/no node "nowhere"/);
  });

  it('registers departments and systems: 10–30 departments per region, 150–450 systems per city, ~1,300 provincial', () => {
    const regions = [PROVINCE_CODE, ...CITIES.map((c) => c.code)];
    for (const code of regions) {
      const depts = province.departments.filter((d) => d.regionCode === code);
      expect(depts.length, code).toBeGreaterThanOrEqual(10);
      expect(depts.length, code).toBeLessThanOrEqual(30);
      const systems = province.systems.filter((s) => s.regionCode === code);
      if (code === PROVINCE_CODE) {
        expect(systems.length).toBeGreaterThan(1250);
        expect(systems.length).toBeLessThan(1400);
        expect(depts.map((d) => d.nameZh)).toContain('广东省教育厅');
      } else {
        expect(systems.length, code).toBeGreaterThanOrEqual(150);
        expect(systems.length, code).toBeLessThanOrEqual(450);
        const city = CITIES.find((c) => c.code === code)!;
        expect(depts.map((d) => d.nameZh)).toContain(`${city.nameZh}公安局`);
        for (const s of systems) if (s.nodeId !== null) expect(s.nodeId).toBe(nodeIdForCity(city));
      }
    }
    expect(new Set(province.systems.map((s) => s.code)).size).toBe(province.systems.length);
    const deptCodes = new Set(province.departments.map((d) => d.code));
    for (const s of province.systems) {
      expect(deptCodes.has(s.departmentCode)).toBe(true);
      expect(s.nameZh).toMatch(/（模拟）$/);
      expect(s.history[0]!.at).toBe(s.registeredAt);
      for (let i = 1; i < s.history.length; i++) expect(s.history[i]!.at >= s.history[i - 1]!.at).toBe(true);
      expect(s.history.at(-1)!.at <= province.referenceDate).toBe(true);
      expect(statusOn(s, province.referenceDate)).toBe(s.history.at(-1)!.status);
    }
  });

  it('migrates ≥ 400 provincial systems by 2019-12-31 and ≥ 1,000 by 2020-12-31', () => {
    const provincial = province.systems.filter((s) => s.regionCode === PROVINCE_CODE).map(systemDates);
    const by2019 = systemCountsAt(provincial, new Date(due('2019-12-31')));
    const by2020 = systemCountsAt(provincial, new Date(due('2020-12-31')));
    expect(by2019.onCloud).toBeGreaterThanOrEqual(400);
    expect(by2019.onCloud).toBeLessThan(700);
    expect(by2020.onCloud).toBeGreaterThanOrEqual(1000);
    expect(by2020.classified + by2020.exempt).toBeGreaterThan(50);
  });
});
