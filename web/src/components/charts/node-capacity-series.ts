/**
 * API nodes → the normalized series the node capacity chart draws: grouped provincial / city / PRD,
 * values in the catalogue's display unit, names in the current locale, null kept as null.
 */
import { cityByCode, type NodeKind, type Resource } from '@gcc/domain';
import type { NodeVcpu } from '../../api/queries.ts';
import { nodeKindFromApi } from '../../api/schema.ts';
import { toDisplayUnit } from '../../i18n/format.ts';
import { localizedName, type Locale } from '../../i18n/locale.ts';

export const NODE_KIND_ORDER: readonly NodeKind[] = Object.freeze(['provincial', 'city', 'prd']);

export interface NodeCapacityPoint {
  id: string;
  /** Full node name, for tooltips. */
  name: string;
  /** Short name for the axis (the city's name; the group title says what kind of node it is). */
  label: string;
  total: number | null;
  allocated: number | null;
  used: number | null;
  stale: boolean;
  asOf: string | null;
}

export interface NodeCapacityGroup {
  kind: NodeKind;
  points: NodeCapacityPoint[];
}

export function toNodeCapacitySeries(nodes: readonly NodeVcpu[], locale: Locale, resource: Resource = 'vcpu'): NodeCapacityGroup[] {
  const groups = new Map<NodeKind, NodeVcpu[]>();
  for (const node of nodes) {
    const kind = nodeKindFromApi(node.kind);
    const list = groups.get(kind) ?? [];
    list.push(node);
    groups.set(kind, list);
  }
  return NODE_KIND_ORDER.flatMap((kind) => {
    const list = groups.get(kind);
    if (!list?.length) return [];
    // Fixed order by administrative code, not by size: on a wall screen a bar must not change place
    // between refreshes.
    const sorted = [...list].sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.id.localeCompare(b.id));
    return [
      {
        kind,
        points: sorted.map((node) => {
          const city = kind === 'provincial' ? undefined : cityByCode(node.regionCode);
          return {
            id: node.id,
            name: localizedName(node, locale),
            label: city ? localizedName(city, locale) : localizedName(node, locale),
            // null only beside a GraphQL error, which fails the whole answer: never drawn in practice.
            total: toDisplayUnit(node.vcpu?.total, resource),
            allocated: toDisplayUnit(node.vcpu?.allocated, resource),
            used: toDisplayUnit(node.vcpu?.used, resource),
            stale: node.vcpu?.stale ?? false,
            asOf: node.vcpu?.asOf ?? null,
          };
        }),
      },
    ];
  });
}
