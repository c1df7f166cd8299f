/**
 * Who sees and enters what about providers. The assessment and settlement are the province's
 * business: province-wide viewers see every provider; a provider's own account (role PROVIDER,
 * bound to its provider) sees its own figures only; city users and kiosks see none. A department
 * scores the providers that serve it: those operating a node in the department's region or a node
 * that runs one of its business systems; a department's user scores for that department only.
 */
import { GccError } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Viewer } from '../access/viewer.ts';

/** The providers a viewer may see the assessment of: null = all, else just that one. */
export function assessmentScope(viewer: Viewer, what = 'provider assessments'): string | null {
  if (viewer.role === 'PROVIDER') {
    if (!viewer.providerId) throw new GccError('GCC_ERR_PROVIDER_FORBIDDEN', `${viewer.username} is a provider account without a provider`);
    return viewer.providerId;
  }
  if (viewer.cityScope !== null || viewer.role === 'KIOSK') {
    throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `${viewer.username} may not see ${what} (province-wide settlement data)`);
  }
  return null;
}

/** The scope narrowed to the provider asked for, refusing a provider account another provider's figures. */
export function requireAssessmentOf(viewer: Viewer, providerId: string | null | undefined, what?: string): string | null {
  const scope = assessmentScope(viewer, what);
  if (scope !== null && providerId && providerId !== scope) {
    throw new GccError('GCC_ERR_PROVIDER_FORBIDDEN', `${viewer.username} sees the figures of provider ${scope} only, not ${providerId}`);
  }
  return scope ?? providerId ?? null;
}

/** The departments each provider serves (all providers, or the ones given). */
export async function servedDepartments(prisma: PrismaClient, providerIds?: string[]): Promise<Map<string, Set<string>>> {
  const providers = await prisma.provider.findMany({
    where: providerIds ? { id: { in: providerIds } } : {},
    select: { id: true, nodes: { select: { nodeId: true, node: { select: { regionCode: true } } } } },
  });
  const nodeIds = [...new Set(providers.flatMap((p) => p.nodes.map((n) => n.nodeId)))];
  const regions = [...new Set(providers.flatMap((p) => p.nodes.map((n) => n.node.regionCode)))];
  const [departments, systems] = await Promise.all([
    prisma.department.findMany({ where: { regionCode: { in: regions } }, select: { code: true, regionCode: true } }),
    prisma.businessSystem.findMany({ where: { nodeId: { in: nodeIds } }, select: { departmentCode: true, nodeId: true }, distinct: ['departmentCode', 'nodeId'] }),
  ]);
  const out = new Map<string, Set<string>>();
  for (const p of providers) {
    const mine = new Set(p.nodes.map((n) => n.nodeId));
    const myRegions = new Set(p.nodes.map((n) => n.node.regionCode));
    out.set(p.id, new Set([
      ...departments.filter((d) => myRegions.has(d.regionCode)).map((d) => d.code),
      ...systems.filter((s) => s.nodeId !== null && mine.has(s.nodeId)).map((s) => s.departmentCode),
    ]));
  }
  return out;
}

export function requireSatisfactionWriter(viewer: Viewer): void {
  if (viewer.readOnly || viewer.role === 'KIOSK' || viewer.role === 'PROVIDER') {
    throw new GccError('GCC_ERR_REPORT_FORBIDDEN', `${viewer.username} may not enter satisfaction scores`);
  }
}

/** Refuses a (valid) satisfaction score the viewer may not enter: another department's, or for a provider not serving it. */
export async function requireSatisfactionEntry(prisma: PrismaClient, viewer: Viewer, providerId: string, departmentCode: string): Promise<void> {
  if (viewer.departmentCode && viewer.departmentCode !== departmentCode) {
    throw new GccError('GCC_ERR_PROVIDER_FORBIDDEN', `${viewer.username} scores for department ${viewer.departmentCode} only, not ${departmentCode}`);
  }
  const served = (await servedDepartments(prisma, [providerId])).get(providerId);
  if (served && !served.has(departmentCode)) {
    throw new GccError(
      'GCC_ERR_PROVIDER_FORBIDDEN',
      `provider ${providerId} does not serve department ${departmentCode} (it operates no node in the department's region nor one running its systems): a department scores the providers that serve it`,
    );
  }
}
