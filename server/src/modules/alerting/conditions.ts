/**
 * What each kind of rule observes, for the nodes in its scope at one instant. An observation is a
 * condition that holds now for one subject (a node, a node's resource, a node's indicator); the
 * evaluator turns observations into pending, firing and resolved alerts. Everything is read once
 * per evaluation through the request context's loaders, with the formulas of the modules that own
 * them (capacity, credibility, indicators, security posture): nothing is recomputed here.
 */
import {
  allocationSlopeByNode, RESOURCE_METRICS, SECURITY_SEVERITIES, severityRank, type AlertRuleDefinition, type AlertRuleParams, type Resource,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';
import { enumValue } from '../indicators/indicators-service.ts';
import { isLiveAt, LOOKBACK } from '../capacity/capacity-service.ts';
import { lastGoodPulls } from '../credibility/credibility-service.ts';
import { evaluationOf, type IndicatorEvaluation, type Subject } from '../indicators/indicators-service.ts';
import { postureOf } from '../security/posture-service.ts';

export interface Observation {
  /** rule id + subject: the identity of an alert across evaluations. */
  fingerprint: string;
  subject: string;
  nodeId: string | null;
  regionCode: string | null;
  value: number | null;
  summaryZh: string;
  summaryEn: string;
}

type Rule<K extends keyof AlertRuleParams> = AlertRuleDefinition<K>;

export function nodesInScope(rule: AlertRuleDefinition, nodes: readonly Node[]): Node[] {
  const s = rule.scope;
  if (!s || (!s.nodeIds?.length && !s.regionCodes?.length)) return [...nodes];
  return nodes.filter((n) => s.nodeIds?.includes(n.id) || s.regionCodes?.includes(n.regionCode));
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const minutes = (s: number) => Math.round(s / 60);
const RES_ZH: Record<Resource, string> = { vcpu: 'vCPU', memory: '内存', storage: '存储' };

function obs(rule: AlertRuleDefinition, node: Node, subject: string, value: number | null, zh: string, en: string): Observation {
  return {
    fingerprint: `${rule.id}|${node.id}${subject ? `|${subject}` : ''}`,
    subject: subject ? `${node.id}/${subject}` : node.id,
    nodeId: node.id,
    regionCode: node.regionCode,
    value,
    summaryZh: `${node.nameZh}：${zh}`,
    summaryEn: `${node.nameEn}: ${en}`,
  };
}

async function nodeStale(ctx: RequestContext, rule: Rule<'node-stale'>, nodes: Node[]): Promise<Observation[]> {
  const pulls = await lastGoodPulls(ctx, ctx.nowMs);
  const limit = rule.params.staleAfterSeconds;
  return nodes.flatMap((n) => {
    if (!isLiveAt(n, ctx.nowMs)) return [];
    const last = pulls.get(n.id);
    if (last === undefined) return [obs(rule, n, '', null, `${LOOKBACK} 内无成功采集`, `no good pull within ${LOOKBACK}`)];
    const age = (ctx.nowMs - last) / 1000;
    return age > limit ? [obs(rule, n, '', age, `已 ${minutes(age)} 分钟无成功采集（阈值 ${minutes(limit)} 分钟）`, `no good pull for ${minutes(age)} min (threshold ${minutes(limit)} min)`)] : [];
  });
}

async function capacityHeadroom(ctx: RequestContext, rule: Rule<'capacity-headroom'>, nodes: Node[]): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const resource of rule.params.resources) {
    const readings = await ctx.loaders.capacity(resource, ctx.nowMs);
    for (const n of nodes) {
      const v = readings.get(n.id)?.values;
      if (!v?.total || v.allocated === undefined) continue;
      const headroom = 1 - v.allocated / v.total;
      if (headroom < rule.params.minHeadroom) {
        out.push(obs(rule, n, resource, headroom,
          `${RES_ZH[resource]}余量 ${pct(headroom)}，低于 ${pct(rule.params.minHeadroom)}`,
          `${resource} headroom ${pct(headroom)}, below ${pct(rule.params.minHeadroom)}`));
      }
    }
  }
  return out;
}

async function capacityExhaustion(ctx: RequestContext, rule: Rule<'capacity-exhaustion'>, nodes: Node[]): Promise<Observation[]> {
  const out: Observation[] = [];
  await Promise.all(
    rule.params.resources.map(async (resource) => {
      const [readings, slopes] = await Promise.all([
        ctx.loaders.capacity(resource, ctx.nowMs),
        ctx.memo(`slope:${resource}:${rule.params.windowDays}`, () => ctx.vm.instant(allocationSlopeByNode(resource, `${rule.params.windowDays}d`), ctx.nowMs)),
      ]);
      const slopeOf = new Map(slopes.map((s) => [s.metric.node, s.value]));
      for (const n of nodes) {
        const v = readings.get(n.id)?.values;
        const perDay = (slopeOf.get(n.id) ?? 0) * 86_400;
        if (!v?.total || v.allocated === undefined || !(perDay > 0)) continue;
        const days = Math.max(0, (v.total - v.allocated) / perDay);
        if (days <= rule.params.withinDays) {
          const unit = RESOURCE_METRICS[resource];
          const rate = `${(perDay / unit.displayDivisor).toFixed(1)} ${unit.displayUnit}`;
          out.push(obs(rule, n, resource, days,
            `按近 ${rule.params.windowDays} 天趋势（每天 +${rate}），${RES_ZH[resource]}约 ${days.toFixed(1)} 天后耗尽`,
            `at the ${rule.params.windowDays}-day trend (+${rate}/day) ${resource} is exhausted in about ${days.toFixed(1)} days`));
        }
      }
    }),
  );
  return out;
}

