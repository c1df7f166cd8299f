/**
 * POST /api/inventory/:nodeId — the collectors report which business systems run on a node; and
 * the node list they read (collector-nodes-route.ts). Both need an OPERATOR or PROVINCIAL_ADMIN
 * token whatever GCC_AUTH says (401 without or with a bad one, 403 for another role or a read-only
 * token); a city-bound token may post for its city's nodes only.
 * 200 with the join's result; 400 naming every bad field; 404 unknown node; 422 unknown systems.
 */
import type { FastifyInstance } from 'fastify';
import { GccError } from '../../errors.ts';
import type { Database } from '../../infra/db/open-database.ts';
import { requireRole, type Authenticator } from '../../plugins/auth.ts';
import { seesRegion } from '../access/viewer.ts';
import { COLLECTOR_ROLES, registerCollectorNodesRoute } from './collector-nodes-route.ts';
import { inventoryBodyProblems } from './inventory-input.ts';
import { ingestInventory, UnknownSystemsError } from './inventory-service.ts';

export function registerInventoryRoutes(app: FastifyInstance, db: Database, auth: Pick<Authenticator, 'authenticate'>): void {
  registerCollectorNodesRoute(app, db, auth);
  const onRequest = requireRole(auth, { roles: COLLECTOR_ROLES, write: true, what: 'POST /api/inventory' });
  app.post<{ Params: { nodeId: string } }>('/api/inventory/:nodeId', { bodyLimit: 32 * 1024 * 1024, onRequest }, async (request, reply) => {
    const { nodeId } = request.params;
    const viewer = request.viewer!;
    if (viewer.cityScope !== null) {
      const node = await db.prisma.node.findUnique({ where: { id: nodeId }, select: { regionCode: true } });
      if (node && !seesRegion(viewer, node.regionCode)) {
        return reply.code(403).send({ code: 'GCC_ERR_AUTH_FORBIDDEN', message: `node ${nodeId} is not in ${viewer.username}'s city (${viewer.cityScope}): its inventory is posted by the province's collector` });
      }
    }
    const checked = inventoryBodyProblems(request.body);
    if (!checked.ok) {
      return reply.code(400).send({ code: 'GCC_ERR_INVENTORY_INVALID', message: `node ${nodeId}: the inventory is not valid: ${checked.problems.slice(0, 5).join('; ')}${checked.problems.length > 5 ? `; and ${checked.problems.length - 5} more` : ''}`, problems: checked.problems });
    }
    try {
      return await ingestInventory(db.prisma, nodeId, checked.value);
    } catch (err) {
      if (err instanceof UnknownSystemsError) return reply.code(422).send({ code: err.code, message: err.message, unknownSystemCodes: err.codes });
      if (err instanceof GccError && err.code === 'GCC_ERR_INPUT_UNKNOWN_NODE') return reply.code(404).send({ code: err.code, message: err.message });
      request.log.error({ err, node: nodeId }, 'inventory ingestion failed');
      throw err;
    }
  });
}
