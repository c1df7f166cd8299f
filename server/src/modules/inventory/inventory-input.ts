/**
 * The body of POST /api/inventory/:nodeId, as the collectors send it (collectors/src/inventory/):
 * which business systems a node's CMP shows running, in which project, holding what.
 */
import { z } from 'zod';

const amount = z.number().finite().nonnegative();

export const inventoryBodySchema = z
  .object({
    takenAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, such as 2026-11-25T06:30:00Z' }),
    systems: z
      .array(
        z.object({
          systemCode: z.string().min(1).max(100),
          projectId: z.string().min(1).max(200),
          vcpu: amount,
          memoryBytes: amount,
          storageBytes: amount,
        }),
      )
      .max(100_000),
  })
  .strict();

export type InventoryBody = z.infer<typeof inventoryBodySchema>;

/** Every problem of a body, one per line item (`systems[3].vcpu: …`), or none. */
export function inventoryBodyProblems(body: unknown): { ok: true; value: InventoryBody } | { ok: false; problems: string[] } {
  const parsed = inventoryBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? String(p) : `.${String(p)}`)).join('') || '(body)'}: ${i.message}`),
  };
}
