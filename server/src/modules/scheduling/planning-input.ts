/**
 * What a plan is computed from: the registry's nodes and CPU pools, each node's latest vCPU (and
 * memory, for quota sizes) readings from VictoriaMetrics through the request's loaders, pending
 * requests and known workloads. A what-if scenario edits a copy of this input, never the stores.
 */
import {
  DEFAULT_SCHEDULING_POLICY, type CpuArch, type PlanningProblem, type PlanningRequest, type PlanningWorkload,
} from '@gcc/domain';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';
import { ARCH_FROM_DB, buildPools, type PoolNode, type PoolReading } from './pools.ts';

export interface InputNode extends PoolNode {
  nameZh: string;
  nameEn: string;
  cmpKind: string;
  /** Marked down by a what-if scenario. */
  down?: boolean;
}

export interface PlanningInput {
  atMs: number;
  nodes: InputNode[];
  readings: Map<string, PoolReading>;
  /** Allocated memory per allocated vCPU of each node (bytes), to size a transfer's memory quota. */
  memoryPerVcpu: Map<string, number>;
  requests: PlanningRequest[];
  workloads: PlanningWorkload[];
  /** Requests made up by a scenario (displaced by a node going down), not in the registry. */
  syntheticRequests: Set<string>;
}

export async function loadPlanningInput(ctx: RequestContext, atMs = ctx.nowMs): Promise<PlanningInput> {
  return ctx.memo(`scheduling-input:${atMs}`, async () => {
    const [rows, vcpu, memory, requests, workloads] = await Promise.all([
      ctx.db.prisma.node.findMany({ include: { cpuPools: true }, orderBy: { id: 'asc' } }),
      ctx.loaders.capacity('vcpu', atMs),
      ctx.loaders.capacity('memory', atMs),
      ctx.db.prisma.resourceRequest.findMany({ where: { status: 'PENDING' }, orderBy: { code: 'asc' } }),
      ctx.db.prisma.schedulingWorkload.findMany({ orderBy: { systemCode: 'asc' } }),
    ]);
    const readings = new Map<string, PoolReading>();
    const memoryPerVcpu = new Map<string, number>();
    for (const n of rows) {
      const r = vcpu.get(n.id);
      if (r && r.values.total !== undefined) readings.set(n.id, { total: r.values.total, allocated: r.values.allocated ?? 0, lastSampleMs: r.lastSampleMs });
      const m = memory.get(n.id)?.values.allocated;
      if (m !== undefined && r?.values.allocated) memoryPerVcpu.set(n.id, m / r.values.allocated);
    }
    return {
      atMs,
      nodes: rows.map((n) => ({
        id: n.id, kind: n.kind, regionCode: n.regionCode, networkRegion: n.networkRegion, goLiveDate: n.goLiveDate, interconnectEnabled: n.interconnectEnabled,
        cpuPools: n.cpuPools.map((p) => ({ arch: ARCH_FROM_DB[p.arch]!, share: p.share })), nameZh: n.nameZh, nameEn: n.nameEn, cmpKind: n.cmpKind,
      })),
      readings,
      memoryPerVcpu,
      requests: requests.map((r) => ({ id: r.id, code: r.code, regionCode: r.regionCode, arch: ARCH_FROM_DB[r.arch]!, vcpu: r.vcpu, dataResidency: r.dataResidency })),
      workloads: workloads.map((w) => ({ id: w.systemCode, code: w.systemCode, nodeId: w.nodeId, arch: ARCH_FROM_DB[w.arch]!, vcpu: w.vcpu, dataResidency: w.dataResidency, regionCode: w.regionCode })),
      syntheticRequests: new Set(),
    };
  });
}

export function toProblem(input: PlanningInput): PlanningProblem {
  const up = input.nodes.filter((n) => !n.down);
  const pools = buildPools(up, input.readings, input.atMs);
  return { pools, requests: input.requests, workloads: input.workloads.filter((w) => !input.nodes.find((n) => n.id === w.nodeId)?.down), policy: DEFAULT_SCHEDULING_POLICY };
}

export interface Scenario {
  addCapacity?: { cityCode?: string | null; nodeId?: string | null; vcpu: number; arch?: CpuArch | null }[];
  nodesDown?: string[];
  migrations?: { cityCode: string; systems: number }[];
}

