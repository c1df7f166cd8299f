/**
 * The registry keeps the simulated province's reference day: written once with the province, the
 * same day is required on every later start (the demo's history was simulated as of it), and a
 * registry seeded before the day was stored is read as the fixed day it was simulated on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateProvince, TEST_SIM_REFERENCE_DATE } from '@gcc/collectors/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/infra/db/open-database.ts';
import { writeReferenceData } from '../src/modules/registry/reference-data.ts';
import { writeSimulatedProvince } from '../src/modules/registry/simulated-province.ts';
import { readSimulationMeta, referenceDateOfMeta, SIMULATION_META_KEY } from '../src/modules/registry/simulation-meta.ts';

const OPTIONS = { cmpBaseUrl: 'http://sim.invalid', credentialRef: 'NONE' };
let db: Database;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-sim-meta-'));
  db = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await writeReferenceData(db.prisma);
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the simulation meta', () => {
  it('stores the reference day, refuses another one later, and records it for a registry seeded before it was stored', async () => {
    expect(await readSimulationMeta(db.prisma)).toBeNull();
    const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
    expect((await writeSimulatedProvince(db.prisma, province, OPTIONS)).written).toBe(true);
    const meta = (await readSimulationMeta(db.prisma))!;
    expect(meta).toMatchObject({ simulated: true, seed: 2019, referenceDate: TEST_SIM_REFERENCE_DATE });

    await expect(writeSimulatedProvince(db.prisma, simulateProvince(2019, { referenceDate: '2027-01-05' }), OPTIONS)).rejects.toThrow(
      `this database already holds the simulated province as of ${TEST_SIM_REFERENCE_DATE}, not 2027-01-05; remove the data directory to start over`,
    );
    expect((await writeSimulatedProvince(db.prisma, province, OPTIONS)).written).toBe(false);

    // A registry from before: no day in its meta. It was simulated as of 2026-11-25, and says so from now on.
    const { referenceDate: _, ...before } = meta;
    await db.prisma.systemMeta.update({ where: { key: SIMULATION_META_KEY }, data: { value: before as never } });
    const legacy = (await readSimulationMeta(db.prisma))!;
    expect(legacy.referenceDate).toBeUndefined();
    expect(referenceDateOfMeta(legacy)).toBe('2026-11-25');
    expect((await writeSimulatedProvince(db.prisma, province, OPTIONS)).written).toBe(false);
    expect((await readSimulationMeta(db.prisma))!.referenceDate).toBe('2026-11-25');
  }, 120_000);
});
