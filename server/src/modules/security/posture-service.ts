/**
 * A node's security posture: its platform's open events by severity (POSTURE_OPEN_WINDOW_DAYS),
 * its 等保 2.0 level and last assessment (overdue after DENGBAO_ASSESSMENT_VALID_DAYS), its
 * policies, and the time since its platform last reported; a live platform silent for
 * SECURITY_SILENT_AFTER_SECONDS is itself a warning. Two queries per request for every node.
 */
import {
  DENGBAO_ASSESSMENT_VALID_DAYS, POSTURE_OPEN_WINDOW_DAYS, SECURITY_SEVERITIES, SECURITY_SILENT_AFTER_SECONDS, type SecuritySeverity,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import type { Node } from '../../generated/prisma/client.ts';

export type SeverityCounts = Record<SecuritySeverity, number> & { total: number };

export const zeroCounts = (): SeverityCounts => ({ info: 0, low: 0, medium: 0, high: 0, critical: 0, total: 0 });

export function addCounts(into: SeverityCounts, from: SeverityCounts): SeverityCounts {
  for (const s of SECURITY_SEVERITIES) into[s] += from[s];
  into.total += from.total;
  return into;
}

export interface NodePosture {
  nodeId: string;
  regionCode: string;
  /** The node's security platform is in service (its planned date has passed). */
  platformLive: boolean;
  platformDate: Date | null;
  open: SeverityCounts;
  dengbaoLevel: number | null;
  lastAssessmentDate: Date | null;
  assessmentOverdue: boolean;
  assessmentScore: number | null;
  policiesTotal: number | null;
  policiesViolated: number | null;
  lastReportAt: Date | null;
  secondsSinceLastReport: number | null;
  silent: boolean;
}

/** Open events per node and severity, one query for all nodes. */
export function openCounts(ctx: RequestContext): Promise<Map<string, SeverityCounts>> {
  return ctx.memo('security:open', async () => {
    const since = new Date(ctx.nowMs - POSTURE_OPEN_WINDOW_DAYS * 86_400_000).toISOString();
    const rows = await ctx.db.sql.query<{ nodeId: string; severity: string; n: string | number }>(
      `SELECT "nodeId", "severity"::text AS severity, count(*) AS n FROM "SecurityEvent" WHERE "closedAt" IS NULL AND "occurredAt" >= $1 GROUP BY 1, 2`,
      [since],
    );
    const out = new Map<string, SeverityCounts>();
    for (const r of rows) {
      const c = out.get(r.nodeId) ?? zeroCounts();
      const s = r.severity.toLowerCase() as SecuritySeverity;
      c[s] += Number(r.n);
      c.total += Number(r.n);
      out.set(r.nodeId, c);
    }
    return out;
  });
}

export function postureRows(ctx: RequestContext) {
  return ctx.memo('security:posture', async () => new Map((await ctx.db.prisma.securityPosture.findMany()).map((p) => [p.nodeId, p])));
}

export function platformLive(node: Node, atMs: number): boolean {
  return node.securityPlatformDate !== null && node.securityPlatformDate.getTime() <= atMs;
}

export async function postureOf(ctx: RequestContext, nodes: readonly Node[]): Promise<NodePosture[]> {
  const [open, rows] = await Promise.all([openCounts(ctx), postureRows(ctx)]);
  return nodes.map((n) => {
    const p = rows.get(n.id);
    const live = platformLive(n, ctx.nowMs);
    const last = p?.lastReportAt ?? null;
    const age = last ? Math.max(0, Math.round((ctx.nowMs - last.getTime()) / 1000)) : null;
    const assessed = p?.lastAssessmentAt ?? null;
    return {
      nodeId: n.id,
      regionCode: n.regionCode,
      platformLive: live,
      platformDate: n.securityPlatformDate,
      open: open.get(n.id) ?? zeroCounts(),
      dengbaoLevel: p?.dengbaoLevel ?? null,
      lastAssessmentDate: assessed,
      assessmentOverdue: live && (!assessed || ctx.nowMs - assessed.getTime() > DENGBAO_ASSESSMENT_VALID_DAYS * 86_400_000),
      assessmentScore: p?.assessmentScore ?? null,
      policiesTotal: p?.policiesTotal ?? null,
      policiesViolated: p?.policiesViolated ?? null,
      lastReportAt: last,
      secondsSinceLastReport: age,
      silent: live && (age === null || age > SECURITY_SILENT_AFTER_SECONDS),
    };
  });
}
