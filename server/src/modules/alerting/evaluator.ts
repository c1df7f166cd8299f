/**
 * One evaluation cycle over the whole province: every enabled rule observes its scope at one
 * instant (one request context: each VictoriaMetrics and database read happens once per cycle
 * however many rules share it), then observations are reconciled with the stored state:
 *
 *   observed, no alert, forSeconds = 0 or held that long  → FIRING (+ notification unless silenced)
 *   observed, no alert, not held long enough              → pending (since the first sighting)
 *   observed, alert FIRING/ACKNOWLEDGED                   → value and summary kept current
 *   not observed, alert FIRING/ACKNOWLEDGED               → RESOLVED by the evaluator (+ notification)
 *   rule disabled or deleted                              → its alerts RESOLVED, its pendings dropped
 *
 * A rule whose observation fails (VictoriaMetrics down) changes nothing this cycle: an outage of
 * the data source never resolves alerts nor fires new ones. The cycle runs under the cluster's
 * leader lock (leader.ts); the unique activeKey keeps one unresolved alert per fingerprint even if
 * two cycles ever raced.
 */
import type { AlertRuleDefinition } from '@gcc/domain';
import type { FastifyBaseLogger } from 'fastify';
import { createRequestContext } from '../../context.ts';
import type { Database } from '../../infra/db/open-database.ts';
import type { VmClient } from '../../infra/vm/vm-client.ts';
import type { Alert, AlertSilence } from '../../generated/prisma/client.ts';
import { observe, type Observation } from './conditions.ts';
import { enqueueNotifications } from './notifier.ts';
import { ruleFromRow } from './rule-schema.ts';

export const EVALUATOR_ACTOR = 'evaluator';

export interface CycleResult {
  atMs: number;
  rules: number;
  failedRules: string[];
  observations: number;
  fired: number;
  resolved: number;
  pending: number;
  notificationsQueued: number;
}

export function silenceMatches(s: Pick<AlertSilence, 'ruleId' | 'nodeId' | 'regionCode' | 'startsAt' | 'endsAt' | 'cancelledAt'>, a: { ruleId: string; nodeId: string | null; regionCode: string | null }, atMs: number): boolean {
  if (s.cancelledAt || s.startsAt.getTime() > atMs || s.endsAt.getTime() <= atMs) return false;
  return (!s.ruleId || s.ruleId === a.ruleId) && (!s.nodeId || s.nodeId === a.nodeId) && (!s.regionCode || s.regionCode === a.regionCode);
}

