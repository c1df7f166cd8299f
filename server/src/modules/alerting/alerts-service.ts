/**
 * What people do with alerts: acknowledge (recorded with who), resolve by hand, silence a
 * maintenance window, edit rules and webhooks; and reading them within the caller's city. A city
 * user sees and handles its own nodes' alerts; province-wide alerts (no node) are the province's.
 */
import { DEFAULT_ALERT_RULES, type AlertRuleDefinition } from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Database } from '../../infra/db/open-database.ts';
import { GccError } from '../../errors.ts';
import type { Alert, Prisma } from '../../generated/prisma/client.ts';
import { accessScope, canSeeRegion, requireWrite, type AccessScope } from '../security/access-scope.ts';
import { enqueueNotifications } from './notifier.ts';
import { checkRule, ruleToRow } from './rule-schema.ts';

/**
 * Writes the default rules that are missing; rules operators changed are left as they are. One
 * statement (ON CONFLICT DO NOTHING), so replicas starting together cannot collide.
 */
export async function writeDefaultRules(db: Database): Promise<number> {
  const rows = DEFAULT_ALERT_RULES.map(ruleToRow);
  const inserted = await db.sql.query<{ id: string }>(
    `INSERT INTO "AlertRule" (id, kind, "nameZh", "nameEn", severity, "forSeconds", scope, params, enabled, "updatedAt")
     SELECT id, kind, zh, en, sev::"AlertSeverity", f, NULL, p::jsonb, true, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[]) AS t(id, kind, zh, en, sev, f, p)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [rows.map((r) => r.id), rows.map((r) => r.kind), rows.map((r) => r.nameZh), rows.map((r) => r.nameEn), rows.map((r) => r.severity), rows.map((r) => r.forSeconds), DEFAULT_ALERT_RULES.map((r) => JSON.stringify(r.params))],
  );
  return inserted.length;
}

export function alertVisible(scope: AccessScope, a: Pick<Alert, 'regionCode'>): boolean {
  return scope.regionCodes === null || (a.regionCode !== null && canSeeRegion(scope, a.regionCode));
}

export interface AlertFilter {
  states?: ('FIRING' | 'ACKNOWLEDGED' | 'RESOLVED')[] | null;
  nodeId?: string | null;
  cityCode?: string | null;
  ruleId?: string | null;
  limit?: number | null;
}

export async function listAlerts(ctx: RequestContext, f: AlertFilter): Promise<Alert[]> {
  const scope = accessScope(ctx);
  if (f.cityCode && !canSeeRegion(scope, f.cityCode)) throw new GccError('GCC_ERR_SECURITY_FORBIDDEN', `city ${f.cityCode} is not yours`);
  const where: Prisma.AlertWhereInput = {
    ...(f.states?.length && { state: { in: f.states } }),
    ...(f.nodeId && { nodeId: f.nodeId }),
    ...(f.ruleId && { ruleId: f.ruleId }),
    ...(f.cityCode && { regionCode: f.cityCode }),
    ...(scope.regionCodes !== null && !f.cityCode && { regionCode: { in: [...scope.regionCodes] } }),
  };
  return ctx.db.prisma.alert.findMany({ where, orderBy: [{ firedAt: 'desc' }], take: Math.min(Math.max(f.limit ?? 100, 1), 1000) });
}

async function visibleAlert(ctx: RequestContext, id: string, scope: AccessScope): Promise<Alert> {
  const a = await ctx.db.prisma.alert.findUnique({ where: { id } });
  if (!a || !alertVisible(scope, a)) throw new GccError('GCC_ERR_ALERT_NOT_FOUND', `no alert "${id}"`);
  return a;
}

export async function acknowledgeAlert(ctx: RequestContext, id: string, note: string | null): Promise<Alert> {
  const scope = requireWrite(ctx, false);
  const a = await visibleAlert(ctx, id, scope);
  if (a.state !== 'FIRING') throw new GccError('GCC_ERR_ALERT_TRANSITION', `alert ${id} is ${a.state.toLowerCase()}: only a firing alert can be acknowledged`);
  const now = new Date();
  // Conditional on the state read: two operators acknowledging at once record one acknowledgement.
  const { count } = await ctx.db.prisma.alert.updateMany({ where: { id, state: 'FIRING' }, data: { state: 'ACKNOWLEDGED', acknowledgedAt: now, acknowledgedBy: scope.actor } });
  if (!count) throw new GccError('GCC_ERR_ALERT_TRANSITION', `alert ${id} changed meanwhile: reload it`);
  await ctx.db.prisma.alertHistory.create({ data: { alertId: id, action: 'acknowledged', actor: scope.actor, at: now, note } });
  const updated = (await ctx.db.prisma.alert.findUnique({ where: { id } }))!;
  if (!a.silenceId) await enqueueNotifications(ctx.db, updated, 'acknowledged', scope.actor);
  return updated;
}

export async function resolveAlert(ctx: RequestContext, id: string, note: string | null): Promise<Alert> {
  const scope = requireWrite(ctx, false);
  const a = await visibleAlert(ctx, id, scope);
  if (a.state === 'RESOLVED') throw new GccError('GCC_ERR_ALERT_TRANSITION', `alert ${id} is already resolved`);
  const now = new Date();
  const { count } = await ctx.db.prisma.alert.updateMany({
    where: { id, state: { not: 'RESOLVED' } },
    data: { state: 'RESOLVED', activeKey: null, resolvedAt: now, resolvedBy: scope.actor },
  });
  if (!count) throw new GccError('GCC_ERR_ALERT_TRANSITION', `alert ${id} changed meanwhile: reload it`);
  // If the condition still holds the evaluator raises a new alert (after the rule's duration).
  await ctx.db.prisma.alertHistory.create({ data: { alertId: id, action: 'resolved', actor: scope.actor, at: now, note: note ?? 'resolved by hand' } });
  const updated = (await ctx.db.prisma.alert.findUnique({ where: { id } }))!;
  if (!a.silenceId) await enqueueNotifications(ctx.db, updated, 'resolved', scope.actor);
  return updated;
}

export interface SilenceInput {
  ruleId?: string | null;
  nodeId?: string | null;
  regionCode?: string | null;
  startsAt?: Date | null;
  endsAt: Date;
  comment: string;
}

export async function createSilence(ctx: RequestContext, input: SilenceInput) {
  const scope = requireWrite(ctx, false);
  const startsAt = input.startsAt ?? new Date(ctx.nowMs);
  const problems: string[] = [];
  if (!input.ruleId && !input.nodeId && !input.regionCode) problems.push('name a rule, a node or a city: a silence of everything is not allowed');
  if (input.endsAt <= startsAt) problems.push('endsAt must be after startsAt');
  if (input.endsAt.getTime() <= ctx.nowMs) problems.push('endsAt is in the past');
  if (!input.comment.trim()) problems.push('say why (comment), e.g. the maintenance ticket');
  if (input.ruleId && !(await ctx.db.prisma.alertRule.findUnique({ where: { id: input.ruleId } }))) problems.push(`no rule "${input.ruleId}"`);
  let regionCode = input.regionCode ?? null;
  if (input.nodeId) {
    const node = (await ctx.loaders.allNodes()).find((n) => n.id === input.nodeId);
    if (!node) problems.push(`no node "${input.nodeId}"`);
    else regionCode ??= node.regionCode;
  }
  // A city may silence only its own nodes.
  if (scope.regionCodes !== null && (!regionCode || !canSeeRegion(scope, regionCode))) problems.push('a city user can silence only its own city\'s nodes');
  if (problems.length) throw new GccError('GCC_ERR_ALERT_SILENCE_INVALID', `silence not created: ${problems.join('; ')}`);
  return ctx.db.prisma.alertSilence.create({
    data: { ruleId: input.ruleId ?? null, nodeId: input.nodeId ?? null, regionCode, startsAt, endsAt: input.endsAt, comment: input.comment.trim().slice(0, 500), createdBy: scope.actor },
  });
}

export async function cancelSilence(ctx: RequestContext, id: string) {
  const scope = requireWrite(ctx, false);
  const s = await ctx.db.prisma.alertSilence.findUnique({ where: { id } });
  if (!s || (scope.regionCodes !== null && (!s.regionCode || !canSeeRegion(scope, s.regionCode)))) throw new GccError('GCC_ERR_ALERT_NOT_FOUND', `no silence "${id}"`);
  return ctx.db.prisma.alertSilence.update({ where: { id }, data: { cancelledAt: s.cancelledAt ?? new Date(ctx.nowMs) } });
}

export async function upsertRule(ctx: RequestContext, input: unknown): Promise<AlertRuleDefinition> {
  requireWrite(ctx, true);
  const rule = checkRule(input);
  const row = ruleToRow(rule);
  await ctx.db.prisma.alertRule.upsert({ where: { id: rule.id }, create: row, update: row });
  return rule;
}

export async function createWebhook(ctx: RequestContext, url: string, minSeverity: 'WARNING' | 'CRITICAL') {
  requireWrite(ctx, true);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GccError('GCC_ERR_ALERT_WEBHOOK_INVALID', `"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new GccError('GCC_ERR_ALERT_WEBHOOK_INVALID', `"${url}" is not http(s)`);
  return ctx.db.prisma.alertWebhook.create({ data: { url: parsed.toString(), minSeverity } });
}
