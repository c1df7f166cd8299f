/**
 * The plan's targets and milestones, from 粤办函〔2019〕288号 (seed 001) and its annex table.
 * Absolute targets carry a due date; per-city uptake targets are relative to each node's go-live.
 */
export type MilestoneKind =
  | 'provincial-vcpu'
  | 'provincial-vcpu-added'
  | 'city-nodes-live'
  | 'prd-docked'
  | 'systems-migrated'
  | 'security-platforms'
  | 'city-migration-rate'
  | 'city-usage-rate';

export interface PlanMilestone {
  code: string;
  kind: MilestoneKind;
  titleZh: string;
  titleEn: string;
  /** ISO date (end of the due day, China time), or null when relative to a node's go-live. */
  dueDate: string | null;
  /** Months after the node's go-live, for relative targets. */
  relativeMonths: number | null;
  targetValue: number;
  unit: 'vcpu' | 'nodes' | 'systems' | 'ratio';
  /** Node ids the milestone names explicitly (e.g. 韶关, 肇庆, 河源 by 2019-09-30). */
  nodeIds: readonly string[];
  source: string;
}

const SEED_001 = '粤办函〔2019〕288号';

export const PLAN_MILESTONES: readonly PlanMilestone[] = Object.freeze([
  {
    code: 'provincial-vcpu-2019', kind: 'provincial-vcpu', titleZh: '省级政务云平台达到 90000 核 vCPU',
    titleEn: 'Provincial node reaches 90,000 vCPU', dueDate: '2019-12-31', relativeMonths: null,
    targetValue: 90000, unit: 'vcpu', nodeIds: ['provincial'], source: `${SEED_001} 三(一)`,
  },
  {
    code: 'provincial-vcpu-added-2019', kind: 'provincial-vcpu-added', titleZh: '2019 年省级平台新增不少于 17000 核 vCPU',
    titleEn: 'Provincial node adds ≥ 17,000 vCPU in 2019', dueDate: '2019-12-31', relativeMonths: null,
    targetValue: 17000, unit: 'vcpu', nodeIds: ['provincial'], source: `${SEED_001} 三(一)`,
  },
  {
    code: 'city-nodes-2019-09', kind: 'city-nodes-live', titleZh: '韶关、肇庆、河源 3 个地市节点建成',
    titleEn: 'Shaoguan, Zhaoqing, Heyuan city nodes live', dueDate: '2019-09-30', relativeMonths: null,
    targetValue: 3, unit: 'nodes', nodeIds: ['city-shaoguan', 'city-zhaoqing', 'city-heyuan'], source: `${SEED_001} 附表 2`,
  },
  {
    code: 'city-nodes-2019-12', kind: 'city-nodes-live', titleZh: '累计完成 10 个地市节点建设',
    titleEn: '10 city nodes live', dueDate: '2019-12-31', relativeMonths: null,
    targetValue: 10, unit: 'nodes', nodeIds: [], source: `${SEED_001} 四(一)`,
  },
  {
    code: 'city-nodes-2020-06', kind: 'city-nodes-live', titleZh: '14 个地市节点全部建成',
    titleEn: 'All 14 city nodes live', dueDate: '2020-06-30', relativeMonths: null,
    targetValue: 14, unit: 'nodes', nodeIds: [], source: `${SEED_001} 四(二)`,
  },
  {
    code: 'prd-docked-2019-12', kind: 'prd-docked', titleZh: '佛山政务云与省级政务云对接',
    titleEn: 'Foshan cloud docked to the provincial CMP', dueDate: '2019-12-31', relativeMonths: null,
    targetValue: 1, unit: 'nodes', nodeIds: ['prd-foshan'], source: `${SEED_001} 四(一)`,
  },
  {
    code: 'prd-docked-2020-06', kind: 'prd-docked', titleZh: '珠三角 7 市政务云全部对接',
    titleEn: 'All 7 PRD city clouds docked', dueDate: '2020-06-30', relativeMonths: null,
    targetValue: 7, unit: 'nodes', nodeIds: [], source: `${SEED_001} 四(二)`,
  },
  {
    code: 'systems-2019', kind: 'systems-migrated', titleZh: '省直部门不少于 400 个业务系统迁移上云',
    titleEn: '≥ 400 provincial business systems on the cloud', dueDate: '2019-12-31', relativeMonths: null,
    targetValue: 400, unit: 'systems', nodeIds: ['provincial'], source: `${SEED_001} 三(六)`,
  },
  {
    code: 'systems-2020', kind: 'systems-migrated', titleZh: '省直部门不少于 1000 个业务系统迁移上云',
    titleEn: '≥ 1,000 provincial business systems on the cloud', dueDate: '2020-12-31', relativeMonths: null,
    targetValue: 1000, unit: 'systems', nodeIds: ['provincial'], source: `${SEED_001} 三(六)`,
  },
  {
    code: 'security-platforms-2020', kind: 'security-platforms', titleZh: '全部省市一体化安全运营中心建成（节点上线 6 个月内）',
    titleEn: 'Security operations platform on every node (within 6 months of go-live)', dueDate: '2020-12-31',
    relativeMonths: 6, targetValue: 22, unit: 'nodes', nodeIds: [], source: `${SEED_001} 附表 4`,
  },
  {
    code: 'city-migration-rate', kind: 'city-migration-rate', titleZh: '上线 1 年内业务系统迁移上云率不低于 50%',
    titleEn: 'Migration rate ≥ 50% within one year of go-live', dueDate: null, relativeMonths: 12,
    targetValue: 0.5, unit: 'ratio', nodeIds: [], source: `${SEED_001} 三(六)`,
  },
  {
    code: 'city-usage-rate', kind: 'city-usage-rate', titleZh: '上线 1 年内云资源整体使用率不低于 60%',
    titleEn: 'Overall usage rate ≥ 60% within one year of go-live', dueDate: null, relativeMonths: 12,
    targetValue: 0.6, unit: 'ratio', nodeIds: [], source: `${SEED_001} 三(六)`,
  },
]);

export const MIGRATION_RATE_TARGET = 0.5;
export const USAGE_RATE_TARGET = 0.6;
/** Months between a node's go-live and its evaluation deadline. */
export const EVALUATION_MONTHS = 12;

/** China Standard Time is UTC+8 all year (no daylight saving). */
export const CHINA_UTC_OFFSET_HOURS = 8;

/**
 * The instant a due day ends, China time: a target "by 2019-12-31" is met by whatever is in place
 * at 2019-12-31 24:00 +08:00 (= 16:00 UTC that day). `day` is a calendar day stored as UTC midnight.
 */
export function endOfDueDay(day: Date): Date {
  return new Date(day.getTime() + (24 - CHINA_UTC_OFFSET_HOURS) * 3600_000);
}

/** Days (and their ISO form) are calendar days stored as UTC midnight, as the registry stores them. */
export function parseDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}
