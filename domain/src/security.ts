/**
 * Security operations (seed 001 §二(四)): what a node's security operations platform reports and
 * how the province names it. Event categories, severities, the 等保 2.0 levels and the mapping
 * from syslog severities are defined here once; the push API, the syslog listener, the server, the
 * simulated platforms and the console all import them.
 */

/** What happened, as the province classifies it (push API v1 `category`). */
export const SECURITY_CATEGORIES = ['intrusion', 'malware', 'vulnerability', 'policy-change', 'audit'] as const;
export type SecurityCategory = (typeof SECURITY_CATEGORIES)[number];

/** Event severities, least to most severe (push API v1 `severity`). */
export const SECURITY_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type SecuritySeverity = (typeof SECURITY_SEVERITIES)[number];

export const SECURITY_CATEGORY_LABELS: Readonly<Record<SecurityCategory, { zh: string; en: string }>> = Object.freeze({
  intrusion: { zh: '入侵', en: 'Intrusion' },
  malware: { zh: '恶意代码', en: 'Malware' },
  vulnerability: { zh: '漏洞', en: 'Vulnerability' },
  'policy-change': { zh: '策略变更', en: 'Policy change' },
  audit: { zh: '审计', en: 'Audit' },
});

export const SECURITY_SEVERITY_LABELS: Readonly<Record<SecuritySeverity, { zh: string; en: string }>> = Object.freeze({
  info: { zh: '提示', en: 'Info' },
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
  critical: { zh: '严重', en: 'Critical' },
});

/** 0 (info) … 4 (critical): compare severities by rank, never by name. */
export function severityRank(s: SecuritySeverity): number {
  return SECURITY_SEVERITIES.indexOf(s);
}

export function isSecurityCategory(v: unknown): v is SecurityCategory {
  return typeof v === 'string' && (SECURITY_CATEGORIES as readonly string[]).includes(v);
}

export function isSecuritySeverity(v: unknown): v is SecuritySeverity {
  return typeof v === 'string' && (SECURITY_SEVERITIES as readonly string[]).includes(v);
}

/**
 * RFC 5424 §6.2.1 severities (0 Emergency … 7 Debug) to the province's: 0–2 critical, 3 error →
 * high, 4 warning → medium, 5 notice → low, 6–7 informational/debug → info.
 */
export function severityFromSyslog(code: number): SecuritySeverity {
  if (code <= 2) return 'critical';
  if (code === 3) return 'high';
  if (code === 4) return 'medium';
  if (code === 5) return 'low';
  return 'info';
}

/** The reverse, for platforms (and the simulator) that write syslog. */
export function syslogSeverityOf(s: SecuritySeverity): number {
  return { critical: 2, high: 3, medium: 4, low: 5, info: 6 }[s];
}

/** 网络安全等级保护 2.0 (GB/T 22239-2019) protection levels; government clouds are usually level 3. */
export const DENGBAO_LEVELS = [1, 2, 3, 4, 5] as const;
export type DengbaoLevel = (typeof DENGBAO_LEVELS)[number];

/** A level-3 system is assessed (等级测评) at least once a year; older assessments are overdue. */
export const DENGBAO_ASSESSMENT_VALID_DAYS = 365;

/**
 * Push API v1 limits, published in server/docs/security-push-api.v1.json: a batch of at most
 * MAX_BATCH events and MAX_BODY_BYTES, each event at most MAX_EVENT_BYTES as JSON.
 */
export const SECURITY_PUSH_LIMITS = Object.freeze({
  maxBatch: 1000,
  maxBodyBytes: 2 * 1024 * 1024,
  maxEventBytes: 8 * 1024,
  maxDescription: 2000,
  maxAsset: 256,
  maxId: 128,
  /** Platform clocks drift: an event up to this far in the future is accepted (as its own time). */
  maxFutureSkewSeconds: 300,
});

/** Path prefix of the versioned push API: the major version is in the path. */
export const SECURITY_PUSH_API_BASE = '/api/security/v1';

/**
 * RFC 5424 structured-data element the province reads from syslog lines:
 * `[gcc@32473 node="city-shaoguan" token="…" category="intrusion" asset="10.1.2.3" id="…"]`.
 * 32473 is the private enterprise number RFC 5612 reserves for documentation; a deployment
 * registers its own and changes this constant.
 */
export const SYSLOG_SD_ID = 'gcc@32473';

/** A node's platform that has sent nothing (event or status) for this long is silent. */
export const SECURITY_SILENT_AFTER_SECONDS = 15 * 60;

/** How long stored events are kept by default before the pruning job deletes them. */
export const SECURITY_RETENTION_DAYS = 180;

/** The posture counts events still open that occurred within this many days. */
export const POSTURE_OPEN_WINDOW_DAYS = 30;
