/**
 * Writes the simulated province (nodes, departments, business systems with their migration
 * histories) into the registry, marked simulated everywhere, with its seed and reference day. Runs
 * once: a second start finds the marker and leaves the data (and anything users changed since)
 * alone, except each simulated node's CMP kind and endpoint, which follow the simulator. It must
 * be the same province (seed and reference day) as the one already written.
 */
import { NODE_DEFINITIONS, PROVINCIAL_NODE_ID } from '@gcc/domain';
import { simCmpEndpoint, type SimulatedProvince } from '@gcc/collectors/sim';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { CmpKind, CpuArch, NodeKind, SystemStatus } from '../../generated/prisma/enums.ts';
import { readSimulationMeta, referenceDateOfMeta, SIMULATION_META_KEY, type SimulationMeta } from './simulation-meta.ts';

const NODE_KINDS = { provincial: 'PROVINCIAL', city: 'CITY', prd: 'PRD' } as const satisfies Record<string, NodeKind>;
const CMP_KINDS = { openstack: 'OPENSTACK', vsphere: 'VSPHERE', prometheus: 'PROMETHEUS', 'docking-api': 'DOCKING_API' } as const satisfies Record<string, CmpKind>;
const ARCHS = { x86: 'X86', kunpeng: 'KUNPENG', hygon: 'HYGON', phytium: 'PHYTIUM' } as const satisfies Record<string, CpuArch>;

const day = (iso: string | null): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

export interface SimulatedProvinceOptions {
  /** Base URL of the simulated CMP server; each node lives under /{nodeId}. */
  cmpBaseUrl: string;
  /** Environment variable holding the simulated CMP's password. */
  credentialRef: string;
}

export async function writeSimulatedProvince(
  prisma: PrismaClient,
  province: SimulatedProvince,
  options: SimulatedProvinceOptions,
): Promise<{ written: boolean; systems: number }> {
  const meta = await readSimulationMeta(prisma);
  if (meta) {
    if (meta.seed !== province.seed) {
      throw new Error(
        `this database already holds the simulated province of seed ${meta.seed}, not ${province.seed}; remove the data directory to start over`,
      );
    }
    if (referenceDateOfMeta(meta) !== province.referenceDate) {
      throw new Error(
        `this database already holds the simulated province as of ${referenceDateOfMeta(meta)}, not ${province.referenceDate}; remove the data directory to start over`,
      );
    }
    // A registry seeded before the day was stored: record it, so nothing has to assume it again.
    if (meta.referenceDate === undefined) {
      const value: SimulationMeta = { ...meta, referenceDate: province.referenceDate };
      await prisma.systemMeta.update({ where: { key: SIMULATION_META_KEY }, data: { value: value as never } });
    }
    // The simulator decides what each simulated node speaks and where: keep the registry in step
    // with it (a data directory from an earlier version, or another --cmp-url), users' data untouched.
    for (const n of province.nodes) {
      await prisma.node.updateMany({
        where: { id: n.id, simulated: true },
        data: { cmpKind: CMP_KINDS[n.cmpKind], cmpEndpoint: simCmpEndpoint(options.cmpBaseUrl, n.id, n.cmpKind) },
      });
    }
    return { written: false, systems: await prisma.businessSystem.count() };
  }

  const definitions = new Map(NODE_DEFINITIONS.map((d) => [d.id, d]));
  await prisma.$transaction(
    async (tx) => {
      for (const n of province.nodes) {
        const def = definitions.get(n.id);
        if (!def) throw new Error(`simulated node ${n.id} is not one of the plan's nodes`);
        await tx.node.create({
          data: {
            id: n.id,
            kind: NODE_KINDS[def.kind],
            regionCode: def.regionCode,
            nameZh: def.nameZh,
            nameEn: def.nameEn,
            goLiveDate: day(n.goLiveDate),
            dockingDate: day(n.dockingDate),
            interconnectEnabled: n.interconnectDate !== null,
            interconnectDate: day(n.interconnectDate),
            securityPlatformDate: day(n.securityPlatformDate),
            networkRegion: n.networkRegion,
            cmpKind: CMP_KINDS[n.cmpKind],
            cmpEndpoint: simCmpEndpoint(options.cmpBaseUrl, n.id, n.cmpKind),
            cmpCredentialRef: options.credentialRef,
            simulated: true,
            dataCentres: { create: def.dataCentres.map((dc) => ({ id: dc.code, nameZh: dc.nameZh, nameEn: dc.nameEn })) },
            cpuPools: { create: n.cpuPools.map((p) => ({ arch: ARCHS[p.arch], share: p.share })) },
          },
        });
      }
      await tx.department.createMany({
        data: province.departments.map((d) => ({ code: d.code, nameZh: d.nameZh, regionCode: d.regionCode })),
      });
      const systems = province.systems.map((s) => {
        const current = s.history.at(-1);
        if (!current) throw new Error(`simulated system ${s.code} has no status history`);
        const firstAt = (status: SystemStatus) => day(s.history.find((h) => h.status === status)?.at ?? null);
        return {
          code: s.code,
          nameZh: s.nameZh,
          departmentCode: s.departmentCode,
          regionCode: s.regionCode,
          nodeId: s.nodeId,
          status: current.status,
          registeredAt: day(s.registeredAt)!,
          migrationStartedAt: firstAt('MIGRATING'),
          onCloudAt: firstAt('ON_CLOUD'),
          excludedAt: firstAt('EXEMPT') ?? firstAt('CLASSIFIED'),
          exclusionReason: current.status === 'EXEMPT' ? '专家评审豁免（模拟）' : current.status === 'CLASSIFIED' ? '涉密（模拟）' : null,
          simulated: true,
        };
      });
      await tx.businessSystem.createMany({ data: systems });
      const ids = new Map((await tx.businessSystem.findMany({ select: { id: true, code: true } })).map((r) => [r.code, r.id]));
      await tx.systemStatusChange.createMany({
        data: province.systems.flatMap((s) =>
          s.history.map((h, i) => ({
            systemId: ids.get(s.code)!,
            from: i === 0 ? null : s.history[i - 1]!.status,
            to: h.status,
            at: day(h.at)!,
            actor: 'simulator',
          })),
        ),
      });
      const written: SimulationMeta = {
        simulated: true, seed: province.seed, referenceDate: province.referenceDate, writtenAt: new Date().toISOString(), provincialNode: PROVINCIAL_NODE_ID,
      };
      await tx.systemMeta.create({ data: { key: SIMULATION_META_KEY, value: written as never } });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { written: true, systems: province.systems.length };
}
