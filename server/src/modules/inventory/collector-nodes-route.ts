/**
 * GET /api/collector/nodes — the registry's nodes in the shape of the collectors' configuration
 * (collectors/src/core/config.ts), so a running collector picks up added, removed and moved nodes
 * without a restart (collectors/src/core/targets.ts). An OPERATOR or PROVINCIAL_ADMIN token is
 * required; a city-bound token (a city's own collector) gets its city's nodes only. Credentials
 * never travel: `credentialRef` names the variable that holds them on the collector's machine.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../generated/prisma/enums.ts';
import type { Database } from '../../infra/db/open-database.ts';
import { requireRole, type Authenticator } from '../../plugins/auth.ts';
import { seesRegion } from '../access/viewer.ts';
import { collectorNodes } from '../registry/collector-nodes.ts';

/** Who may use the collectors' REST API: the collectors (an OPERATOR user's token) and the provincial admin. */
export const COLLECTOR_ROLES: readonly Role[] = ['OPERATOR', 'PROVINCIAL_ADMIN'];

export function registerCollectorNodesRoute(app: FastifyInstance, db: Database, auth: Pick<Authenticator, 'authenticate'>): void {
  app.get('/api/collector/nodes', { onRequest: requireRole(auth, { roles: COLLECTOR_ROLES, write: false, what: 'GET /api/collector/nodes' }) }, async (request) => {
    const viewer = request.viewer!;
    return { nodes: (await collectorNodes(db.prisma)).filter((n) => seesRegion(viewer, n.regionCode)) };
  });
}
