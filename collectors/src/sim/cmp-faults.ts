/**
 * Failure and growth controls shared by the simulated vSphere, Prometheus and docking-API CMPs
 * (the simulated OpenStack keeps its own per-service table, openstack/faults.ts). A fault applies to
 * every request under /{nodeId}/; growth scales what the node reports, as if hosts were added.
 */
import type { FastifyInstance } from 'fastify';
import type { CapacityFigures } from './capacity.ts';
import type { SimulatedProvince } from './province.ts';

export type CmpFault =
  /** Outage: every request answers this status (default 503). */
  | { kind: 'error'; status?: number }
  /** Never answers (until the app closes): the caller's timeout must fire. */
  | { kind: 'timeout' }
  | { kind: 'slow'; delayMs: number }
  /** 200 with a body that cannot be parsed in the vendor's format. */
  | { kind: 'malformed' }
  /** 200, parseable, but a field breaks the vendor's contract (a negative or missing figure). */
  | { kind: 'invalid' }
  /** Capacity, allocation and use multiplied by `factor` (> 0): the node grew (or shrank). */
  | { kind: 'growth'; factor: number };

export class CmpFaultTable {
  readonly #faults = new Map<string, CmpFault>();

  constructor(initial: Readonly<Record<string, CmpFault>> = {}) {
    for (const [node, fault] of Object.entries(initial)) this.set(node, fault);
  }

  set(nodeId: string, fault: CmpFault | null): void {
    if (fault?.kind === 'growth' && !(fault.factor > 0)) throw new Error(`growth factor must be > 0, got ${fault.factor}`);
    if (fault) this.#faults.set(nodeId, fault);
    else this.#faults.delete(nodeId);
  }

  get(nodeId: string): CmpFault | undefined {
    return this.#faults.get(nodeId);
  }

  growth(nodeId: string): number {
    const f = this.#faults.get(nodeId);
    return f?.kind === 'growth' ? f.factor : 1;
  }

  invalid(nodeId: string): boolean {
    return this.#faults.get(nodeId)?.kind === 'invalid';
  }
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** capacityAt scaled by the node's growth factor, kept on the units a CMP reports (whole vCPU, MiB, GiB). */
export function simulatedCapacity(province: SimulatedProvince, faults: CmpFaultTable, nodeId: string, dc: string, t: number): CapacityFigures {
  const c = province.capacityAt(nodeId, dc, t);
  const f = faults.growth(nodeId);
  if (f === 1) return c;
  const q = (v: number, unit: number) => Math.round((v * f) / unit) * unit;
  return {
    vcpu: { total: q(c.vcpu.total, 1), allocated: q(c.vcpu.allocated, 1), used: Math.round(c.vcpu.used * f * 10) / 10 },
    memory: { total: q(c.memory.total, MiB), allocated: q(c.memory.allocated, MiB), used: Math.round(c.memory.used * f) },
    storage: { total: q(c.storage.total, GiB), allocated: q(c.storage.allocated, GiB), used: Math.round(c.storage.used * f) },
  };
}

/**
 * Installs the request-level faults on a simulated CMP whose routes start with /:nodeId/. The
 * vendor decides what its error and malformed bodies look like.
 */
export function installFaults(
  app: FastifyInstance,
  faults: CmpFaultTable,
  vendor: { errorBody(status: number): unknown; malformedBody: string; malformedType: string },
): void {
  const hanging = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const release of hanging) release();
  });
  app.addHook('onRequest', async (request, reply) => {
    const nodeId = request.url.split('?')[0]!.split('/')[1];
    const fault = nodeId ? faults.get(nodeId) : undefined;
    if (!fault) return;
    switch (fault.kind) {
      case 'error': {
        const status = fault.status ?? 503;
        return reply.code(status).send(vendor.errorBody(status));
      }
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.delayMs));
        return;
      case 'timeout':
        await new Promise<void>((r) => hanging.add(r));
        return reply.code(503).send(vendor.errorBody(503));
      case 'malformed':
        return reply.code(200).type(vendor.malformedType).send(vendor.malformedBody);
      default:
        return;
    }
  });
}
