/**
 * Plan vs actual rows of the big screen: the server's milestone progress grouped by kind, one bar
 * per kind (actual now against the last milestone's value, a tick per milestone, each milestone's
 * status). Per-city rate targets are the ranking's job and the 90,000 vCPU the headline's. Pure.
 */
import type { MilestoneKind } from '@gcc/domain';
import type { ScreenMilestone } from '../../api/screen-queries.ts';

export type PlanRowKey = 'cityNodes' | 'prdDocked' | 'security' | 'systems';

export const PLAN_ROW_KINDS: Readonly<Record<PlanRowKey, MilestoneKind>> = Object.freeze({
  cityNodes: 'city-nodes-live',
  prdDocked: 'prd-docked',
  security: 'security-platforms',
  systems: 'systems-migrated',
});

export interface PlanRow {
  key: PlanRowKey;
  /** The value now (the latest milestone's reading); null when the server has none. */
  actual: number | null;
  /** The last milestone's target: the bar's full length. */
  target: number;
  /** In due-date order. */
  milestones: ScreenMilestone[];
}

export function planRows(milestones: readonly ScreenMilestone[]): PlanRow[] {
  return (Object.keys(PLAN_ROW_KINDS) as PlanRowKey[]).flatMap((key) => {
    const list = milestones
      .filter((m) => m.kind === PLAN_ROW_KINDS[key])
      .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.plannedValue - b.plannedValue);
    if (list.length === 0) return [];
    const last = list[list.length - 1]!;
    return [{ key, actual: last.actualNow, target: Math.max(...list.map((m) => m.plannedValue)), milestones: list }];
  });
}
