/**
 * POST /api/inventory/:nodeId — the collectors report which business systems run on a node.
 * Authentication comes with the users/tokens module (an API token with the collector role); until
 * then the endpoint is meant for the operations network only.
 * 200 with the join's result; 400 naming every bad field; 404 unknown node; 422 unknown systems.
 */
import type { FastifyInstance } from 'fastify';
import { GccError } from '../../errors.ts';
import type { Database } from '../../infra/db/open-database.ts';
import { inventoryBodyProblems } from './inventory-input.ts';
import { ingestInventory, UnknownSystemsError } from './inventory-service.ts';

export function registerInventoryRoutes(app: FastifyInstance, db: Database): void {
  app.post<{ Params: { nodeId: string } }>('/api/inventory/:nodeId', { bodyLimit: 32 * 1024 * 1024 }, async (request, reply) => {
    const { nodeId } = request.params;
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
