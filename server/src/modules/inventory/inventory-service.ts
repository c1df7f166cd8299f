/**
 * Joins a node's CMP inventory with the registry, in one transaction:
 * - each system seen running gets the node and its CMP project (the one holding most vCPU when it
 *   spans several);
 * - a system registered PLANNED or MIGRATING but seen running becomes ON_CLOUD on the day of the
 *   inventory, with a SystemStatusChange by actor 'collector';
 * - EXEMPT and CLASSIFIED systems keep their status (an expert decided); they are reported back.
 * Codes the registry does not know reject the whole batch, naming them: nothing is written then,
 * so a typo in a CMP tag cannot half-apply an inventory.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { SystemStatus } from '../../generated/prisma/enums.ts';
import { GccError } from '../../errors.ts';
import type { InventoryBody } from './inventory-input.ts';

export const COLLECTOR_ACTOR = 'collector';

export interface InventoryResult {
  nodeId: string;
  takenAt: string;
  systems: number;
  /** Now ON_CLOUD because they were seen running (were PLANNED or MIGRATING). */
  becameOnCloud: string[];
  /** Registered on another node (or none) before; now on this one. */
  placed: string[];
  /** Seen running but EXEMPT or CLASSIFIED in the registry: left as they are. */
  untouched: { code: string; status: SystemStatus }[];
}

export class UnknownSystemsError extends GccError {
  constructor(
    readonly nodeId: string,
    readonly codes: string[],
  ) {
    super('GCC_ERR_INVENTORY_UNKNOWN_SYSTEMS', `node ${nodeId}: ${codes.length} system code${codes.length > 1 ? 's are' : ' is'} not in the registry (${codes.slice(0, 10).join(', ')}${codes.length > 10 ? ', …' : ''}): register them or fix the CMP's tags; nothing was written`);
  }
}

const dayOf = (iso: string) => new Date(`${new Date(iso).toISOString().slice(0, 10)}T00:00:00Z`);

export async function ingestInventory(prisma: PrismaClient, nodeId: string, body: InventoryBody): Promise<InventoryResult> {
  const node = await prisma.node.findUnique({ where: { id: nodeId }, select: { id: true } });
  if (!node) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node "${nodeId}" in the registry`);

  // One project per system: the one holding the most vCPU (then memory), ties by id.
  const best = new Map<string, InventoryBody['systems'][number]>();
  for (const it of body.systems) {
    const b = best.get(it.systemCode);
    if (!b || it.vcpu > b.vcpu || (it.vcpu === b.vcpu && (it.memoryBytes > b.memoryBytes || (it.memoryBytes === b.memoryBytes && it.projectId < b.projectId)))) best.set(it.systemCode, it);
  }
  const codes = [...best.keys()].sort();
  const at = dayOf(body.takenAt);

  return prisma.$transaction(
    async (tx) => {
      const found = await tx.businessSystem.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, status: true, nodeId: true, cmpProjectId: true, migrationStartedAt: true } });
      const byCode = new Map(found.map((s) => [s.code, s]));
      const unknown = codes.filter((c) => !byCode.has(c));
      if (unknown.length) throw new UnknownSystemsError(nodeId, unknown);

      const result: InventoryResult = { nodeId, takenAt: body.takenAt, systems: codes.length, becameOnCloud: [], placed: [], untouched: [] };
      for (const code of codes) {
        const s = byCode.get(code)!;
        const item = best.get(code)!;
        if (s.status === 'EXEMPT' || s.status === 'CLASSIFIED') {
          result.untouched.push({ code, status: s.status });
          continue;
        }
        const promote = s.status === 'PLANNED' || s.status === 'MIGRATING';
        if (s.nodeId !== nodeId) result.placed.push(code);
        if (!promote && s.nodeId === nodeId && s.cmpProjectId === item.projectId) continue;
        await tx.businessSystem.update({
          where: { id: s.id },
          data: {
            nodeId,
            cmpProjectId: item.projectId,
            ...(promote ? { status: 'ON_CLOUD' as const, onCloudAt: at, migrationStartedAt: s.migrationStartedAt ?? at } : {}),
          },
        });
        if (promote) {
          result.becameOnCloud.push(code);
          await tx.systemStatusChange.create({
            data: { systemId: s.id, from: s.status, to: 'ON_CLOUD', at, actor: COLLECTOR_ACTOR, note: `seen running on ${nodeId} in CMP project ${item.projectId}` },
          });
        }
      }
      return result;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
