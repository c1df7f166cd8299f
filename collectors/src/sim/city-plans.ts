/**
 * Hand-written facts of the simulated province that the plan (seed 001) pins down: dates around
 * the milestones, sizes, network regions, intended CMP kinds. The seed only jitters within them.
 * Dates the plan fixes are absolute; what has to stay recent whatever the reference day (PRD
 * interconnections, growth since the plan) is counted in days from it (reference-date.ts).
 */
import type { CmpKind } from '@gcc/domain';

export interface CityPlan {
  /** Go-live (city nodes) or own-cloud launch (PRD), before seed jitter (jitter only moves earlier). */
  goLive: string;
  /** vCPU at go-live (city) or at the reference date (PRD). */
  vcpu: number;
  plannedCmpKind: CmpKind;
  networkRegion: string;
  /** PRD: docked to the provincial CMP. */
  docking?: string;
  /**
   * PRD: resource interconnection enabled this many days before the reference day, so the cloud
   * is inside its evaluation year (at most 358: after docking from EARLIEST_SIM_REFERENCE_DATE on);
   * null = display only.
   */
  interconnectDaysBeforeRef?: number | null;
  /** Days the security platform came after go-live (or docking for PRD); > 183 is late. */
  securityAfterDays: number;
  /** Business systems registered by the city's departments. */
  systems: number;
  departments: number;
}

const EAST = '政务外网-粤东';
const WEST = '政务外网-粤西';
const NORTH = '政务外网-粤北';
const PRD = '政务外网-珠三角';

