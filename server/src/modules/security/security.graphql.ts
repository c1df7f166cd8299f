/**
 * Security operations in GraphQL: per-node posture, events (filtered, paged, within the caller's
 * city), ingestion counters, node tokens, and the securityEventIngested subscription.
 */
import type { SecurityCategory, SecuritySeverity } from '@gcc/domain';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import type { Node, SecurityEvent } from '../../generated/prisma/client.ts';
import { accessScope, canSeeRegion, requireCityVisible, requireVisibleNode, requireWrite, visibleNodeIds } from './access-scope.ts';
import { closeEvents, listEvents } from './events-service.ts';
import { SECURITY_EVENTS_TOPIC, type SecurityEventBatch } from './event-watcher.ts';
import { createIngestToken } from './ingest-tokens.ts';
import { addCounts, postureOf, zeroCounts, type NodePosture } from './posture-service.ts';
import type { SecurityIngest } from './security-ingest.ts';
import { POSTURE_OPEN_WINDOW_DAYS, SECURITY_SILENT_AFTER_SECONDS } from '@gcc/domain';

// mercurius is CommonJS: Node's ESM loader (tsx, `pnpm start`) sees no named export withFilter.
const { withFilter } = mercurius;

export const securityTypeDefs = /* GraphQL */ `
  enum SecurityCategory { INTRUSION MALWARE VULNERABILITY POLICY_CHANGE AUDIT }
  enum SecuritySeverity { INFO LOW MEDIUM HIGH CRITICAL }
  enum SecurityEventSource { PUSH SYSLOG }

  "One normalized event from a node's security operations platform."
  type SecurityEvent {
    "Ingestion order: page with afterId / beforeId."
    id: ID!
    nodeId: ID!
    node: Node!
    occurredAt: DateTime!
    receivedAt: DateTime!
    category: SecurityCategory!
    severity: SecuritySeverity!
    asset: String
    description: String!
    source: SecurityEventSource!
    open: Boolean!
    closedAt: DateTime
    closedBy: String
  }

  type SeverityCounts { info: Int! low: Int! medium: Int! high: Int! critical: Int! total: Int! }

  type SecurityEventPage {
    events: [SecurityEvent!]!
    hasMore: Boolean!
    "The id to pass as afterId (ascending) or beforeId (descending) for the next page."
    cursor: ID
  }

  "A node's security posture."
  type SecurityPosture {
    nodeId: ID!
    node: Node!
    "The node's security operations platform is in service (seed 001: within 6 months of go-live)."
    platformLive: Boolean!
    platformDate: Date
    "Open events of the last openWindowDays, by severity."
    open: SeverityCounts!
    openWindowDays: Int!
    "等保 2.0 protection level (1–5)."
    dengbaoLevel: Int
    lastAssessmentDate: Date
    "No level assessment within the last 365 days."
    assessmentOverdue: Boolean!
    assessmentScore: Float
    policiesTotal: Int
    policiesViolated: Int
    lastReportAt: DateTime
    secondsSinceLastReport: Int
    "A live platform that has reported nothing for silentAfterSeconds."
    silent: Boolean!
    silentAfterSeconds: Int!
  }

  type SecurityOverview {
    "Open events over the nodes the caller may see."
    open: SeverityCounts!
    nodes: [SecurityPosture!]!
    silentNodes: [ID!]!
    livePlatforms: Int!
  }

  type IngestRejections { invalid: Int! oversized: Int! outOfWindow: Int! unauthorized: Int! malformed: Int! overloaded: Int! storeFailed: Int! }
  type IngestSourceCounters { received: Int! accepted: Int! duplicates: Int! closed: Int! rejected: IngestRejections! }
  "Counters of this server replica since it started."
  type SecurityIngestCounters { startedAt: DateTime! push: IngestSourceCounters! syslog: IngestSourceCounters! queued: Int! }

  type SecurityIngestToken { id: ID! nodeId: ID! label: String! createdAt: DateTime! lastUsedAt: DateTime revokedAt: DateTime }
  "The token is shown once, here; only its hash is stored."
  type CreatedSecurityIngestToken { id: ID! nodeId: ID! token: String! }

  "New events of one node since the last message."
  type SecurityEventBatch {
    nodeId: ID!
    count: Int!
    bySeverity: SeverityCounts!
    "The most severe and newest of them (at most 10)."
    latest: [SecurityEvent!]!
  }

  extend type Node {
    securityPosture: SecurityPosture
  }

  extend type Query {
    securityOverview(cityCode: ID): SecurityOverview!
    securityEvents(
      nodeId: ID, cityCode: ID, minSeverity: SecuritySeverity, category: SecurityCategory, open: Boolean,
      from: DateTime, to: DateTime, afterId: ID, beforeId: ID, limit: Int
    ): SecurityEventPage!
    securityIngestCounters: SecurityIngestCounters!
    securityIngestTokens(nodeId: ID): [SecurityIngestToken!]!
  }

  extend type Mutation {
    "Closes open events (within the caller's city); returns how many were closed."
    closeSecurityEvents(ids: [ID!]!, note: String): Int!
    createSecurityIngestToken(nodeId: ID!, label: String!): CreatedSecurityIngestToken!
    revokeSecurityIngestToken(id: ID!): Boolean!
    "Records a 等保 2.0 level assessment for a node (when its platform does not report it)."
    recordSecurityAssessment(nodeId: ID!, dengbaoLevel: Int!, lastAssessmentDate: Date!, assessmentScore: Float): SecurityPosture!
  }

  extend type Subscription {
    "New events per node, about once a second while events arrive; a city user gets its own nodes' only."
    securityEventIngested(nodeId: ID, minSeverity: SecuritySeverity): SecurityEventBatch!
  }
`;