export async function runCycle(db: Database, vm: VmClient, log: FastifyBaseLogger, nowMs = Date.now()): Promise<CycleResult> {
  const now = new Date(nowMs);
  const ctx = createRequestContext(db, vm, nowMs);
  const [ruleRows, active, pendings, silences] = await Promise.all([
    db.prisma.alertRule.findMany(),
    db.prisma.alert.findMany({ where: { state: { not: 'RESOLVED' } } }),
    db.prisma.alertPending.findMany(),
    db.prisma.alertSilence.findMany({ where: { cancelledAt: null, endsAt: { gt: now } } }),
  ]);
  const result: CycleResult = { atMs: nowMs, rules: 0, failedRules: [], observations: 0, fired: 0, resolved: 0, pending: 0, notificationsQueued: 0 };

  const rules: AlertRuleDefinition[] = [];
  for (const row of ruleRows) {
    if (!row.enabled) continue;
    try {
      rules.push(ruleFromRow(row));
    } catch (err) {
      log.error({ err, rule: row.id }, 'alerting: stored rule is not valid; skipped');
      result.failedRules.push(row.id);
    }
  }
  result.rules = rules.length;
  const evaluated = new Set<string>();
  const observed = new Map<string, { rule: AlertRuleDefinition; o: Observation }>();
  // Rules run one after another: they share the context's loaders, so the second rule over the
  // same figures costs nothing, and VictoriaMetrics never sees a burst from one replica.
  for (const rule of rules) {
    try {
      for (const o of await observe(ctx, rule)) observed.set(o.fingerprint, { rule, o });
      evaluated.add(rule.id);
    } catch (err) {
      log.warn({ err, rule: rule.id }, 'alerting: rule could not be evaluated this cycle; its alerts are left as they are');
      result.failedRules.push(rule.id);
    }
  }
  result.observations = observed.size;

  const activeByFp = new Map(active.map((a) => [a.fingerprint, a]));
  const pendingByFp = new Map(pendings.map((p) => [p.fingerprint, p]));
  const ruleIds = new Set(rules.map((r) => r.id));

  for (const [fp, { rule, o }] of observed) {
    const alert = activeByFp.get(fp);
    if (alert) {
      if (alert.value !== o.value || alert.summaryZh !== o.summaryZh) {
        await db.prisma.alert.update({ where: { id: alert.id }, data: { value: o.value, summaryZh: o.summaryZh, summaryEn: o.summaryEn, lastEvaluatedAt: now } });
      }
      continue;
    }
    const pending = pendingByFp.get(fp);
    const since = pending?.since ?? now;
    if (rule.forSeconds > 0 && nowMs - since.getTime() < rule.forSeconds * 1000) {
      if (pending) await db.prisma.alertPending.update({ where: { fingerprint: fp }, data: { lastSeenAt: now } });
      else await db.prisma.alertPending.create({ data: { fingerprint: fp, ruleId: rule.id, since: now, lastSeenAt: now } });
      result.pending++;
      continue;
    }
    const silence = silences.find((s) => silenceMatches(s, { ruleId: rule.id, nodeId: o.nodeId, regionCode: o.regionCode }, nowMs));
    let created: Alert;
    try {
      created = await db.prisma.alert.create({
        data: {
          ruleId: rule.id, fingerprint: fp, activeKey: fp, state: 'FIRING', severity: rule.severity === 'critical' ? 'CRITICAL' : 'WARNING',
          nodeId: o.nodeId, regionCode: o.regionCode, subject: o.subject, summaryZh: o.summaryZh, summaryEn: o.summaryEn, value: o.value,
          startsAt: since, firedAt: now, lastEvaluatedAt: now, silenceId: silence?.id ?? null,
          history: { create: { action: 'fired', actor: EVALUATOR_ACTOR, at: now, note: silence ? `silenced by ${silence.id} (${silence.comment})` : null } },
        },
      });
    } catch (err) {
      // Another cycle created it first (unique activeKey): nothing to do.
      if ((err as { code?: string }).code === 'P2002') continue;
      throw err;
    }
    if (pending) await db.prisma.alertPending.delete({ where: { fingerprint: fp } }).catch(() => undefined);
    result.fired++;
    if (!silence) result.notificationsQueued += await enqueueNotifications(db, created, 'fired', EVALUATOR_ACTOR);
  }

  for (const alert of active) {
    const gone = evaluated.has(alert.ruleId) && !observed.has(alert.fingerprint);
    const ruleOff = !ruleIds.has(alert.ruleId) && !result.failedRules.includes(alert.ruleId);
    if (!gone && !ruleOff) continue;
    const resolved = await db.prisma.alert.update({
      where: { id: alert.id },
      data: {
        state: 'RESOLVED', activeKey: null, resolvedAt: now, resolvedBy: EVALUATOR_ACTOR, lastEvaluatedAt: now,
        history: { create: { action: 'resolved', actor: EVALUATOR_ACTOR, at: now, note: ruleOff ? 'rule disabled or removed' : 'condition no longer holds' } },
      },
    });
    result.resolved++;
    // An alert nobody was told about (it fired silenced) resolves quietly too.
    if (!alert.silenceId) result.notificationsQueued += await enqueueNotifications(db, resolved, 'resolved', EVALUATOR_ACTOR);
  }

  const stalePendings = pendings.filter((p) => (evaluated.has(p.ruleId) || !ruleIds.has(p.ruleId)) && !observed.has(p.fingerprint)).map((p) => p.fingerprint);
  if (stalePendings.length) await db.prisma.alertPending.deleteMany({ where: { fingerprint: { in: stalePendings } } });
  return result;
}
