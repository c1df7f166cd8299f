/** Pure helpers of the security panel and the alert ticker (tested without a browser). */
import type { AlertRow, SecurityPostureRow } from '../../api/security-queries.ts';

/** Nodes that need attention first: silent, then by open critical, high, medium events. */
export function postureRank(rows: readonly SecurityPostureRow[]): SecurityPostureRow[] {
  const score = (r: SecurityPostureRow) => (r.silent ? 1e12 : 0) + r.open.critical * 1e8 + r.open.high * 1e4 + r.open.medium;
  return rows.filter((r) => r.platformLive).sort((a, b) => score(b) - score(a) || a.nodeId.localeCompare(b.nodeId));
}

/** "3 min", "2 h", "5 d": the age of a node's last report. */
export function ageLabel(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** Critical first, then firing before acknowledged, newest first. */
export function tickerOrder(alerts: readonly AlertRow[]): AlertRow[] {
  const rank = (a: AlertRow) => (a.severity === 'CRITICAL' ? 2 : 0) + (a.state === 'FIRING' ? 1 : 0);
  return [...alerts].sort((a, b) => rank(b) - rank(a) || b.firedAt.localeCompare(a.firedAt));
}
