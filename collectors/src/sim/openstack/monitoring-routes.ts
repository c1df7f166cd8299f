/**
 * The simulated deployment's Prometheus /federate endpoint: per-hypervisor busy figures, as the
 * convention in openstack/busy-series.ts describes (why and which series).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BUSY_SERIES } from '../../openstack/busy-series.ts';
import { rejectUnauthenticated, type SimContext } from './context.ts';

export function monitoringRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/:nodeId/monitoring/federate', async (request: FastifyRequest<{ Params: { nodeId: string } }>, reply) => {
    const { nodeId } = request.params;
    if (!ctx.authorized(request, nodeId)) return rejectUnauthenticated(reply);
    const t = ctx.now();
    const hosts = ctx.hypervisors(nodeId);
    const lines: string[] = [];
    const family = (name: string, value: (h: (typeof hosts)[number]) => number) => {
      lines.push(`# TYPE ${name} untyped`);
      for (const h of hosts) {
        lines.push(`${name}{hypervisor_hostname="${h.hostname}",instance="${h.serviceHost}:9177",job="libvirt"} ${value(h)} ${t}`);
      }
    };
    family(BUSY_SERIES.vcpu, (h) => h.busy.vcpus);
    family(BUSY_SERIES.memory, (h) => h.busy.memoryBytes);
    family(BUSY_SERIES.storage, (h) => h.busy.diskBytes);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
