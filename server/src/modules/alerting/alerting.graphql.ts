/**
 * Province-wide early warning in GraphQL: rules (data), alerts with their lifecycle and history,
 * silences, webhooks, the evaluator's last run, and the alertsChanged subscription.
 */
import { ALERT_RULE_KIND_LABELS, type AlertRuleDefinition } from '@gcc/domain';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import type { Alert } from '../../generated/prisma/client.ts';
import { accessScope, canSeeRegion, requireWrite } from '../security/access-scope.ts';
import { ALERTS_TOPIC, type AlertsChange } from './alert-watcher.ts';
import {
  acknowledgeAlert, alertVisible, cancelSilence, createSilence, createWebhook, listAlerts, resolveAlert, upsertRule, type SilenceInput,
} from './alerts-service.ts';
import { ruleFromRow } from './rule-schema.ts';
import { GccError } from '../../errors.ts';

// mercurius is CommonJS: Node's ESM loader (tsx, `pnpm start`) sees no named export withFilter.
const { withFilter } = mercurius;

export const alertingTypeDefs = /* GraphQL */ `
  enum AlertSeverity { WARNING CRITICAL }
  enum AlertState { FIRING ACKNOWLEDGED RESOLVED }
  enum AlertRuleKind { NODE_STALE CAPACITY_HEADROOM CAPACITY_EXHAUSTION UPTAKE_AT_RISK SECURITY_CRITICAL SECURITY_SILENT }

  "A warning rule as data. params is the kind's parameter object (see @gcc/domain alerting.ts)."
  type AlertRule {
    id: ID!
    kind: AlertRuleKind!
    kindZh: String!
    kindEn: String!
    nameZh: String!
    nameEn: String!
    severity: AlertSeverity!
    "The condition must hold this long before the alert fires."
    forSeconds: Int!
    "Node ids and city codes the rule covers; both empty = every node."
    scopeNodeIds: [ID!]!
    scopeRegionCodes: [ID!]!
    paramsJson: String!
    enabled: Boolean!
  }

  type AlertHistoryEntry { at: DateTime! action: String! actor: String note: String }

  type Alert {
    id: ID!
    rule: AlertRule
    ruleId: ID!
    state: AlertState!
    severity: AlertSeverity!
    nodeId: ID
    node: Node
    regionCode: ID
    subject: String!
    summaryZh: String!
    summaryEn: String!
    value: Float
    "When the condition was first seen (before the rule's duration)."
    startsAt: DateTime!
    firedAt: DateTime!
    acknowledgedAt: DateTime
    acknowledgedBy: String
    resolvedAt: DateTime
    resolvedBy: String
    "Fired during a maintenance window: recorded, nobody notified."
    silenced: Boolean!
    history: [AlertHistoryEntry!]!
  }

  type AlertSilence {
    id: ID! ruleId: ID nodeId: ID regionCode: ID startsAt: DateTime! endsAt: DateTime! comment: String! createdBy: String!
    createdAt: DateTime! cancelledAt: DateTime active: Boolean!
  }

  type AlertWebhook { id: ID! url: String! minSeverity: AlertSeverity! enabled: Boolean! createdAt: DateTime! }

  type AlertEvaluatorStatus { lastRunAt: DateTime lastDurationMs: Int lastError: String runs: Int! intervalSeconds: Int! }

  type AlertsChange { alerts: [Alert!]! }

  input AlertRuleInput {
    id: ID!
    kind: AlertRuleKind!
    nameZh: String!
    nameEn: String!
    severity: AlertSeverity!
    forSeconds: Int!
    scopeNodeIds: [ID!]
    scopeRegionCodes: [ID!]
    "The kind's parameters as JSON, e.g. {\\"minHeadroom\\": 0.1, \\"resources\\": [\\"vcpu\\"]}."
    paramsJson: String!
    enabled: Boolean!
  }

  input AlertSilenceInput { ruleId: ID nodeId: ID regionCode: ID startsAt: DateTime endsAt: DateTime! comment: String! }

  extend type Query {
    "Alerts the caller may see, newest first (default: firing and acknowledged)."
    alerts(states: [AlertState!], nodeId: ID, cityCode: ID, ruleId: ID, limit: Int): [Alert!]!
    alert(id: ID!): Alert
    alertRules: [AlertRule!]!
    alertSilences(includeExpired: Boolean): [AlertSilence!]!
    alertWebhooks: [AlertWebhook!]!
    alertEvaluator: AlertEvaluatorStatus!
  }

  extend type Mutation {
    acknowledgeAlert(id: ID!, note: String): Alert!
    resolveAlert(id: ID!, note: String): Alert!
    upsertAlertRule(rule: AlertRuleInput!): AlertRule!
    createAlertSilence(silence: AlertSilenceInput!): AlertSilence!
    cancelAlertSilence(id: ID!): AlertSilence!
    createAlertWebhook(url: String!, minSeverity: AlertSeverity): AlertWebhook!
    deleteAlertWebhook(id: ID!): Boolean!
  }

  extend type Subscription {
    "Alerts that fired, were acknowledged or resolved (within seconds, from any replica); a city gets its own."
    alertsChanged: AlertsChange!
  }
`;

