/**
 * Every simulated CMP of the simulated province behind one port, one path per node: each node is
 * served by the simulator of its `cmpKind` (OpenStack, vSphere, Prometheus or the docking API), and
 * only by that one, the way the real node speaks one platform. `simCmpEndpoint` is the one place
 * that says where a node's API starts; seed-demo writes it into the registry.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CmpKind } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { CmpFault } from './cmp-faults.ts';
import { buildSimulatedDocking } from './docking/app.ts';
import { FAULT_ROUTE_PREFIX, handleFaultControl } from './fault-routes.ts';
import { buildSimulatedOpenStack } from './openstack/app.ts';
import type { SimCredentials } from './openstack/context.ts';
import { buildSimulatedPrometheus } from './prometheus/app.ts';
import type { SimulatedProvince } from './province.ts';
import { buildSimulatedVsphere } from './vsphere/app.ts';

/** Where a simulated node's CMP API starts, for the collector's `endpoint`. */
export function simCmpEndpoint(baseUrl: string, nodeId: string, kind: CmpKind): string {
  const base = `${baseUrl.replace(/\/+$/, '')}/${nodeId}`;
  switch (kind) {
    case 'openstack':
      return `${base}/identity/v3`;
    case 'vsphere':
      return `${base}/vsphere`;
    case 'prometheus':
      return `${base}/prometheus/federate`;
    case 'docking-api':
      return `${base}/docking`;
  }
}

export interface SimulatedCmpsOptions {
  province: SimulatedProvince;
  credentials: SimCredentials;
  nodeIds?: readonly string[];
  now?: () => number;
  /** Faults for the non-OpenStack simulators, by node. */
  faults?: Readonly<Record<string, CmpFault>>;
  /** Network latency to simulate (benchmarks): every request waits a uniform [min, max] ms before it is served. */
  latencyMs?: readonly [number, number];
}

export interface SimulatedCmps {
  /** The simulator of each kind (fault controls: `simFaults`, `vsphereFaults`, `prometheusFaults`, `dockingFaults`). */
  apps: Readonly<Record<CmpKind, FastifyInstance>>;
  kindOf(nodeId: string): CmpKind | undefined;
  /** Listens and answers the base URL (http://host:port). */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function buildSimulatedCmps(o: SimulatedCmpsOptions): Promise<SimulatedCmps> {
  const nodes = o.province.nodes.filter((n) => !o.nodeIds || o.nodeIds.includes(n.id));
  const unknown = (o.nodeIds ?? []).filter((id) => !o.province.nodes.some((n) => n.id === id));
  if (unknown.length) throw new Error(`buildSimulatedCmps: unknown node ids ${unknown.join(', ')}`);
  const ids = (kind: CmpKind) => nodes.filter((n) => n.cmpKind === kind).map((n) => n.id);
  const common = { province: o.province, credentials: o.credentials, ...(o.now ? { now: o.now } : {}) };
  const faults = (kind: CmpKind) => Object.fromEntries(Object.entries(o.faults ?? {}).filter(([id]) => ids(kind).includes(id)));
  const apps: Record<CmpKind, FastifyInstance> = {
    openstack: buildSimulatedOpenStack({ ...common, nodeIds: ids('openstack') }),
    vsphere: buildSimulatedVsphere({ ...common, nodeIds: ids('vsphere'), faults: faults('vsphere') }),
    prometheus: buildSimulatedPrometheus({ ...common, nodeIds: ids('prometheus'), faults: faults('prometheus') }),
    'docking-api': buildSimulatedDocking({ ...common, nodeIds: ids('docking-api'), faults: faults('docking-api') }),
  };
  await Promise.all(Object.values(apps).map((a) => a.ready()));
  const kinds = new Map(nodes.map((n) => [n.id, n.cmpKind]));

  const index = (req: IncomingMessage) => {
    const base = `http://${req.headers.host ?? 'localhost'}`;
    return {
      simulated: true,
      description: 'Simulated CMPs of the simulated province (demo data, not real nodes): each node speaks its planned CMP kind',
      seed: o.province.seed,
      nodes: nodes.map((n) => ({ id: n.id, cmpKind: n.cmpKind, endpoint: simCmpEndpoint(base, n.id, n.cmpKind) })),
      faults: `POST ${base}${FAULT_ROUTE_PREFIX}{nodeId} {"kind":"error","status":503} makes a node fail; DELETE clears it (simulation only)`,
    };
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const nodeId = path.split('/')[1] ?? '';
    const kind = kinds.get(nodeId);
    if (kind) return apps[kind].routing(req, res);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // SIMULATION ONLY: make a node's simulated CMP fail (fault-routes.ts).
    if (path.startsWith(FAULT_ROUTE_PREFIX)) {
      void handleFaultControl(req, res, apps, (id) => kinds.get(id)).catch((err: Error) => json(500, { error: 'Internal Server Error', message: err.message }));
      return;
    }
    if (path === '/') return json(200, index(req));
    if (path === '/health') return json(200, { status: 'ok', simulated: true, nodes: nodes.length });
    return json(404, { error: 'Not Found', message: `no simulated CMP for node "${nodeId}"` });
  };

  const latency = o.latencyMs;
  if (latency && !(latency[0] >= 0 && latency[1] >= latency[0])) throw new Error(`buildSimulatedCmps: latencyMs must be [min, max] with 0 ≤ min ≤ max, got [${latency.join(', ')}]`);
  const serve = latency ? (req: IncomingMessage, res: ServerResponse) => void setTimeout(handle, latency[0] + Math.random() * (latency[1] - latency[0]), req, res) : handle;

  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    apps,
    kindOf: (id) => kinds.get(id),
    async listen(port, host) {
      server = createServer(serve);
      server.on('connection', (s) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address();
      return `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
    },
    async close() {
      await Promise.all(Object.values(apps).map((a) => a.close()));
      if (server) {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
    },
  };
}