/** Displaced allocation of a node that went down is placed in pieces of at most this many vCPU. */
const EVACUATION_CHUNK = 128;

function nodeFor(input: PlanningInput, spec: { cityCode?: string | null; nodeId?: string | null }, what: string): InputNode {
  const node = spec.nodeId ? input.nodes.find((n) => n.id === spec.nodeId) : input.nodes.find((n) => n.regionCode === spec.cityCode);
  if (!node) {
    const name = spec.nodeId ? `node "${spec.nodeId}"` : `city "${spec.cityCode ?? ''}"`;
    throw new GccError(spec.nodeId ? 'GCC_ERR_SCHED_UNKNOWN_NODE' : 'GCC_ERR_SCHED_INPUT', `${what}: no ${name} in the registry${spec.nodeId ? '' : ' (expects an administrative code such as 440500)'}`);
  }
  return node;
}

/**
 * The input as it would be under a scenario: capacity added to a node (split by its pool shares,
 * or into one architecture), nodes down (out of the pool; their allocation becomes requests to
 * place elsewhere), systems migrating onto a city's node (its allocation grows by the systems'
 * average size there). `systemsPerCity` gives the average vCPU per system already on the cloud.
 */
export function applyScenario(input: PlanningInput, scenario: Scenario, avgVcpuPerSystem: (node: InputNode) => number): PlanningInput {
  const problems: string[] = [];
  for (const a of scenario.addCapacity ?? []) if (!Number.isInteger(a.vcpu) || a.vcpu <= 0 || a.vcpu > 10_000_000) problems.push(`addCapacity vCPU must be a whole number above 0 (got ${a.vcpu})`);
  for (const m of scenario.migrations ?? []) if (!Number.isInteger(m.systems) || m.systems <= 0 || m.systems > 100_000) problems.push(`migrations systems must be a whole number above 0 (got ${m.systems})`);
  if (problems.length) throw new GccError('GCC_ERR_SCHED_INPUT', problems.join('; '));

  const out: PlanningInput = {
    ...input,
    nodes: input.nodes.map((n) => ({ ...n, cpuPools: [...n.cpuPools] })),
    readings: new Map([...input.readings].map(([k, v]) => [k, { ...v }])),
    requests: [...input.requests],
    syntheticRequests: new Set(input.syntheticRequests),
  };
  for (const a of scenario.addCapacity ?? []) {
    const node = nodeFor(out, a, 'addCapacity');
    const r = out.readings.get(node.id) ?? { total: 0, allocated: 0, lastSampleMs: out.atMs };
    if (a.arch) {
      // Capacity of one architecture: the node's pool shares change with it.
      const total = r.total + a.vcpu;
      const pools = node.cpuPools.length ? node.cpuPools : [{ arch: 'x86' as const, share: 1 }];
      const amounts = new Map(pools.map((p) => [p.arch, p.share * r.total]));
      amounts.set(a.arch, (amounts.get(a.arch) ?? 0) + a.vcpu);
      node.cpuPools = [...amounts].map(([arch, v]) => ({ arch, share: v / total }));
      // Allocation is then split by the new shares too: the pool model knows shares, not per-pool allocation.
    }
    r.total += a.vcpu;
    out.readings.set(node.id, r);
  }
  for (const id of scenario.nodesDown ?? []) {
    const node = nodeFor(out, { nodeId: id }, 'nodesDown');
    node.down = true;
    const r = out.readings.get(node.id);
    if (!r) continue;
    const pools = node.cpuPools.length ? node.cpuPools : [{ arch: 'x86' as const, share: 1 }];
    for (const p of pools) {
      let left = Math.round(r.allocated * p.share);
      for (let k = 0; left > 0; k++) {
        const vcpu = Math.min(EVACUATION_CHUNK, left);
        left -= vcpu;
        const id = `evacuate:${node.id}:${p.arch}:${k}`;
        out.requests.push({ id, code: `${node.id}/${p.arch}#${k + 1}`, regionCode: node.regionCode, arch: p.arch, vcpu, dataResidency: false });
        out.syntheticRequests.add(id);
      }
    }
  }
  for (const m of scenario.migrations ?? []) {
    const node = nodeFor(out, { cityCode: m.cityCode }, 'migrations');
    const r = out.readings.get(node.id);
    if (r) r.allocated += Math.round(m.systems * avgVcpuPerSystem(node));
  }
  return out;
}
