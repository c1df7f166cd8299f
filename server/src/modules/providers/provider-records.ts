/**
 * What operations and departments record about providers: incidents (seed 003 art. 12) and
 * monthly satisfaction scores (by the departments the provider serves, provider-access.ts). Inputs
 * are checked as a whole, every problem named.
 */
import { GccError } from '../../errors.ts';
import type { PrismaClient, ProviderIncident, ProviderSatisfaction } from '../../generated/prisma/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSatisfactionEntry } from './provider-access.ts';

export interface IncidentInput {
  providerId: string;
  nodeId: string;
  severity: 'MINOR' | 'MAJOR' | 'CRITICAL';
  startedAt: Date;
  respondedAt?: Date | null;
  reportedAt?: Date | null;
  resolvedAt?: Date | null;
  outage?: boolean | null;
  description: string;
}

export async function recordIncident(prisma: PrismaClient, input: IncidentInput, actor: string): Promise<ProviderIncident> {
  const problems: string[] = [];
  const link = await prisma.providerNode.findUnique({ where: { providerId_nodeId: { providerId: input.providerId, nodeId: input.nodeId } } });
  if (!link) problems.push(`provider ${input.providerId} does not operate node ${input.nodeId}`);
  for (const f of ['respondedAt', 'reportedAt', 'resolvedAt'] as const) {
    const v = input[f];
    if (v && v.getTime() < input.startedAt.getTime()) problems.push(`${f} is before startedAt`);
  }
  if (!input.description.trim()) problems.push('description is required');
  if (problems.length) throw new GccError('GCC_ERR_PROVIDER_INPUT', `the incident is not valid: ${problems.join('; ')}`);
  return prisma.providerIncident.create({
    data: {
      providerId: input.providerId, nodeId: input.nodeId, severity: input.severity, startedAt: input.startedAt,
      respondedAt: input.respondedAt ?? null, reportedAt: input.reportedAt ?? null, resolvedAt: input.resolvedAt ?? null,
      outage: input.outage ?? false, description: input.description.trim(), recordedBy: actor,
    },
  });
}

export async function enterSatisfaction(
  prisma: PrismaClient,
  a: { providerId: string; month: string; departmentCode: string; score: number; comment?: string | null },
  viewer: Viewer,
): Promise<ProviderSatisfaction> {
  const cityScope = viewer.cityScope;
  const problems: string[] = [];
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(a.month)) problems.push(`month "${a.month}" is not YYYY-MM`);
  if (!(a.score >= 0 && a.score <= 100)) problems.push(`score ${a.score} is not within 0–100`);
  const [provider, dept] = await Promise.all([
    prisma.provider.findUnique({ where: { id: a.providerId } }),
    prisma.department.findUnique({ where: { code: a.departmentCode } }),
  ]);
  if (!provider) problems.push(`no provider "${a.providerId}"`);
  if (!dept) problems.push(`no department "${a.departmentCode}"`);
  else if (cityScope !== null && dept.regionCode !== cityScope) problems.push(`department ${a.departmentCode} is not in city ${cityScope}`);
  if (problems.length) throw new GccError('GCC_ERR_PROVIDER_INPUT', `the satisfaction score is not valid: ${problems.join('; ')}`);
  await requireSatisfactionEntry(prisma, viewer, a.providerId, a.departmentCode);
  const data = { score: a.score, comment: a.comment ?? null, enteredBy: viewer.username, enteredAt: new Date() };
  return prisma.providerSatisfaction.upsert({
    where: { providerId_month_departmentCode: { providerId: a.providerId, month: a.month, departmentCode: a.departmentCode } },
    create: { providerId: a.providerId, month: a.month, departmentCode: a.departmentCode, ...data },
    update: data,
  });
}