async function uptakeAtRisk(ctx: RequestContext, rule: Rule<'uptake-at-risk'>, nodes: Node[]): Promise<Observation[]> {
  const out: Observation[] = [];
  const statuses = new Set<string>(rule.params.statuses);
  for (const n of nodes) {
    const subject: Subject = { regionCodes: [n.regionCode], nodeIds: [n.id], node: n, atMs: ctx.nowMs };
    const e = await evaluationOf(ctx, subject);
    if (!e) continue;
    const deadline = e.deadline.toISOString().slice(0, 10);
    const check = (what: 'migration' | 'usage', i: IndicatorEvaluation, zh: string) => {
      const status = enumValue(i.status);
      if (!statuses.has(status)) return;
      const value = status === 'MISSED' ? i.atDeadline : i.projected;
      const shown = value === null ? '—' : pct(value);
      out.push(obs(rule, n, what, value,
        status === 'MISSED' ? `${zh}期限 ${deadline} 时为 ${shown}，未达 ${pct(i.target)}` : `${zh}预计到期限 ${deadline} 为 ${shown}，低于目标 ${pct(i.target)}`,
        status === 'MISSED' ? `${what} rate was ${shown} at the ${deadline} deadline, target ${pct(i.target)}` : `${what} rate projected ${shown} by the ${deadline} deadline, target ${pct(i.target)}`));
    };
    check('migration', e.migration, '迁移上云率');
    check('usage', e.usage, '资源整体使用率');
  }
  return out;
}

async function securityCritical(ctx: RequestContext, rule: Rule<'security-critical'>, nodes: Node[]): Promise<Observation[]> {
  const p = rule.params;
  const severities = SECURITY_SEVERITIES.filter((s) => severityRank(s) >= severityRank(p.minSeverity)).map(enumValue);
  const since = new Date(ctx.nowMs - p.windowMinutes * 60_000).toISOString();
  const rows = await ctx.db.sql.query<{ nodeId: string; n: string | number }>(
    `SELECT "nodeId", count(*) AS n FROM "SecurityEvent" WHERE "closedAt" IS NULL AND "occurredAt" >= $1 AND "severity"::text = ANY($2::text[]) GROUP BY 1`,
    [since, severities],
  );
  const counts = new Map(rows.map((r) => [r.nodeId, Number(r.n)]));
  return nodes.flatMap((n) => {
    const c = counts.get(n.id) ?? 0;
    return c > p.threshold
      ? [obs(rule, n, '', c, `近 ${p.windowMinutes} 分钟有 ${c} 个未关闭的${p.minSeverity === 'critical' ? '严重' : `${p.minSeverity}及以上`}安全事件`, `${c} open ${p.minSeverity}${p.minSeverity === 'critical' ? '' : '+'} security events in the last ${p.windowMinutes} min`)]
      : [];
  });
}

async function securitySilent(ctx: RequestContext, rule: Rule<'security-silent'>, nodes: Node[]): Promise<Observation[]> {
  const limit = rule.params.silentAfterSeconds;
  return (await postureOf(ctx, nodes)).flatMap((p, i) => {
    if (!p.platformLive) return [];
    const age = p.secondsSinceLastReport;
    if (age !== null && age <= limit) return [];
    return [obs(rule, nodes[i]!, '', age,
      age === null ? '安全运营平台从未上报' : `安全运营平台已 ${minutes(age)} 分钟未上报（阈值 ${minutes(limit)} 分钟）`,
      age === null ? 'security platform has never reported' : `security platform silent for ${minutes(age)} min (threshold ${minutes(limit)} min)`)];
  });
}

const OBSERVERS: { [K in keyof AlertRuleParams]: (ctx: RequestContext, rule: Rule<K>, nodes: Node[]) => Promise<Observation[]> } = {
  'node-stale': nodeStale,
  'capacity-headroom': capacityHeadroom,
  'capacity-exhaustion': capacityExhaustion,
  'uptake-at-risk': uptakeAtRisk,
  'security-critical': securityCritical,
  'security-silent': securitySilent,
};

export async function observe(ctx: RequestContext, rule: AlertRuleDefinition): Promise<Observation[]> {
  const nodes = nodesInScope(rule, await ctx.loaders.allNodes());
  return (OBSERVERS[rule.kind] as (ctx: RequestContext, rule: AlertRuleDefinition, nodes: Node[]) => Promise<Observation[]>)(ctx, rule, nodes);
}