const kindEnum = (k: string) => k.toUpperCase().replace(/-/g, '_');
const kindFromEnum = (k: string) => k.toLowerCase().replace(/_/g, '-');

function ruleOut(r: AlertRuleDefinition) {
  const labels = ALERT_RULE_KIND_LABELS[r.kind];
  return {
    id: r.id, kind: kindEnum(r.kind), kindZh: labels.zh, kindEn: labels.en, nameZh: r.nameZh, nameEn: r.nameEn,
    severity: r.severity.toUpperCase(), forSeconds: r.forSeconds, scopeNodeIds: r.scope?.nodeIds ?? [], scopeRegionCodes: r.scope?.regionCodes ?? [],
    paramsJson: JSON.stringify(r.params), enabled: r.enabled,
  };
}

export function alertingResolvers(options: { intervalSeconds: number }): IResolvers {
  return {
    Alert: {
      silenced: (a: Alert) => a.silenceId !== null,
      rule: async (a: Alert, _x: unknown, ctx: RequestContext) => {
        const rules = await ctx.memo('alerting:rules', () => ctx.db.prisma.alertRule.findMany());
        const row = rules.find((r) => r.id === a.ruleId);
        try {
          return row ? ruleOut(ruleFromRow(row)) : null;
        } catch {
          return null;
        }
      },
      node: async (a: Alert, _x: unknown, ctx: RequestContext) => (a.nodeId ? ((await ctx.loaders.allNodes()).find((n) => n.id === a.nodeId) ?? null) : null),
      history: (a: Alert, _x: unknown, ctx: RequestContext) => ctx.db.prisma.alertHistory.findMany({ where: { alertId: a.id }, orderBy: { id: 'asc' } }),
    },
    AlertSilence: {
      active: (s: { startsAt: Date; endsAt: Date; cancelledAt: Date | null }, _x: unknown, ctx: RequestContext) =>
        !s.cancelledAt && s.startsAt.getTime() <= ctx.nowMs && s.endsAt.getTime() > ctx.nowMs,
    },
    Query: {
      alerts: (_r: unknown, a: { states?: ('FIRING' | 'ACKNOWLEDGED' | 'RESOLVED')[] | null } & Record<string, unknown>, ctx: RequestContext) =>
        listAlerts(ctx, { ...a, states: a.states ?? ['FIRING', 'ACKNOWLEDGED'] }),
      alert: async (_r: unknown, a: { id: string }, ctx: RequestContext) => {
        const alert = await ctx.db.prisma.alert.findUnique({ where: { id: a.id } });
        return alert && alertVisible(accessScope(ctx), alert) ? alert : null;
      },
      alertRules: async (_r: unknown, _a: unknown, ctx: RequestContext) =>
        (await ctx.db.prisma.alertRule.findMany({ orderBy: { id: 'asc' } })).flatMap((row) => {
          try {
            return [ruleOut(ruleFromRow(row))];
          } catch {
            return [];
          }
        }),
      alertSilences: async (_r: unknown, a: { includeExpired?: boolean | null }, ctx: RequestContext) => {
        const scope = accessScope(ctx);
        const rows = await ctx.db.prisma.alertSilence.findMany({
          where: a.includeExpired ? {} : { cancelledAt: null, endsAt: { gt: new Date(ctx.nowMs) } },
          orderBy: { startsAt: 'desc' },
        });
        return rows.filter((s) => scope.regionCodes === null || (s.regionCode !== null && canSeeRegion(scope, s.regionCode)));
      },
      alertWebhooks: (_r: unknown, _a: unknown, ctx: RequestContext) => {
        requireWrite(ctx, true);
        return ctx.db.prisma.alertWebhook.findMany({ orderBy: { createdAt: 'asc' } });
      },
      alertEvaluator: async (_r: unknown, _a: unknown, ctx: RequestContext) => {
        const s = await ctx.db.prisma.alertEvaluatorState.findUnique({ where: { id: 1 } });
        return { lastRunAt: s?.lastRunAt ?? null, lastDurationMs: s?.lastDurationMs ?? null, lastError: s?.lastError ?? null, runs: s?.runs ?? 0, intervalSeconds: options.intervalSeconds };
      },
    },
    Mutation: {
      acknowledgeAlert: (_r: unknown, a: { id: string; note?: string | null }, ctx: RequestContext) => acknowledgeAlert(ctx, a.id, a.note ?? null),
      resolveAlert: (_r: unknown, a: { id: string; note?: string | null }, ctx: RequestContext) => resolveAlert(ctx, a.id, a.note ?? null),
      upsertAlertRule: async (_r: unknown, { rule }: { rule: Record<string, unknown> & { paramsJson: string; kind: string; severity: string } }, ctx: RequestContext) => {
        let params: unknown;
        try {
          params = JSON.parse(rule.paramsJson);
        } catch {
          throw new GccError('GCC_ERR_ALERT_RULE_INVALID', `rule ${String(rule.id)}: paramsJson is not JSON`);
        }
        const nodeIds = rule.scopeNodeIds as string[] | null | undefined;
        const regionCodes = rule.scopeRegionCodes as string[] | null | undefined;
        const scope = nodeIds?.length || regionCodes?.length ? { ...(nodeIds?.length && { nodeIds }), ...(regionCodes?.length && { regionCodes }) } : null;
        const saved = await upsertRule(ctx, {
          id: rule.id, kind: kindFromEnum(rule.kind), nameZh: rule.nameZh, nameEn: rule.nameEn, severity: rule.severity.toLowerCase(),
          forSeconds: rule.forSeconds, scope, params, enabled: rule.enabled,
        });
        return ruleOut(saved);
      },
      createAlertSilence: (_r: unknown, a: { silence: SilenceInput }, ctx: RequestContext) => createSilence(ctx, a.silence),
      cancelAlertSilence: (_r: unknown, a: { id: string }, ctx: RequestContext) => cancelSilence(ctx, a.id),
      createAlertWebhook: (_r: unknown, a: { url: string; minSeverity?: 'WARNING' | 'CRITICAL' | null }, ctx: RequestContext) => createWebhook(ctx, a.url, a.minSeverity ?? 'WARNING'),
      deleteAlertWebhook: async (_r: unknown, a: { id: string }, ctx: RequestContext) => {
        requireWrite(ctx, true);
        const { count } = await ctx.db.prisma.alertWebhook.deleteMany({ where: { id: a.id } });
        if (!count) throw new GccError('GCC_ERR_ALERT_NOT_FOUND', `no webhook "${a.id}"`);
        return true;
      },
    },
    Subscription: {
      alertsChanged: {
        subscribe: withFilter(
          (_r: unknown, _a: unknown, ctx: MercuriusContext) => ctx.pubsub.subscribe(ALERTS_TOPIC),
          (payload: { alertsChanged: AlertsChange }, _a: unknown, ctx: MercuriusContext) => {
            const scope = accessScope(ctx);
            const region = payload.alertsChanged.regionCode;
            return scope.regionCodes === null || (region !== null && canSeeRegion(scope, region));
          },
        ),
      },
    },
  };
}
