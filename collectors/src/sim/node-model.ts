/**
 * The hidden parameters behind one simulated node: capacity curve, per-data-centre shares,
 * memory/storage per vCPU, allocation-ratio curve (shaped by OUTCOMES) and how busy guests are.
 * capacity.ts turns a model into figures at any instant.
 *
 * Knots at the plan's dates and at each node's own milestones are absolute; the growth after them
 * is tied to the reference day (its "now" knot, one ≈3.4 years before, one ≈4.1 years after), so
 * the recent past looks the same whatever the day. An early reference day can put a counted knot
 * before a fixed one: inTimeOrder drops it. Every random draw happens whatever the reference day,
 * so a seed shapes the same province on any day.
 */
import { PROVINCIAL_NODE_ID, type NodeDefinition } from '@gcc/domain';
import { CITY_PLANS, PROVINCIAL_PLAN } from './city-plans.ts';
import { inTimeOrder, type Knot } from './curve.ts';
import { addMonths, dateMs, DAY_MS } from './dates.ts';
import { AT_RISK_ON, OUTCOMES } from './outcomes.ts';
import { rngFor } from './prng.ts';

export interface NodeDates {
  goLiveDate: string;
  dockingDate: string | null;
  interconnectDate: string | null;
}

export interface NodeModel {
  nodeId: string;
  slug: string | null;
  goLiveMs: number;
  /** Whole-node vCPU (after overcommit) over time. */
  vcpuKnots: Knot[];
  dcShares: Readonly<Record<string, number>>;
  memoryGiBPerVcpu: number;
  storageGiBPerVcpu: number;
  /** Mean allocation ratio (allocated ÷ total) over time; resources deviate by ± spread, mean unchanged. */
  allocationKnots: Knot[];
  allocationSpread: number;
  /** Busy share of allocated, per resource, before the diurnal wave. */
  busy: { vcpu: number; memory: number; storage: number };
  diurnalAmplitude: number;
  /** Fraction of in-scope business systems on the cloud over time. */
  migrationKnots: Knot[];
}

const k = (iso: string, value: number): Knot => [dateMs(iso), value];

/** Days from the reference day to its mid-growth knot (2023-06-30 from 2026-11-25) and to its later one (2030-12-31). */
const GROWTH_DAYS_BEFORE = 1244;
const LATER_DAYS = 1497;

/** Knots counted from the reference day; in milliseconds, so no day is too late to write. */
function fromRef(referenceDate: string) {
  const refMs = dateMs(referenceDate);
  return (days: number, value: number): Knot => [refMs + days * DAY_MS, value];
}

function common(seed: number, nodeId: string) {
  const r = rngFor(seed, 'model', nodeId);
  return {
    r,
    memoryGiBPerVcpu: r.between(3.7, 4.3),
    storageGiBPerVcpu: r.between(22, 40),
    allocationSpread: r.between(0.02, 0.05),
    busy: { vcpu: r.between(0.3, 0.42), memory: r.between(0.45, 0.55), storage: r.between(0.38, 0.5) },
    diurnalAmplitude: r.between(0.06, 0.1),
  };
}

export function provincialModel(seed: number, def: NodeDefinition, dates: NodeDates, referenceDate: string): NodeModel {
  const c = common(seed, def.id);
  const alloc = c.r.between(0.7, 0.76);
  const at = fromRef(referenceDate);
  const jitter = () => c.r.between(0.995, 1.01);
  const vcpuKnots = [
    ...PROVINCIAL_PLAN.vcpuKnots.map(([d, v]) => k(d, v * jitter())),
    ...PROVINCIAL_PLAN.vcpuKnotsFromRef.map(([days, v]) => at(days, v * jitter())),
  ];
  return {
    nodeId: def.id,
    slug: null,
    goLiveMs: dateMs(dates.goLiveDate),
    vcpuKnots: inTimeOrder(vcpuKnots),
    dcShares: PROVINCIAL_PLAN.dcShares,
    memoryGiBPerVcpu: c.memoryGiBPerVcpu,
    storageGiBPerVcpu: c.storageGiBPerVcpu,
    allocationKnots: [k(dates.goLiveDate, 0.45), k('2019-12-31', alloc - 0.05), at(0, alloc), at(LATER_DAYS, alloc + 0.04)],
    allocationSpread: c.allocationSpread,
    busy: c.busy,
    diurnalAmplitude: c.diurnalAmplitude,
    migrationKnots: inTimeOrder([k('2018-03-01', 0), k('2019-01-01', 0.1), k('2019-12-31', 0.42), k('2020-12-31', 0.9), k('2022-12-31', 0.95), at(0, 0.97)]),
  };
}

