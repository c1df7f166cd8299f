/**
 * A report's data snapshot: computed once for a period and region, serialized canonically
 * (@gcc/domain canonicalJson) and sealed with the sha256 of its UTF-8 bytes. Runs and bulletins
 * store exactly that text; every format (HTML, PDF, XLSX) renders from it, never from live data,
 * so a published figure cannot drift.
 */
import { createHash } from 'node:crypto';
import {
  assessmentFormulas, canonicalJson, cityByCode, FORMULAS, periodLabel, PROVINCE_CODE, REPORT_SNAPSHOT_SCHEMA,
  type ReportKind, type ReportNote, type ReportPeriod, type ReportSnapshot,
} from '@gcc/domain';
import { createRequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import { SIMULATION_META_KEY } from '../registry/simulation-meta.ts';
import { assessProviders } from '../providers/assessment-service.ts';
import { buildEvaluationSection } from './report-evaluation.ts';

export interface SnapshotRequest {
  kind: ReportKind;
  regionCode: string;
  period: ReportPeriod;
  /** The clock: figures are read at min(period end, now). */
  nowMs: number;
  /** Notes the caller knows and the data cannot tell (an overlapping or delayed run). */
  notes?: ReportNote[];
}

export function regionOf(code: string): { code: string; nameZh: string; nameEn: string } {
  if (code === PROVINCE_CODE) return { code, nameZh: '广东省', nameEn: 'Guangdong' };
  const c = cityByCode(code);
  if (!c) throw new GccError('GCC_ERR_INPUT_UNKNOWN_CITY', `no city with code "${code}" (expects 440000 for the province or one of the 21 city codes, e.g. 440200)`);
  return { code, nameZh: c.nameZh, nameEn: c.nameEn };
}

export function reportTitle(kind: ReportKind, regionCode: string): { zh: string; en: string } {
  const r = regionOf(regionCode);
  return kind === 'provider-assessment'
    ? { zh: '政务云服务商考核与结算报告', en: 'Cloud provider assessment and settlement report' }
    : { zh: `${r.nameZh}政务云建设与使用评估报告`, en: `${r.nameEn} government cloud evaluation report` };
}

export async function buildSnapshot(db: Database, vm: VmClient, req: SnapshotRequest): Promise<ReportSnapshot> {
  const { period, nowMs } = req;
  if (period.startMs > nowMs) {
    throw new GccError('GCC_ERR_REPORT_INPUT', `the period ${period.key} starts in the future (${new Date(period.startMs).toISOString()}): reports cover the past and the present`);
  }
  const asOfMs = Math.min(period.endMs, nowMs);
  const ctx = createRequestContext(db, vm, asOfMs);
  const notes: ReportNote[] = [...(req.notes ?? [])];
  if (asOfMs < period.endMs) {
    notes.push({
      code: 'period-in-progress',
      zh: `报告期尚未结束：数据截至 ${new Date(asOfMs).toISOString()}`,
      en: `The period has not ended: figures as of ${new Date(asOfMs).toISOString()}`,
    });
  }
  const region = regionOf(req.regionCode);
  const meta = await db.prisma.systemMeta.findUnique({ where: { key: SIMULATION_META_KEY } });
  const simulated = (meta?.value as { simulated?: boolean } | null)?.simulated === true;

  let evaluation: ReportSnapshot['evaluation'] = null;
  let providers: ReportSnapshot['providers'] = null;
  let formulas = [FORMULAS.migrationRate, FORMULAS.usageRate, FORMULAS.utilization, FORMULAS.evaluationDeadline, FORMULAS.projection];
  if (req.kind === 'evaluation') {
    evaluation = await buildEvaluationSection({ ctx, period, asOfMs, cityCode: req.regionCode === PROVINCE_CODE ? null : req.regionCode, inProgress: asOfMs < period.endMs, notes });
    const anyUsage = evaluation.cities.some((c) => c.usage.value !== null) || evaluation.province.usage !== null;
    if (!anyUsage && evaluation.province.registered === 0) {
      notes.unshift({ code: 'no-data', zh: '本报告期内没有任何数据（无上线节点、无登记业务系统）：各项指标为空', en: 'There is no data for this period (no live node, no registered system): every indicator is empty' });
    } else if (!anyUsage) {
      notes.unshift({ code: 'no-capacity-data', zh: '本报告期内没有采集到资源数据：使用率为空，仅有迁移上云率', en: 'No capacity data was collected for this period: usage rates are empty, migration rates are shown' });
    }
  } else {
    providers = await assessProviders(ctx, period, asOfMs, notes);
    formulas = assessmentFormulas(providers.weights, providers.bands);
  }
  return {
    schema: REPORT_SNAPSHOT_SCHEMA,
    kind: req.kind,
    title: reportTitle(req.kind, req.regionCode),
    region,
    period: {
      key: period.key,
      frequency: period.frequency,
      start: new Date(period.startMs).toISOString(),
      end: new Date(period.endMs).toISOString(),
      label: periodLabel(period),
    },
    generatedAt: new Date(nowMs).toISOString(),
    asOf: new Date(asOfMs).toISOString(),
    simulated,
    notes,
    formulas: [...formulas],
    evaluation,
    providers,
  };
}

export interface SealedSnapshot {
  text: string;
  hash: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sealSnapshot(s: ReportSnapshot): SealedSnapshot {
  const text = canonicalJson(s);
  return { text, hash: sha256Hex(text) };
}

/** Reads a stored snapshot back, checking its hash (a stored row that fails is corrupt, not stale). */
export function openSnapshot(text: string, hash: string): ReportSnapshot {
  if (sha256Hex(text) !== hash) throw new GccError('GCC_ERR_REPORT_NOT_READY', `a stored report snapshot does not match its content hash ${hash.slice(0, 12)}…`);
  const s = JSON.parse(text) as ReportSnapshot;
  if (s.schema !== REPORT_SNAPSHOT_SCHEMA) throw new GccError('GCC_ERR_REPORT_NOT_READY', `a stored report snapshot has schema ${String(s.schema)}, not ${REPORT_SNAPSHOT_SCHEMA}`);
  return s;
}
