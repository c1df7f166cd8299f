/** The registry's record that its data is the simulated province (shown as a badge everywhere). */
import type { PrismaClient } from '../../generated/prisma/client.ts';

export const SIMULATION_META_KEY = 'simulation';

export interface SimulationMeta {
  simulated: true;
  seed: number;
  /**
   * The simulated province's reference day (YYYY-MM-DD): the day the data directory was first
   * seeded. Every later start simulates the same province, so history is never rewritten.
   * Absent in registries seeded before it was stored: see referenceDateOfMeta.
   */
  referenceDate?: string;
  writtenAt: string;
  provincialNode: string;
}

/** Registries seeded before the reference day was stored were simulated as of this fixed day. */
const REFERENCE_DATE_BEFORE_IT_WAS_STORED = '2026-11-25';

export function referenceDateOfMeta(meta: SimulationMeta): string {
  return meta.referenceDate ?? REFERENCE_DATE_BEFORE_IT_WAS_STORED;
}

export async function readSimulationMeta(prisma: PrismaClient): Promise<SimulationMeta | null> {
  const row = await prisma.systemMeta.findUnique({ where: { key: SIMULATION_META_KEY } });
  return row ? (row.value as unknown as SimulationMeta) : null;
}
