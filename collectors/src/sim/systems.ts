/**
 * Simulated business systems of one region, with status histories shaped so the share of in-scope
 * systems on the cloud follows the node model's migration curve. Ranks, not coin flips, decide
 * who migrates when, so the rate at any date is the curve's value to within one system.
 */
import { interpolate, inverse, type Knot } from './curve.ts';
import { DAY_MS, dateMs, isoDate } from './dates.ts';
import type { DepartmentDraft } from './departments.ts';
import type { Rng } from './prng.ts';

export type SystemStatus = 'PLANNED' | 'MIGRATING' | 'ON_CLOUD' | 'EXEMPT' | 'CLASSIFIED';

export interface SimSystem {
  code: string;
  nameZh: string;
  departmentCode: string;
  regionCode: string;
  nodeId: string | null;
  registeredAt: string;
  /** In time order; the last entry is the current status. */
  history: { status: SystemStatus; at: string }[];
}

const KINDS = [
  '行政审批系统', '政务服务事项管理系统', '数据共享交换平台', '门户网站', '协同办公系统', '档案管理系统', '视频会议系统',
  '业务监管平台', '统计分析系统', '信息发布系统', '电子证照系统', '公共信用信息系统', '应急指挥系统', '财务管理系统',
  '人事管理系统', '业务受理系统', '地理信息平台', '执法办案系统', '决策支持系统', '热线工单系统',
] as const;
const PHASES = ['', '二期', '三期', '四期', '五期', '六期'];

/** Share of registered systems classified (涉密) and exempted by expert review. */
const CLASSIFIED_SHARE = 0.035;
const EXEMPT_SHARE = 0.05;

export interface RegionSystemsPlan {
  regionCode: string;
  nodeId: string;
  count: number;
  departments: readonly DepartmentDraft[];
  /** Most systems are registered in the survey before go-live; the rest trickle in later. */
  earlyWindow: readonly [from: string, to: string];
  lateWindow: readonly [from: string, to: string];
  lateShare: number;
  migrationKnots: readonly Knot[];
  referenceDate: string;
}

function pickWeighted(rng: Rng, items: readonly DepartmentDraft[], total: number): DepartmentDraft {
  let x = rng.next() * total;
  for (const d of items) {
    x -= d.weight;
    if (x <= 0) return d;
  }
  return items[items.length - 1]!;
}

export function simulateSystems(rng: Rng, plan: RegionSystemsPlan): SimSystem[] {
  const ref = dateMs(plan.referenceDate);
  const between = (from: string, to: string) => Math.floor(rng.between(dateMs(from), dateMs(to)) / DAY_MS) * DAY_MS;
  const weightSum = plan.departments.reduce((s, d) => s + d.weight, 0);
  const perDeptKind = new Map<string, number>();

  const drafts = Array.from({ length: plan.count }, (_, i) => {
    const dept = pickWeighted(rng, plan.departments, weightSum);
    const kind = rng.pick(KINDS);
    const seen = (perDeptKind.get(`${dept.code}/${kind}`) ?? 0) + 1;
    perDeptKind.set(`${dept.code}/${kind}`, seen);
    const late = rng.next() < plan.lateShare;
    const registered = late ? between(...plan.lateWindow) : between(...plan.earlyWindow);
    return {
      code: `SIM-${plan.regionCode}-S${String(i + 1).padStart(4, '0')}`,
      nameZh: `${dept.nameZh}${kind}${PHASES[Math.min(seen, PHASES.length) - 1]}（模拟）`,
      departmentCode: dept.code,
      registered,
    };
  });

  // Exact shares of classified and exempt systems, chosen by a shuffle.
  const order = rng.shuffle(drafts.map((_, i) => i));
  const classifiedCount = Math.round(plan.count * CLASSIFIED_SHARE);
  const exemptCount = Math.round(plan.count * EXEMPT_SHARE);
  const classified = new Set(order.slice(0, classifiedCount));
  const exempt = new Set(order.slice(classifiedCount, classifiedCount + exemptCount));
  const inScope = order.slice(classifiedCount + exemptCount);
  // The k-th in-scope system (in a random order) migrates when the curve passes (k + ½) / n.
  const quantile = new Map(inScope.map((idx, k) => [idx, (k + 0.5) / inScope.length]));
  const onCloudNow = interpolate(plan.migrationKnots, ref);

  return drafts.map((d, i): SimSystem => {
    const base = { code: d.code, nameZh: d.nameZh, departmentCode: d.departmentCode, regionCode: plan.regionCode, registeredAt: isoDate(d.registered) };
    if (classified.has(i)) return { ...base, nodeId: null, history: [{ status: 'CLASSIFIED', at: base.registeredAt }] };
    const history: SimSystem['history'] = [{ status: 'PLANNED', at: base.registeredAt }];
    if (exempt.has(i)) {
      const at = Math.min(ref, d.registered + rng.int(20, 120) * DAY_MS);
      history.push({ status: 'EXEMPT', at: isoDate(at) });
      return { ...base, nodeId: null, history };
    }
    const q = quantile.get(i)!;
    const curveAt = q <= onCloudNow ? inverse(plan.migrationKnots, q) : null;
    if (curveAt !== null) {
      const onCloud = Math.min(ref, Math.max(curveAt, d.registered + 45 * DAY_MS));
      const started = Math.max(d.registered + DAY_MS, onCloud - rng.int(15, 90) * DAY_MS);
      history.push({ status: 'MIGRATING', at: isoDate(started) }, { status: 'ON_CLOUD', at: isoDate(onCloud) });
    } else if (q <= onCloudNow + 0.04) {
      // Next in line: migration under way.
      const started = Math.max(d.registered + DAY_MS, ref - rng.int(5, 80) * DAY_MS);
      if (started <= ref) history.push({ status: 'MIGRATING', at: isoDate(started) });
    }
    return { ...base, nodeId: plan.nodeId, history };
  });
}

/** A system's status on a day (ISO date), or null if it was not registered yet. */
export function statusOn(system: SimSystem, isoDay: string): SystemStatus | null {
  if (system.registeredAt > isoDay) return null;
  let status: SystemStatus | null = null;
  for (const h of system.history) {
    if (h.at <= isoDay) status = h.status;
    else break;
  }
  return status ?? 'PLANNED';
}
