/**
 * The report's own labels in both languages. A report is a document, rendered the same in the
 * console and on the print page (which runs without the console's i18n setup), so its words live
 * here beside it; the figures and explanations come bilingual in the snapshot itself.
 */
import type { Bilingual, EvaluationScope, IndicatorStatus } from '@gcc/domain';
import { formatInteger, formatPercent, NO_DATA } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locale.ts';

const L = (zh: string, en: string): Bilingual => ({ zh, en });

export const REPORT_LABELS = {
  region: L('地区', 'Region'),
  period: L('报告期', 'Period'),
  asOf: L('数据时点', 'Figures as of'),
  generatedAt: L('生成时间', 'Generated'),
  contentHash: L('内容哈希（SHA-256）', 'Content hash (SHA-256)'),
  simulated: L('模拟数据：本报告数字来自模拟省份，不是真实节点数据', 'SIMULATED DATA: these figures come from the simulated province, not from real nodes'),
  notes: L('说明', 'Notes'),
  summary: L('全省概况', 'Summary'),
  summaryCity: L('概况', 'Summary'),
  migrationRate: L('迁移上云率', 'Migration rate'),
  usageRate: L('资源整体使用率', 'Overall usage rate'),
  utilization: L('实际使用率', 'Actual utilization'),
  target: L('目标', 'Target'),
  systems: L('业务系统（已上云 / 纳入统计 / 登记）', 'Systems (on cloud / in scope / registered)'),
  vcpu: L('vCPU（已分配 / 总量）', 'vCPU (allocated / total)'),
  cities: L('参评城市（达标或按期 / 未达标或有风险）', 'Cities evaluated (met or on track / missed or at risk)'),
  cityTable: L('各市建设、对接与使用情况', 'Cities: construction, docking and uptake'),
  city: L('城市', 'City'),
  construction: L('建设 / 对接', 'Construction / docking'),
  goLive: L('上线', 'Go-live'),
  deadline: L('评估期限', 'Deadline'),
  now: L('当前', 'Now'),
  atDeadline: L('期限时', 'At deadline'),
  change: L('期内变化', 'Change'),
  rank: L('排名', 'Rank'),
  status: L('结论', 'Status'),
  gap: L('差距', 'Gap'),
  chartMigration: L('各市迁移上云率（虚线为 50% 目标）', 'Migration rate by city (dashed: 50% target)'),
  chartUsage: L('各市资源整体使用率（虚线为 60% 目标）', 'Overall usage rate by city (dashed: 60% target)'),
  chartTrend: L('报告期内趋势', 'Trend over the period'),
  milestones: L('规划里程碑：计划与实际', 'Plan milestones: planned vs actual'),
  milestone: L('里程碑', 'Milestone'),
  planned: L('计划', 'Planned'),
  due: L('期限', 'Due'),
  actualAtDue: L('期限时实际', 'Actual at due'),
  actualNow: L('当前实际', 'Actual now'),
  achievedOn: L('达成日期', 'Achieved on'),
  formulas: L('计算公式', 'Formulas'),
  providers: L('云服务商考核与结算系数', 'Provider assessment and settlement coefficients'),
  provider: L('服务商', 'Provider'),
  nodes: L('负责节点', 'Nodes'),
  availability: L('可用率', 'Availability'),
  downtime: L('不可用（分钟）', 'Downtime (min)'),
  responsiveness: L('响应及时率', 'Responsiveness'),
  incidents: L('故障（及时 / 总数）', 'Incidents (on time / all)'),
  satisfaction: L('满意度', 'Satisfaction'),
  score: L('考核得分', 'Score'),
  coefficient: L('结算系数', 'Settlement coefficient'),
  weights: L('权重', 'Weights'),
  chartScores: L('各服务商考核得分', 'Score by provider'),
  none: L('无', 'None'),
} as const;

export type ReportLabel = keyof typeof REPORT_LABELS;

export const STATUS_LABELS: Record<IndicatorStatus, Bilingual> = {
  'on-track': L('按期', 'On track'),
  'at-risk': L('有风险', 'At risk'),
  met: L('达标', 'Met'),
  missed: L('未达标', 'Missed'),
};

export const SCOPE_LABELS: Record<EvaluationScope, Bilingual> = {
  evaluated: L('评估', 'Evaluated'),
  'display-only': L('仅统一展示', 'Display only'),
  'not-live': L('未上线', 'Not live'),
  provincial: L('省级', 'Provincial'),
};

export const STATE_LABELS: Record<'live' | 'planned' | 'none', Bilingual> = {
  live: L('已上线', 'Live'),
  planned: L('建设中', 'Being built'),
  none: L('无节点', 'No node'),
};

export const pick = (b: Bilingual, locale: Locale) => (locale === 'en' ? b.en : b.zh);
export const label = (key: ReportLabel, locale: Locale) => pick(REPORT_LABELS[key], locale);
export const pct = (v: number | null | undefined, locale: Locale) => formatPercent(v, locale);
export const int = (v: number | null | undefined, locale: Locale) => formatInteger(v, locale);
/** A change in percentage points: +3.2 pp. */
export function pp(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return NO_DATA;
  const x = Math.round(v * 1000) / 10;
  return `${x > 0 ? '+' : ''}${x.toFixed(1)} pp`;
}
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : NO_DATA);
/** An instant shown in China time, to the minute. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
