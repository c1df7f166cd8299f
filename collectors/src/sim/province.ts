/**
 * The simulated province: the 22 nodes of the plan with dates, CMP kinds, CPU pools and a
 * capacity function, the departments and their business systems. Deterministic in the seed and
 * the reference day (reference-date.ts). Everything here is SIMULATED demo data; nothing
 * describes a real node.
 */
import { CITIES, NODE_DEFINITIONS, type CmpKind, type NodeDefinition } from '@gcc/domain';
import { capacityFromModel, type CapacityFigures } from './capacity.ts';
import { CITY_PLANS, PROVINCIAL_PLAN } from './city-plans.ts';
import { simulateCpuPools, type CpuPool } from './cpu-pools.ts';
import { addDays } from './dates.ts';
import { draftDepartments, type DepartmentDraft } from './departments.ts';
import { nodeDates } from './node-dates.ts';
import { cityModel, provincialModel, type NodeModel } from './node-model.ts';
import { rngFor } from './prng.ts';
import { referenceDateProblem } from './reference-date.ts';
import { simulateSystems, type SimSystem } from './systems.ts';

export type { SimSystem, SystemStatus } from './systems.ts';
export type { CpuPool } from './cpu-pools.ts';

export const DEFAULT_SIM_SEED = 2019;

export interface SimNode {
  id: string;
  /** City node go-live / PRD own-cloud launch / provincial launch (YYYY-MM-DD). */
  goLiveDate: string;
  /** PRD clouds: docked to the provincial CMP; others null. */
  dockingDate: string | null;
  /** Resource interconnection (elastic scheduling pool) enabled; PRD: recent or null (display only). */
  interconnectDate: string | null;
  securityPlatformDate: string;
  /** What the node's simulated CMP speaks (sim/province-cmps.ts): its planned kind. */
  cmpKind: CmpKind;
  /** The kind of CMP the real node is expected to have. */
  plannedCmpKind: CmpKind;
  networkRegion: string;
  cpuPools: CpuPool[];
  dataCentres: string[];
}

export interface SimDepartment {
  code: string;
  nameZh: string;
  regionCode: string;
}

export interface SimulationOptions {
  /**
   * "Now" for the simulated registry (YYYY-MM-DD, EARLIEST_SIM_REFERENCE_DATE or later): statuses
   * and outcomes are as of this day. A demo passes the day its data directory was first seeded.
   */
  referenceDate: string;
}

export interface SimulatedProvince {
  readonly simulated: true;
  readonly seed: number;
  /** Statuses and outcomes are as of this day. */
  readonly referenceDate: string;
  nodes: SimNode[];
  departments: SimDepartment[];
  systems: SimSystem[];
  /**
   * Capacity of one node's data centre at time t (ms), in base units (vCPU, bytes). Deterministic
   * in (seed, node, dc, t): smooth growth plus a small diurnal utilization wave; 0 before go-live.
   */
  capacityAt(nodeId: string, dc: string, t: number): CapacityFigures;
  /** Benchmarks only (scale.ts): more, smaller hosts and VMs for the same capacity; absent = as planned. */
  readonly scale?: SimScale;
}

/** How much finer the simulated CMPs split a data centre's capacity (scale.ts); 1 = as planned. */
export interface SimScale {
  /** Multiplies the hypervisors (OpenStack, Prometheus) and ESXi hosts (vSphere) of each data centre. */
  hostFactor?: number;
  /** Divides the size of each vCenter VM (at least 1 vCPU), so about this many times as many VMs. */
  vmFactor?: number;
}

export type { CapacityFigures };

function slugOf(def: NodeDefinition): string | null {
  return CITIES.find((c) => c.code === def.regionCode)?.slug ?? null;
}

export function simulateProvince(seed: number, { referenceDate }: SimulationOptions): SimulatedProvince {
  if (!Number.isInteger(seed)) throw new Error(`the simulation seed must be an integer, got ${seed}`);
  const problem = referenceDateProblem(referenceDate);
  if (problem) throw new Error(`the simulation's reference day ${problem}`);
  const models = new Map<string, NodeModel>();
  const nodes: SimNode[] = [];
  const departments: DepartmentDraft[] = [];
  const systems: SimSystem[] = [];

  for (const def of NODE_DEFINITIONS) {
    const slug = slugOf(def);
    const dates = nodeDates(seed, def, slug, referenceDate);
    const model = slug === null ? provincialModel(seed, def, dates, referenceDate) : cityModel(seed, def, slug, dates, referenceDate);
    models.set(def.id, model);
    const plan = slug === null ? null : CITY_PLANS[slug]!;
    nodes.push({
      id: def.id,
      goLiveDate: dates.goLiveDate,
      dockingDate: dates.dockingDate,
      interconnectDate: dates.interconnectDate,
      securityPlatformDate: dates.securityPlatformDate,
      cmpKind: plan?.plannedCmpKind ?? PROVINCIAL_PLAN.plannedCmpKind,
      plannedCmpKind: plan?.plannedCmpKind ?? PROVINCIAL_PLAN.plannedCmpKind,
      networkRegion: plan?.networkRegion ?? PROVINCIAL_PLAN.networkRegion,
      cpuPools: simulateCpuPools(rngFor(seed, 'cpu-pools', def.id), def.kind),
      dataCentres: def.dataCentres.map((d) => d.code),
    });

    const regionName = slug === null ? '广东省' : CITIES.find((c) => c.slug === slug)!.nameZh;
    const rng = rngFor(seed, 'registry', def.id);
    const depts = draftDepartments(rng, def.regionCode, regionName, plan?.departments ?? PROVINCIAL_PLAN.departments);
    departments.push(...depts);
    const count = plan?.systems ?? PROVINCIAL_PLAN.systems;
    const windows =
      def.kind === 'provincial'
        ? { early: ['2017-10-01', '2018-12-31'], late: ['2019-01-01', '2019-06-30'], lateShare: 0.05 }
        : def.kind === 'city'
          ? { early: [addDays(dates.goLiveDate, -270), addDays(dates.goLiveDate, -20)], late: [dates.goLiveDate, addDays(referenceDate, -30)], lateShare: 0.1 }
          : { early: [addDays(dates.goLiveDate, -200), dates.dockingDate!], late: [dates.dockingDate!, addDays(referenceDate, -30)], lateShare: 0.12 };
    systems.push(
      ...simulateSystems(rng, {
        regionCode: def.regionCode,
        nodeId: def.id,
        count: count + rng.int(-6, 6),
        departments: depts,
        earlyWindow: windows.early as [string, string],
        lateWindow: windows.late as [string, string],
        lateShare: windows.lateShare,
        migrationKnots: model.migrationKnots,
        referenceDate,
      }),
    );
  }

  return {
    simulated: true,
    seed,
    referenceDate,
    nodes,
    departments: departments.map(({ code, nameZh, regionCode }) => ({ code, nameZh, regionCode })),
    systems,
    capacityAt(nodeId, dc, t) {
      const model = models.get(nodeId);
      if (!model) throw new Error(`the simulated province has no node "${nodeId}"`);
      return capacityFromModel(seed, model, dc, t);
    },
  };
}
