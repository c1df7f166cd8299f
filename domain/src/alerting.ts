/**
 * Province-wide early warning (预警): the kinds of warning rule, their parameters and defaults,
 * alert severities and the lifecycle. Rules are data (stored, editable); this file says what a
 * rule of each kind means and which parameters it takes, so the server, console and docs agree.
 */
import { STALE_AFTER_SECONDS, type Resource } from './metrics.ts';
import { SECURITY_SILENT_AFTER_SECONDS, type SecuritySeverity } from './security.ts';

export const ALERT_RULE_KINDS = [
  'node-stale',
  'capacity-headroom',
  'capacity-exhaustion',
  'uptake-at-risk',
  'security-critical',
  'security-silent',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** firing → acknowledged (by whom) → resolved; resolved is final (a recurrence is a new alert). */
export const ALERT_STATES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Parameters per kind. Every threshold a rule compares against is here, none in code. */
export interface AlertRuleParams {
  'node-stale': { staleAfterSeconds: number };
  /** Fires when free = 1 − allocated ÷ total falls below minHeadroom for any listed resource. */
  'capacity-headroom': { minHeadroom: number; resources: Resource[] };
  /** Fires when the allocation trend over windowDays reaches the total within withinDays. */
  'capacity-exhaustion': { withinDays: number; windowDays: number; resources: Resource[] };
  /** Fires when a node's uptake evaluation (migration or usage) is in one of these statuses. */
  'uptake-at-risk': { statuses: ('AT_RISK' | 'MISSED')[] };
  /** Fires when a node has more than `threshold` open events of minSeverity or worse within windowMinutes. */
  'security-critical': { minSeverity: SecuritySeverity; threshold: number; windowMinutes: number };
  /** Fires when a live security platform has reported nothing for silentAfterSeconds. */
  'security-silent': { silentAfterSeconds: number };
}

/** Which nodes a rule looks at: all (null), or some nodes and/or the nodes of some cities. */
export interface AlertScope {
  nodeIds?: string[];
  regionCodes?: string[];
}

export interface AlertRuleDefinition<K extends AlertRuleKind = AlertRuleKind> {
  id: string;
  kind: K;
  nameZh: string;
  nameEn: string;
  severity: AlertSeverity;
  /** The condition must hold this long (consecutive evaluations) before the alert fires. */
  forSeconds: number;
  scope: AlertScope | null;
  params: AlertRuleParams[K];
  enabled: boolean;
}

/** How often the evaluator runs by default. */
export const ALERT_EVALUATION_INTERVAL_SECONDS = 30;

/** The rules a fresh installation starts with; operators edit them (they are data). */
export const DEFAULT_ALERT_RULES: readonly AlertRuleDefinition[] = Object.freeze([
  {
    id: 'node-stale', kind: 'node-stale', nameZh: '节点数据中断', nameEn: 'Node data stale', severity: 'warning',
    forSeconds: 0, scope: null, enabled: true, params: { staleAfterSeconds: STALE_AFTER_SECONDS },
  },
  {
    id: 'capacity-headroom', kind: 'capacity-headroom', nameZh: '资源余量不足', nameEn: 'Capacity headroom low', severity: 'warning',
    forSeconds: 300, scope: null, enabled: true, params: { minHeadroom: 0.1, resources: ['vcpu', 'memory', 'storage'] },
  },
  {
    id: 'capacity-exhaustion', kind: 'capacity-exhaustion', nameZh: '资源将耗尽', nameEn: 'Capacity exhausted soon', severity: 'warning',
    forSeconds: 0, scope: null, enabled: true, params: { withinDays: 30, windowDays: 14, resources: ['vcpu', 'memory', 'storage'] },
  },
  {
    id: 'uptake-at-risk', kind: 'uptake-at-risk', nameZh: '上云指标预计不达标', nameEn: 'Uptake projected to miss the deadline', severity: 'warning',
    forSeconds: 0, scope: null, enabled: true, params: { statuses: ['AT_RISK'] },
  },
  {
    id: 'security-critical', kind: 'security-critical', nameZh: '严重安全事件', nameEn: 'Critical security events', severity: 'critical',
    forSeconds: 0, scope: null, enabled: true, params: { minSeverity: 'critical', threshold: 0, windowMinutes: 60 },
  },
  {
    id: 'security-silent', kind: 'security-silent', nameZh: '安全运营平台失联', nameEn: 'Security platform silent', severity: 'warning',
    forSeconds: 0, scope: null, enabled: true, params: { silentAfterSeconds: SECURITY_SILENT_AFTER_SECONDS },
  },
] satisfies AlertRuleDefinition[]);

export const ALERT_RULE_KIND_LABELS: Readonly<Record<AlertRuleKind, { zh: string; en: string }>> = Object.freeze({
  'node-stale': { zh: '节点数据中断', en: 'Node stale' },
  'capacity-headroom': { zh: '资源余量', en: 'Capacity headroom' },
  'capacity-exhaustion': { zh: '资源耗尽预测', en: 'Capacity exhaustion' },
  'uptake-at-risk': { zh: '上云指标风险', en: 'Uptake at risk' },
  'security-critical': { zh: '严重安全事件', en: 'Critical security events' },
  'security-silent': { zh: '安全平台失联', en: 'Security platform silent' },
});