export const CITY_PLANS: Readonly<Record<string, CityPlan>> = Object.freeze({
  // 3 by 2019-09-30 (附表 2)
  shaoguan: { goLive: '2019-08-28', vcpu: 3200, plannedCmpKind: 'openstack', networkRegion: NORTH, securityAfterDays: 120, systems: 268, departments: 22 },
  zhaoqing: { goLive: '2019-09-16', vcpu: 3600, plannedCmpKind: 'openstack', networkRegion: PRD, securityAfterDays: 150, systems: 301, departments: 24 },
  heyuan: { goLive: '2019-09-25', vcpu: 2400, plannedCmpKind: 'openstack', networkRegion: NORTH, securityAfterDays: 140, systems: 187, departments: 18 },
  // 7 more by 2019-12-31 (10 cumulative)
  shantou: { goLive: '2019-10-30', vcpu: 4200, plannedCmpKind: 'openstack', networkRegion: EAST, securityAfterDays: 160, systems: 362, departments: 27 },
  jiangmen: { goLive: '2019-11-12', vcpu: 3800, plannedCmpKind: 'openstack', networkRegion: PRD, securityAfterDays: 110, systems: 318, departments: 25 },
  zhanjiang: { goLive: '2019-11-26', vcpu: 4000, plannedCmpKind: 'openstack', networkRegion: WEST, securityAfterDays: 170, systems: 334, departments: 26 },
  maoming: { goLive: '2019-12-05', vcpu: 3400, plannedCmpKind: 'openstack', networkRegion: WEST, securityAfterDays: 130, systems: 296, departments: 23 },
  meizhou: { goLive: '2019-12-12', vcpu: 2600, plannedCmpKind: 'openstack', networkRegion: NORTH, securityAfterDays: 221, systems: 214, departments: 19 },
  qingyuan: { goLive: '2019-12-18', vcpu: 3000, plannedCmpKind: 'openstack', networkRegion: NORTH, securityAfterDays: 100, systems: 245, departments: 21 },
  yunfu: { goLive: '2019-12-24', vcpu: 2100, plannedCmpKind: 'openstack', networkRegion: NORTH, securityAfterDays: 155, systems: 158, departments: 15 },
  // the last 4 by 2020-06-30
  shanwei: { goLive: '2020-03-18', vcpu: 2000, plannedCmpKind: 'openstack', networkRegion: EAST, securityAfterDays: 175, systems: 153, departments: 14 },
  yangjiang: { goLive: '2020-04-22', vcpu: 2300, plannedCmpKind: 'openstack', networkRegion: WEST, securityAfterDays: 125, systems: 176, departments: 16 },
  chaozhou: { goLive: '2020-05-20', vcpu: 2200, plannedCmpKind: 'openstack', networkRegion: EAST, securityAfterDays: 145, systems: 171, departments: 16 },
  jieyang: { goLive: '2020-06-19', vcpu: 2900, plannedCmpKind: 'openstack', networkRegion: EAST, securityAfterDays: 214, systems: 257, departments: 20 },
  // PRD clouds: own platforms 2015–2018; Foshan docked first (by 2019-12-31), the others by 2020-06-30.
  // Interconnections counted back from the reference day (from 2026-11-25: 2025-12-02 … 2026-09-08).
  guangzhou: { goLive: '2015-09-15', vcpu: 44000, plannedCmpKind: 'vsphere', networkRegion: PRD, docking: '2020-04-28', interconnectDaysBeforeRef: 252, securityAfterDays: 95, systems: 448, departments: 30 },
  shenzhen: { goLive: '2015-06-30', vcpu: 41000, plannedCmpKind: 'docking-api', networkRegion: PRD, docking: '2020-06-16', interconnectDaysBeforeRef: null, securityAfterDays: 120, systems: 436, departments: 30 },
  zhuhai: { goLive: '2016-08-22', vcpu: 10500, plannedCmpKind: 'openstack', networkRegion: PRD, docking: '2020-03-10', interconnectDaysBeforeRef: 344, securityAfterDays: 130, systems: 262, departments: 21 },
  foshan: { goLive: '2016-03-08', vcpu: 21000, plannedCmpKind: 'docking-api', networkRegion: PRD, docking: '2019-11-20', interconnectDaysBeforeRef: 358, securityAfterDays: 105, systems: 371, departments: 27 },
  huizhou: { goLive: '2017-11-06', vcpu: 8600, plannedCmpKind: 'vsphere', networkRegion: PRD, docking: '2020-05-12', interconnectDaysBeforeRef: 169, securityAfterDays: 160, systems: 243, departments: 20 },
  dongguan: { goLive: '2017-05-15', vcpu: 16500, plannedCmpKind: 'prometheus', networkRegion: PRD, docking: '2020-04-07', interconnectDaysBeforeRef: null, securityAfterDays: 140, systems: 329, departments: 25 },
  zhongshan: { goLive: '2018-04-02', vcpu: 9200, plannedCmpKind: 'vsphere', networkRegion: PRD, docking: '2020-05-26', interconnectDaysBeforeRef: 78, securityAfterDays: 150, systems: 232, departments: 19 },
});

/** The provincial node: launched before the plan, 73,000 vCPU at the start of 2019. */
export const PROVINCIAL_PLAN = Object.freeze({
  goLive: '2017-12-18',
  networkRegion: '政务外网-省级核心',
  plannedCmpKind: 'openstack' as CmpKind,
  securityPlatform: '2019-06-28',
  systems: 1336,
  departments: 30,
  /** vCPU knots: launch, plan start (≈73k), plan target (≥ 90k, ≥ 17k added), the plan's end. */
  vcpuKnots: [
    ['2017-12-18', 52000],
    ['2019-01-01', 73000],
    ['2019-12-31', 91600],
    ['2021-06-30', 104000],
  ] as const,
  /** Then towards 130k at the reference day, in days from it (from 2026-11-25: 2023-06-30, 2030-12-31). */
  vcpuKnotsFromRef: [
    [-1244, 118000],
    [0, 130000],
    [1497, 142000],
  ] as const,
  /** Share of the node's capacity in each data centre. */
  dcShares: { mingmei: 0.58, dongchong: 0.42 } as Readonly<Record<string, number>>,
});
