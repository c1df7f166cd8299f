/**
 * SIMULATION ONLY: an HTTP control for the simulated CMPs' fault tables, so a test (or a demo) can
 * make a running node fail without restarting the simulator:
 *
 *   POST   /_sim/faults/{nodeId}   {"kind":"error","status":503}   the node's CMP answers 503 from now on
 *   DELETE /_sim/faults/{nodeId}                                   the node answers normally again
 *
 * Kinds: error (status, default 503), timeout, slow (delayMs), malformed; growth (factor) and invalid
 * for the vSphere, Prometheus and docking-API simulators. It lives only in the simulator process
 * (sim-cmp.ts), which serves the simulated province and nothing real.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CmpKind } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { CmpFault } from './cmp-faults.ts';
import type { SimFault } from './openstack/faults.ts';

export const FAULT_ROUTE_PREFIX = '/_sim/faults/';

type AnyFault = CmpFault | SimFault;

/** The fault as the node's kind understands it, or a message saying what is wrong. */
export function parseFault(body: unknown, kind: CmpKind): AnyFault | string {
  if (typeof body !== 'object' || body === null) return 'the body must be a JSON object such as {"kind":"error","status":503}';
  const b = body as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  switch (b.kind) {
    case 'error': {
      const status = b.status === undefined ? 503 : num(b.status);
      if (status === undefined || !Number.isInteger(status) || status < 400 || status > 599) return 'error: status must be an integer 400…599';
      return { kind: 'error', status };
    }
    case 'timeout':
    case 'malformed':
      return { kind: b.kind };
    case 'slow': {
      const delayMs = num(b.delayMs);
      if (delayMs === undefined || delayMs < 0 || delayMs > 600_000) return 'slow: delayMs must be 0…600000';
      return { kind: 'slow', delayMs };
    }
    case 'invalid':
    case 'growth': {
      if (kind === 'openstack') return `${b.kind}: not offered by the simulated OpenStack (only error, timeout, slow, malformed)`;
      if (b.kind === 'invalid') return { kind: 'invalid' };
      const factor = num(b.factor);
      if (factor === undefined || !(factor > 0)) return 'growth: factor must be > 0';
      return { kind: 'growth', factor };
    }
    default:
      return 'kind must be one of error, timeout, slow, malformed, invalid, growth';
  }
}

/** Sets (or with null clears) a node's fault in the fault table of the simulator serving it. */
export function setFault(apps: Readonly<Record<CmpKind, FastifyInstance>>, kind: CmpKind, nodeId: string, fault: AnyFault | null): void {
  switch (kind) {
    case 'openstack':
      return apps.openstack.simFaults.set(nodeId, fault as SimFault | null);
    case 'vsphere':
      return apps.vsphere.vsphereFaults.set(nodeId, fault as CmpFault | null);
    case 'prometheus':
      return apps.prometheus.prometheusFaults.set(nodeId, fault as CmpFault | null);
    case 'docking-api':
      return apps['docking-api'].dockingFaults.set(nodeId, fault as CmpFault | null);
  }
}

const MAX_BODY = 4096;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error(`body over ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Answers a request under FAULT_ROUTE_PREFIX. */
export async function handleFaultControl(
  req: IncomingMessage,
  res: ServerResponse,
  apps: Readonly<Record<CmpKind, FastifyInstance>>,
  kindOf: (nodeId: string) => CmpKind | undefined,
): Promise<void> {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const nodeId = decodeURIComponent((req.url ?? '').split('?')[0]!.slice(FAULT_ROUTE_PREFIX.length));
  const kind = kindOf(nodeId);
  if (!kind) return json(404, { error: 'Not Found', message: `no simulated CMP for node "${nodeId}"` });
  if (req.method === 'DELETE') {
    setFault(apps, kind, nodeId, null);
    return json(200, { simulated: true, nodeId, cmpKind: kind, fault: null });
  }
  if (req.method !== 'POST') return json(405, { error: 'Method Not Allowed', message: 'POST a fault or DELETE it' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (err) {
    return json(400, { error: 'Bad Request', message: `the body is not JSON: ${(err as Error).message}` });
  }
  const fault = parseFault(body, kind);
  if (typeof fault === 'string') return json(400, { error: 'Bad Request', message: fault });
  setFault(apps, kind, nodeId, fault);
  return json(200, { simulated: true, nodeId, cmpKind: kind, fault });
}