export function cityModel(seed: number, def: NodeDefinition, slug: string, dates: NodeDates, referenceDate: string): NodeModel {
  const plan = CITY_PLANS[slug];
  if (!plan) throw new Error(`no simulation plan for city ${slug}`);
  const c = common(seed, def.id);
  const r = c.r;
  const outcome = OUTCOMES[slug];
  const deadline = addMonths(dates.goLiveDate, 12);
  const dc = def.dataCentres[0]!.code;
  const at = fromRef(referenceDate);
  const usageOk = () => r.between(0.66, 0.75);
  const usageShort = () => r.between(0.45, 0.53);
  const migrationOk = () => r.between(0.58, 0.7);
  const migrationShort = () => r.between(0.34, 0.43);

  if (def.kind === 'city') {
    const v0 = plan.vcpu * r.between(0.96, 1.04);
    const uDl = outcome === 'misses-usage' ? usageShort() : usageOk();
    const mDl = outcome === 'misses-migration' ? migrationShort() : migrationOk();
    const half = addMonths(dates.goLiveDate, 6);
    return {
      nodeId: def.id,
      slug,
      goLiveMs: dateMs(dates.goLiveDate),
      vcpuKnots: inTimeOrder([
        k(dates.goLiveDate, v0),
        k(addMonths(deadline, 3), v0),
        at(-GROWTH_DAYS_BEFORE, Math.min(7600, v0 * r.between(1.3, 1.45))),
        at(0, Math.min(7900, v0 * r.between(1.6, 1.85))),
        at(LATER_DAYS, Math.min(8000, v0 * 1.95)),
      ]),
      dcShares: { [dc]: 1 },
      memoryGiBPerVcpu: c.memoryGiBPerVcpu,
      storageGiBPerVcpu: c.storageGiBPerVcpu,
      allocationKnots: [
        k(dates.goLiveDate, r.between(0.1, 0.18)),
        k(half, 0.14 + (uDl - 0.14) * r.between(0.55, 0.7)),
        k(deadline, uDl),
        at(0, Math.min(0.86, uDl + r.between(0.08, 0.14))),
        at(LATER_DAYS, Math.min(0.88, uDl + 0.16)),
      ],
      allocationSpread: c.allocationSpread,
      busy: c.busy,
      diurnalAmplitude: c.diurnalAmplitude,
      migrationKnots: [
        [dateMs(dates.goLiveDate) - 30 * DAY_MS, 0],
        k(addMonths(dates.goLiveDate, 2), 0.05),
        k(deadline, mDl),
        at(0, Math.min(0.94, mDl + r.between(0.25, 0.33))),
      ],
    };
  }

  // PRD: own cloud since launch; judged from interconnection (null = display only).
  const docking = dates.dockingDate!;
  const mid = dates.interconnectDate ?? addMonths(docking, 24);
  const shortOn = outcome === 'at-risk' ? AT_RISK_ON[slug] : undefined;
  const uNow = shortOn === 'usage' ? r.between(0.45, 0.5) : outcome === 'not-evaluated' ? r.between(0.55, 0.7) : r.between(0.66, 0.74);
  const mNow = shortOn === 'migration' ? r.between(0.36, 0.41) : r.between(0.62, 0.72);
  // At risk: barely moving over the last months, so the projection stays below the target.
  const uMid = shortOn === 'usage' ? uNow - 0.015 : uNow - 0.04;
  const mMid = shortOn === 'migration' ? mNow - 0.015 : mNow - 0.04;
  const v = plan.vcpu * r.between(0.97, 1.02);
  return {
    nodeId: def.id,
    slug,
    goLiveMs: dateMs(dates.goLiveDate),
    vcpuKnots: inTimeOrder([k(dates.goLiveDate, v * 0.36), k(docking, v * 0.68), k(mid, v * 0.92), at(0, v), at(LATER_DAYS, v * 1.05)]),
    dcShares: { [dc]: 1 },
    memoryGiBPerVcpu: c.memoryGiBPerVcpu,
    storageGiBPerVcpu: c.storageGiBPerVcpu,
    allocationKnots: inTimeOrder([k(dates.goLiveDate, 0.2), k(docking, Math.min(uMid - 0.05, 0.5)), k(mid, uMid), at(0, uNow), at(LATER_DAYS, Math.max(uNow, 0.7))]),
    allocationSpread: c.allocationSpread,
    busy: c.busy,
    diurnalAmplitude: c.diurnalAmplitude,
    migrationKnots: inTimeOrder([k(dates.goLiveDate, 0), k(docking, Math.min(mMid - 0.08, 0.42)), k(mid, mMid), at(0, mNow)]),
  };
}

export function isProvincial(def: NodeDefinition): boolean {
  return def.id === PROVINCIAL_NODE_ID;
}
