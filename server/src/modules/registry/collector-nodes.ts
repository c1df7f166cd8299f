/** The registry's nodes in the shape the collectors' configuration takes. */
import type { PrismaClient } from '../../generated/prisma/client.ts';

const KIND = { PROVINCIAL: 'provincial', CITY: 'city', PRD: 'prd' } as const;
const CMP = { OPENSTACK: 'openstack', VSPHERE: 'vsphere', PROMETHEUS: 'prometheus', DOCKING_API: 'docking-api' } as const;

export interface CollectorNode {
  id: string;
  regionCode: string;
  kind: (typeof KIND)[keyof typeof KIND];
  cmpKind: (typeof CMP)[keyof typeof CMP];
  endpoint: string;
  credentialRef: string;
  simulated: boolean;
  dataCentres: string[];
}

export async function collectorNodes(prisma: PrismaClient): Promise<CollectorNode[]> {
  const nodes = await prisma.node.findMany({ include: { dataCentres: { select: { id: true } } }, orderBy: { id: 'asc' } });
  return nodes.map((n) => ({
    id: n.id,
    regionCode: n.regionCode,
    kind: KIND[n.kind],
    cmpKind: CMP[n.cmpKind],
    endpoint: n.cmpEndpoint,
    credentialRef: n.cmpCredentialRef,
    simulated: n.simulated,
    dataCentres: n.dataCentres.map((d) => d.id),
  }));
}
