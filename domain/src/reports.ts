/**
 * Evaluation reports, bulletins and provider assessment (seed 001 §评估机制 and §4.2 结算; seed 003
 * art. 12 and 20): report periods on the China calendar, the assessment's formula with its
 * configurable weights and settlement bands, and the shape of a report's data snapshot, which the
 * server computes and freezes and the console and the print page render.
 */
import { CHINA_UTC_OFFSET_HOURS } from './plan.ts';
import type { FormulaDescription } from './indicators.ts';
import type { EvaluationScope, IndicatorStatus } from './evaluation.ts';
import { RESOURCE_METRICS } from './metrics.ts';
import { selector } from './queries.ts';

// ---- Periods ---------------------------------------------------------------------------------

export const REPORT_FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'ad-hoc'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** A report period: [start, end) in milliseconds, bounded by China-time midnights. */
export interface ReportPeriod {
  frequency: ReportFrequency;
  /** 2026-W44 (ISO week), 2026-10, 2026-Q4, or adhoc-20261001-20261015 (inclusive days). */
  key: string;
  startMs: number;
  endMs: number;
}

const OFFSET_MS = CHINA_UTC_OFFSET_HOURS * 3600_000;
const DAY_MS = 86_400_000;
/** The instant a China calendar day (y, m0, d) begins. */
const chinaMidnight = (y: number, m0: number, d: number) => Date.UTC(y, m0, d) - OFFSET_MS;
/** The China calendar date of an instant, as a UTC Date whose Y/M/D fields are China's. */
const chinaDate = (ms: number) => new Date(ms + OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

function isoWeek(ms: number): { year: number; week: number; mondayMs: number } {
  const d = chinaDate(ms);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const mondayMs = chinaMidnight(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow);
  // The ISO year is the year of the week's Thursday.
  const thursday = chinaDate(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week1Monday = (() => {
    const jan4 = chinaMidnight(year, 0, 4);
    return jan4 - ((chinaDate(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  })();
  return { year, week: Math.round((mondayMs - week1Monday) / (7 * DAY_MS)) + 1, mondayMs };
}

/** The period of a frequency that contains an instant (ad hoc periods have no calendar). */
export function periodContaining(frequency: Exclude<ReportFrequency, 'ad-hoc'>, atMs: number): ReportPeriod {
  const d = chinaDate(atMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (frequency === 'weekly') {
    const w = isoWeek(atMs);
    return { frequency, key: `${w.year}-W${pad(w.week)}`, startMs: w.mondayMs, endMs: w.mondayMs + 7 * DAY_MS };
  }
  if (frequency === 'monthly') return { frequency, key: `${y}-${pad(m + 1)}`, startMs: chinaMidnight(y, m, 1), endMs: chinaMidnight(y, m + 1, 1) };
  const q = Math.floor(m / 3);
  return { frequency, key: `${y}-Q${q + 1}`, startMs: chinaMidnight(y, q * 3, 1), endMs: chinaMidnight(y, q * 3 + 3, 1) };
}

/** Inclusive China calendar days (YYYY-MM-DD) as an ad hoc period. */
export function adHocPeriod(firstDay: string, lastDay: string): ReportPeriod {
  const [a, b] = [firstDay, lastDay].map((s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) throw new RangeError(`"${s}" is not a day (YYYY-MM-DD)`);
    return chinaMidnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  }) as [number, number];
  if (b < a) throw new RangeError(`the period ends (${lastDay}) before it starts (${firstDay})`);
  return { frequency: 'ad-hoc', key: `adhoc-${firstDay.replace(/-/g, '')}-${lastDay.replace(/-/g, '')}`, startMs: a, endMs: b + DAY_MS };
}

/** Parses a key written by periodContaining or adHocPeriod; throws RangeError naming the problem. */
export function parsePeriodKey(key: string): ReportPeriod {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(key))) {
    const year = Number(m[1]);
    const jan4 = chinaMidnight(year, 0, 4);
    const monday = jan4 - ((chinaDate(jan4).getUTCDay() + 6) % 7) * DAY_MS + (Number(m[2]) - 1) * 7 * DAY_MS;
    const p = periodContaining('weekly', monday);
    if (p.key !== key) throw new RangeError(`${key} is not a week of ${year}`);
    return p;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(key)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return periodContaining('monthly', chinaMidnight(Number(m[1]), Number(m[2]) - 1, 1));
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return periodContaining('quarterly', chinaMidnight(Number(m[1]), (Number(m[2]) - 1) * 3, 1));
  if ((m = /^adhoc-(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})$/.exec(key))) {
    return adHocPeriod(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}-${m[5]}-${m[6]}`);
  }
  throw new RangeError(`"${key}" is not a report period (expected e.g. 2026-W44, 2026-10, 2026-Q4 or adhoc-20261001-20261015)`);
}

/** The period right before one of the same frequency. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  if (p.frequency === 'ad-hoc') return { ...p, key: `${p.key}-previous`, startMs: 2 * p.startMs - p.endMs, endMs: p.startMs };
  return periodContaining(p.frequency, p.startMs - 1);
}

/**
 * Periods of a frequency that have ended by `nowMs` (allowing `graceMs` for late data) and ended
 * after `sinceMs`, oldest first, at most `limit` of the latest.
 */
export function completedPeriods(frequency: Exclude<ReportFrequency, 'ad-hoc'>, sinceMs: number, nowMs: number, graceMs: number, limit: number): ReportPeriod[] {
  const out: ReportPeriod[] = [];
  let p = previousPeriod(periodContaining(frequency, nowMs - graceMs));
  while (p.endMs > sinceMs && out.length < limit) {
    out.unshift(p);
    p = previousPeriod(p);
  }
  return out;
}

/** The China calendar day of an instant, YYYY-MM-DD. */
export function chinaDay(ms: number): string {
  return chinaDate(ms).toISOString().slice(0, 10);
}

export function periodLabel(p: ReportPeriod): { zh: string; en: string } {
  const first = chinaDay(p.startMs);
  const last = chinaDay(p.endMs - 1);
  const [y, mo] = [first.slice(0, 4), Number(first.slice(5, 7))];
  switch (p.frequency) {
    case 'weekly':
      return { zh: `${p.key.slice(0, 4)} 年第 ${Number(p.key.slice(6))} 周（${first} 至 ${last}）`, en: `Week ${Number(p.key.slice(6))} of ${p.key.slice(0, 4)} (${first} to ${last})` };
    case 'monthly':
      return { zh: `${y} 年 ${mo} 月`, en: `${new Date(p.startMs + OFFSET_MS).toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${y}` };
    case 'quarterly':
      return { zh: `${y} 年第 ${p.key.slice(6)} 季度`, en: `Q${p.key.slice(6)} ${y}` };
    default:
      return { zh: `${first} 至 ${last}`, en: `${first} to ${last}` };
  }
}

// ---- Provider assessment ---------------------------------------------------------------------

export const ASSESSMENT_COMPONENTS = ['availability', 'responsiveness', 'satisfaction'] as const;
export type AssessmentComponent = (typeof ASSESSMENT_COMPONENTS)[number];
export type AssessmentWeights = Readonly<Record<AssessmentComponent, number>>;

/** Settlement coefficient for scores at or above minScore (bands sorted by minScore, highest first). */
export interface SettlementBand {
  minScore: number;
  coefficient: number;
}

export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = Object.freeze({ availability: 0.4, responsiveness: 0.3, satisfaction: 0.3 });

export const DEFAULT_SETTLEMENT_BANDS: readonly SettlementBand[] = Object.freeze([
  { minScore: 95, coefficient: 1 },
  { minScore: 90, coefficient: 0.98 },
  { minScore: 85, coefficient: 0.95 },
  { minScore: 80, coefficient: 0.9 },
  { minScore: 70, coefficient: 0.85 },
  { minScore: 0, coefficient: 0.8 },
]);

/** Seed 003 art. 12: a provider responds to an incident within 5 minutes and reports it the same day. */
export const INCIDENT_RESPONSE_MINUTES = 5;
/** A gap between two collections longer than max(this, 2 × the node's mean collection interval) counts as downtime. */
export const AVAILABILITY_GAP_MINUTES = 15;

/** Every problem with a configuration, all at once (empty when valid). */
export function assessmentConfigProblems(weights: Record<string, unknown>, bands: readonly { minScore?: unknown; coefficient?: unknown }[]): string[] {
  const problems: string[] = [];
  for (const c of ASSESSMENT_COMPONENTS) {
    const w = weights[c];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) problems.push(`weight ${c} must be a number ≥ 0`);
  }
  for (const k of Object.keys(weights)) if (!(ASSESSMENT_COMPONENTS as readonly string[]).includes(k)) problems.push(`unknown weight "${k}"`);
  const sum = ASSESSMENT_COMPONENTS.reduce((s, c) => s + (typeof weights[c] === 'number' ? (weights[c] as number) : 0), 0);
  if (!(sum > 0)) problems.push('the weights must not all be 0');
  if (!bands.length) problems.push('at least one settlement band is needed');
  bands.forEach((b, i) => {
    if (typeof b.minScore !== 'number' || b.minScore < 0 || b.minScore > 100) problems.push(`band ${i + 1}: minScore must be within 0–100`);
    if (typeof b.coefficient !== 'number' || b.coefficient < 0 || b.coefficient > 1.5) problems.push(`band ${i + 1}: coefficient must be within 0–1.5`);
  });
  if (bands.length && !bands.some((b) => b.minScore === 0)) problems.push('one band must start at 0 so every score has a coefficient');
  return problems;
}

/**
 * Weighted score 0–100 over the components that have a value; a missing component (e.g. no
 * satisfaction scores entered) is left out with its weight, and the others are renormalized.
 */
export function assessmentScore(components: Readonly<Record<AssessmentComponent, number | null>>, weights: AssessmentWeights = DEFAULT_ASSESSMENT_WEIGHTS): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const c of ASSESSMENT_COMPONENTS) {
    const v = components[c];
    if (v === null || !(weights[c] > 0)) continue;
    sum += weights[c] * Math.min(1, Math.max(0, v));
    weightSum += weights[c];
  }
  return weightSum === 0 ? null : (100 * sum) / weightSum;
}

export function settlementCoefficient(score: number | null, bands: readonly SettlementBand[] = DEFAULT_SETTLEMENT_BANDS): number | null {
  if (score === null) return null;
  const band = [...bands].sort((a, b) => b.minScore - a.minScore).find((b) => score >= b.minScore - 1e-9);
  return band ? band.coefficient : null;
}

const pct = (w: number, total: number) => `${Math.round((1000 * w) / total) / 10}%`;

/** The assessment's formulas with the weights and bands in force, to print beside the scores. */
export function assessmentFormulas(weights: AssessmentWeights, bands: readonly SettlementBand[]): FormulaDescription[] {
  const total = ASSESSMENT_COMPONENTS.reduce((s, c) => s + weights[c], 0) || 1;
  const sorted = [...bands].sort((a, b) => b.minScore - a.minScore);
  return [
    {
      code: 'provider-availability',
      zh: `可用率 = 1 − 不可用时长 ÷ 考核时长；不可用 = 运维记录的中断故障时段 ∪ 采集中断（两次采集间隔超过 max(${AVAILABILITY_GAP_MINUTES} 分钟, 2 × 平均采集间隔)）；节点期中上线的从上线起算`,
      en: `Availability = 1 − downtime ÷ assessed time; downtime = outage incidents ∪ collection gaps (two collections further apart than max(${AVAILABILITY_GAP_MINUTES} min, 2 × the mean collection interval)); a node that went live mid-period counts from its go-live`,
    },
    {
      code: 'provider-responsiveness',
      zh: `响应及时率 = ${INCIDENT_RESPONSE_MINUTES} 分钟内响应且当日报告的故障数 ÷ 故障总数（期内无故障计 100%）`,
      en: `Responsiveness = incidents responded to within ${INCIDENT_RESPONSE_MINUTES} minutes and reported the same day ÷ all incidents (100% when there were none)`,
    },
    {
      code: 'provider-satisfaction',
      zh: '满意度 = 各部门当期满意度评分（0–100）的平均值 ÷ 100',
      en: 'Satisfaction = mean of the departments\' scores (0–100) for the period ÷ 100',
    },
    {
      code: 'provider-score',
      zh: `考核得分 = 100 × (${pct(weights.availability, total)} × 可用率 + ${pct(weights.responsiveness, total)} × 响应及时率 + ${pct(weights.satisfaction, total)} × 满意度)；缺项不计，其余权重按比例放大`,
      en: `Score = 100 × (${pct(weights.availability, total)} × availability + ${pct(weights.responsiveness, total)} × responsiveness + ${pct(weights.satisfaction, total)} × satisfaction); a missing component is left out and the other weights scaled up`,
    },
    {
      code: 'settlement-coefficient',
      zh: `结算系数：${sorted.map((b) => `得分 ≥ ${b.minScore} → ${b.coefficient}`).join('；')}；结算金额 = 合同金额 × 结算系数`,
      en: `Settlement coefficient: ${sorted.map((b) => `score ≥ ${b.minScore} → ${b.coefficient}`).join('; ')}; payment = contract amount × coefficient`,
    },
  ];
}

// ---- The report snapshot ---------------------------------------------------------------------

export const REPORT_SNAPSHOT_SCHEMA = 'gcc-report/1';
export type ReportKind = 'evaluation' | 'provider-assessment';

export interface Bilingual {
  zh: string;
  en: string;
}

/** Something the reader must know about the figures: no data, a mid-period go-live, a delayed run… */
export interface ReportNote extends Bilingual {
  code: 'no-data' | 'no-capacity-data' | 'went-live-mid-period' | 'not-live' | 'stale' | 'period-in-progress' | 'overlap' | 'delayed' | 'no-satisfaction' | 'no-incidents' | 'no-nodes' | 'not-evaluated';
  /** The city or provider it concerns; absent for the whole report. */
  subject?: string;
}

export interface IndicatorSnapshot {
  value: number | null;
  /** At the period's start; null when the subject was not live then (mid-period go-live). */
  atStart: number | null;
  status: IndicatorStatus | null;
  atDeadline: number | null;
  projected: number | null;
  gap: Bilingual | null;
  rank: number | null;
}

export interface CityReportRow {
  code: string;
  nameZh: string;
  nameEn: string;
  group: 'province-built' | 'prd';
  nodeId: string | null;
  construction: {
    /** live | planned (not live yet) | none (no node in the registry) */
    state: 'live' | 'planned' | 'none';
    goLiveDate: string | null;
    plannedGoLiveDate: string | null;
    dockingDate: string | null;
    plannedDockingDate: string | null;
    interconnectDate: string | null;
    /** The node went live inside the period. */
    wentLiveInPeriod: boolean;
  };
  scope: EvaluationScope;
  deadline: string | null;
  daysLeft: number | null;
  status: IndicatorStatus | null;
  migration: IndicatorSnapshot & { registered: number; onCloud: number; inScope: number; classified: number; exempt: number };
  usage: IndicatorSnapshot & { vcpu: number | null; memory: number | null; storage: number | null; utilization: number | null; stale: boolean };
  vcpu: { total: number | null; allocated: number | null; used: number | null };
}

export interface MilestoneReportRow {
  code: string;
  titleZh: string;
  titleEn: string;
  unit: string;
  plannedValue: number;
  dueDate: string | null;
  actualAtDue: number | null;
  actualNow: number | null;
  achievedOn: string | null;
  status: IndicatorStatus | null;
}

export interface TrendSnapshot {
  /** Instants (ISO) of the points: day ends within the period (week ends for a quarter). */
  t: string[];
  migration: (number | null)[];
  usage: (number | null)[];
}

export interface EvaluationSection {
  targets: { migration: number; usage: number };
  province: {
    migration: number | null;
    usage: number | null;
    utilization: number | null;
    registered: number;
    onCloud: number;
    inScope: number;
    vcpu: { total: number | null; allocated: number | null; used: number | null };
    /** Cities subject to the one-year rule; of them, those met or on track, and those missed or at risk. */
    citiesEvaluated: number;
    citiesPassing: number;
    citiesFailing: number;
  };
  cities: CityReportRow[];
  milestones: MilestoneReportRow[];
  /** The province's trend, and each city's, over the period. */
  trend: TrendSnapshot & { cities: Record<string, { migration: (number | null)[]; usage: (number | null)[] }> };
}

export interface ProviderAssessmentRow {
  providerId: string;
  nameZh: string;
  nameEn: string | null;
  nodeIds: string[];
  availability: number | null;
  downtimeMinutes: number | null;
  assessedMinutes: number;
  responsiveness: number | null;
  incidents: number;
  incidentsOnTime: number;
  meanResponseMinutes: number | null;
  satisfaction: number | null;
  satisfactionScores: number;
  score: number | null;
  coefficient: number | null;
}

export interface ProviderSection {
  weights: AssessmentWeights;
  bands: SettlementBand[];
  providers: ProviderAssessmentRow[];
}

export interface ReportSnapshot {
  schema: typeof REPORT_SNAPSHOT_SCHEMA;
  kind: ReportKind;
  title: Bilingual;
  region: { code: string; nameZh: string; nameEn: string };
  period: { key: string; frequency: ReportFrequency; start: string; end: string; label: Bilingual };
  /** When the snapshot was computed, and the instant the figures are read at (the period's end, or then if earlier). */
  generatedAt: string;
  asOf: string;
  simulated: boolean;
  notes: ReportNote[];
  formulas: FormulaDescription[];
  evaluation: EvaluationSection | null;
  providers: ProviderSection | null;
}

/**
 * The one serialization that is hashed and stored: keys sorted at every level, no whitespace,
 * so the same snapshot always has the same bytes and sha256, whoever computes it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

// ---- MetricsQL for availability ------------------------------------------------------------

/** Capacity samples per node (busiest data centre) within the window ending at the query instant. */
export function collectionCountByNode(windowSeconds: number): string {
  return `max by (node) (count_over_time(${selector(RESOURCE_METRICS.vcpu.name, { measure: 'total' })}[${Math.max(1, Math.round(windowSeconds))}s]))`;
}

/** Seconds since each node's latest capacity sample (any data centre), at each step; absent when none within the window. */
export function collectionLagByNode(windowSeconds: number): string {
  return `min by (node) (lag(${selector(RESOURCE_METRICS.vcpu.name, { measure: 'total' })}[${Math.max(60, Math.ceil(windowSeconds))}s]))`;
}