const lower = <T extends string>(v: string | null | undefined): T | null => (v ? (v.toLowerCase().replace(/_/g, '-') as T) : null);

function postureValue(p: NodePosture) {
  return { ...p, openWindowDays: POSTURE_OPEN_WINDOW_DAYS, silentAfterSeconds: SECURITY_SILENT_AFTER_SECONDS };
}

async function nodeFor(ctx: RequestContext, id: string): Promise<Node> {
  const n = (await ctx.loaders.allNodes()).find((x) => x.id === id);
  if (!n) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node with id "${id}"`);
  return n;
}

const SEVERITY_RANK: Record<string, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function securityResolvers(ingest: SecurityIngest): IResolvers {
  return {
    SecurityEvent: {
      id: (e: SecurityEvent) => e.id.toString(),
      open: (e: SecurityEvent) => e.closedAt === null,
      node: (e: SecurityEvent, _a: unknown, ctx: RequestContext) => nodeFor(ctx, e.nodeId),
    },
    SecurityPosture: {
      node: (p: NodePosture, _a: unknown, ctx: RequestContext) => nodeFor(ctx, p.nodeId),
    },
    Node: {
      securityPosture: async (n: Node, _a: unknown, ctx: RequestContext) => {
        if (!canSeeRegion(accessScope(ctx), n.regionCode)) return null;
        const all = await ctx.memo('security:postureAll', async () => new Map((await postureOf(ctx, await ctx.loaders.allNodes())).map((p) => [p.nodeId, p])));
        const p = all.get(n.id);
        return p ? postureValue(p) : null;
      },
    },
    Query: {
      securityOverview: async (_r: unknown, args: { cityCode?: string | null }, ctx: RequestContext) => {
        if (args.cityCode) requireCityVisible(ctx, args.cityCode);
        const visible = new Set(await visibleNodeIds(ctx));
        const nodes = (await ctx.loaders.allNodes()).filter((n) => visible.has(n.id) && (!args.cityCode || n.regionCode === args.cityCode));
        const postures = await postureOf(ctx, nodes);
        return {
          open: postures.reduce((sum, p) => addCounts(sum, p.open), zeroCounts()),
          nodes: postures.map(postureValue),
          silentNodes: postures.filter((p) => p.silent).map((p) => p.nodeId),
          livePlatforms: postures.filter((p) => p.platformLive).length,
        };
      },
      securityEvents: (_r: unknown, a: Record<string, unknown>, ctx: RequestContext) =>
        listEvents(ctx, {
          ...(a as object),
          minSeverity: lower<SecuritySeverity>(a.minSeverity as string),
          category: lower<SecurityCategory>(a.category as string),
        }),
      securityIngestCounters: () => {
        const s = ingest.counters.snapshot();
        const src = (c: typeof s.push) => ({
          ...c,
          rejected: { ...c.rejected, outOfWindow: c.rejected['out-of-window'], storeFailed: c.rejected['store-failed'] },
        });
        return { startedAt: s.startedAt, push: src(s.push), syslog: src(s.syslog), queued: ingest.writer.queued };
      },
      securityIngestTokens: async (_r: unknown, args: { nodeId?: string | null }, ctx: RequestContext) => {
        requireWrite(ctx, true);
        return ctx.db.prisma.securityIngestToken.findMany({ where: args.nodeId ? { nodeId: args.nodeId } : {}, orderBy: { createdAt: 'desc' } });
      },
    },
    Mutation: {
      closeSecurityEvents: (_r: unknown, args: { ids: string[]; note?: string | null }, ctx: RequestContext) => closeEvents(ctx, args.ids, args.note ?? null),
      createSecurityIngestToken: async (_r: unknown, args: { nodeId: string; label: string }, ctx: RequestContext) => {
        requireWrite(ctx, true);
        const t = await createIngestToken(ctx.db.prisma, args.nodeId, args.label.slice(0, 200));
        return { id: t.id, nodeId: args.nodeId, token: t.token };
      },
      revokeSecurityIngestToken: async (_r: unknown, args: { id: string }, ctx: RequestContext) => {
        requireWrite(ctx, true);
        const row = await ctx.db.prisma.securityIngestToken.findUnique({ where: { id: args.id } });
        if (!row) throw new GccError('GCC_ERR_ALERT_NOT_FOUND', `no security ingest token "${args.id}"`);
        await ctx.db.prisma.securityIngestToken.update({ where: { id: args.id }, data: { revokedAt: row.revokedAt ?? new Date() } });
        ingest.tokens.forget(row.tokenHash);
        return true;
      },
      recordSecurityAssessment: async (
        _r: unknown,
        args: { nodeId: string; dengbaoLevel: number; lastAssessmentDate: Date; assessmentScore?: number | null },
        ctx: RequestContext,
      ) => {
        requireWrite(ctx, true);
        const node = await requireVisibleNode(ctx, args.nodeId);
        if (!Number.isInteger(args.dengbaoLevel) || args.dengbaoLevel < 1 || args.dengbaoLevel > 5) {
          throw new GccError('GCC_ERR_SECURITY_BODY_INVALID', `dengbaoLevel must be 1..5, got ${args.dengbaoLevel}`);
        }
        const fields = { dengbaoLevel: args.dengbaoLevel, lastAssessmentAt: args.lastAssessmentDate, assessmentScore: args.assessmentScore ?? null };
        await ctx.db.prisma.securityPosture.upsert({ where: { nodeId: node.id }, create: { nodeId: node.id, ...fields }, update: fields });
        const [p] = await postureOf({ ...ctx, memo: (_k, fn) => fn() }, [node]);
        return postureValue(p!);
      },
    },
    Subscription: {
      securityEventIngested: {
        subscribe: withFilter(
          (_r: unknown, _a: unknown, ctx: MercuriusContext) => ctx.pubsub.subscribe(SECURITY_EVENTS_TOPIC),
          (payload: { securityEventIngested: SecurityEventBatch & { regionCode: string } }, rawArgs: unknown, ctx: MercuriusContext) => {
            const args = rawArgs as { nodeId?: string | null; minSeverity?: string | null };
            const b = payload.securityEventIngested;
            if (!canSeeRegion(accessScope(ctx), b.regionCode)) return false;
            if (args.nodeId && b.nodeId !== args.nodeId) return false;
            if (args.minSeverity) {
              const min = SEVERITY_RANK[args.minSeverity]!;
              return (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const).some((s) => SEVERITY_RANK[s]! >= min && b.bySeverity[s.toLowerCase() as SecuritySeverity] > 0);
            }
            return true;
          },
        ),
      },
    },
  };
}

