/**
 * Writes the plan's reference data — the province, its 21 cities and the plan's milestones —
 * from @gcc/domain. Idempotent: run at every start, it only ever converges on the domain's truth.
 */
import { CITIES, PLAN_MILESTONES, PROVINCE_CODE } from '@gcc/domain';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { MilestoneUnit } from '../../generated/prisma/enums.ts';

const UNITS: Record<(typeof PLAN_MILESTONES)[number]['unit'], MilestoneUnit> = {
  vcpu: 'VCPU',
  nodes: 'NODES',
  systems: 'SYSTEMS',
  ratio: 'RATIO',
};

export async function writeReferenceData(prisma: PrismaClient): Promise<void> {
  const province = { slug: 'guangdong', nameZh: '广东省', nameEn: 'Guangdong', level: 'PROVINCE' as const };
  await prisma.$transaction([
    prisma.region.upsert({ where: { code: PROVINCE_CODE }, create: { code: PROVINCE_CODE, ...province }, update: province }),
    ...CITIES.map((c) => {
      const data = { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, level: 'CITY' as const, parentCode: PROVINCE_CODE, isPrd: c.group === 'prd' };
      return prisma.region.upsert({ where: { code: c.code }, create: { code: c.code, ...data }, update: data });
    }),
    ...PLAN_MILESTONES.map((m) => {
      const data = {
        kind: m.kind,
        titleZh: m.titleZh,
        titleEn: m.titleEn,
        dueDate: m.dueDate ? new Date(`${m.dueDate}T00:00:00Z`) : null,
        relativeMonths: m.relativeMonths,
        targetValue: m.targetValue,
        unit: UNITS[m.unit],
        nodeIds: [...m.nodeIds],
        source: m.source,
      };
      return prisma.planMilestone.upsert({ where: { code: m.code }, create: { code: m.code, ...data }, update: data });
    }),
  ]);
}
