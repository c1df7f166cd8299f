/** Dates of one simulated node: the plan's dates, jittered by the seed without breaking a milestone. */
import type { NodeDefinition } from '@gcc/domain';
import { CITY_PLANS, PROVINCIAL_PLAN } from './city-plans.ts';
import { addDays } from './dates.ts';
import { rngFor } from './prng.ts';
import type { NodeDates } from './node-model.ts';

export interface SimNodeDates extends NodeDates {
  securityPlatformDate: string;
}

/** `referenceDate`: PRD interconnections are counted back from it (city-plans.ts). */
export function nodeDates(seed: number, def: NodeDefinition, slug: string | null, referenceDate: string): SimNodeDates {
  const r = rngFor(seed, 'dates', def.id);
  if (slug === null) {
    return {
      goLiveDate: PROVINCIAL_PLAN.goLive,
      dockingDate: null,
      interconnectDate: PROVINCIAL_PLAN.goLive,
      // Built under the plan in 2019: the provincial node predates it.
      securityPlatformDate: addDays(PROVINCIAL_PLAN.securityPlatform, -r.int(0, 10)),
    };
  }
  const plan = CITY_PLANS[slug];
  if (!plan) throw new Error(`no simulation plan for city ${slug}`);
  // Jitter only moves dates earlier, so every "by <date>" milestone still holds.
  const goLiveDate = addDays(plan.goLive, -r.int(0, 6));
  if (def.kind === 'city') {
    return {
      goLiveDate,
      dockingDate: null,
      interconnectDate: goLiveDate,
      securityPlatformDate: addDays(goLiveDate, plan.securityAfterDays + r.int(-8, 8)),
    };
  }
  const dockingDate = addDays(plan.docking!, -r.int(0, 5));
  return {
    goLiveDate,
    dockingDate,
    // Later only: keeps every interconnection inside its year and after its docking.
    interconnectDate: plan.interconnectDaysBeforeRef ? addDays(referenceDate, -plan.interconnectDaysBeforeRef + r.int(0, 5)) : null,
    // PRD clouds predate the plan: their security platform follows docking.
    securityPlatformDate: addDays(dockingDate, plan.securityAfterDays + r.int(-8, 8)),
  };
}
