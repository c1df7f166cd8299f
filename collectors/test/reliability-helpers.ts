/** Shared by the reliability tests: simulated nodes, a switchable proxy in front of VictoriaMetrics, captured logs, export counts. */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { nodeDefinition } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import { createLogger, type CollectorNode, type Logger } from '../src/index.ts';
import { buildSimulatedOpenStack, simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';

export const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });

export function simNode(id: string, base: string): CollectorNode {
  const def = nodeDefinition(id)!;
  return {
    id,
    regionCode: def.regionCode,
    kind: def.kind,
    cmpKind: 'openstack',
    endpoint: `${base}/${id}/identity/v3`,
    credentialRef: 'GCC_TEST_CMP_PASSWORD',
    simulated: true,
    dataCentres: def.dataCentres.map((d) => d.code),
  };
}

export async function startSimCmp(nodeIds: string[], password: string, now?: () => number): Promise<{ app: FastifyInstance; base: string }> {
  const app = buildSimulatedOpenStack({ province, nodeIds, credentials: { username: 'gcc-collector', password }, ...(now ? { now } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

export const credentialsFor = (password: string) => ({ username: 'gcc-collector', password, projectName: 'gcc-monitoring', domainName: 'Default' });

/** Every line a logger writes, at every level. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace' }, sink), lines };
}

/**
 * A TCP proxy on a fixed port in front of VictoriaMetrics: `up` forwards, `down` closes the
 * listener (connections refused, like a stopped VictoriaMetrics), `stall` accepts and never
 * answers (a VictoriaMetrics too slow to take writes).
 */
export async function startVmProxy(target: string): Promise<{ url: string; mode(m: 'up' | 'down' | 'stall'): Promise<void>; close(): Promise<void> }> {
  const t = new URL(target);
  let mode: 'up' | 'down' | 'stall' = 'up';
  const sockets = new Set<Socket>();
  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'stall') return;
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const closeServer = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    async mode(m) {
      if (m === mode) return;
      const wasListening = mode !== 'down';
      mode = m;
      for (const s of sockets) s.destroy();
      if (m === 'down' && wasListening) await closeServer();
      if (m !== 'down' && !wasListening) {
        server = createServer(onConnection);
        await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      }
    },
    async close() {
      if (mode !== 'down') await closeServer();
    },
  };
}

export interface ExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export async function exportSeries(vmUrl: string, match: string, start: number, end: number): Promise<ExportLine[]> {
  const params = new URLSearchParams({ 'match[]': match, start: String(start / 1000), end: String(end / 1000) });
  const text = await (await fetch(`${vmUrl}/api/v1/export?${params}`)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExportLine);
}

export async function pollUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * VictoriaMetrics' silently-dropped rows (vm_rows_invalid_total + vm_rows_ignored_total), read only
 * once everything sent before has been processed: the counters move asynchronously, so a sentinel
 * row it must ignore (3 days ahead) is sent and awaited, then discounted.
 */
export function droppedRowsCounter(vm: { url: string; selfMetric(name: string): Promise<number>; forceFlush(): Promise<void> }): () => Promise<number> {
  let sentinels = 0;
  const read = async () => (await vm.selfMetric('vm_rows_invalid_total')) + (await vm.selfMetric('vm_rows_ignored_total'));
  return async () => {
    const before = await read();
    const res = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: `gcc_test_sentinel 1 ${Date.now() + 3 * 86_400_000}\n` });
    await res.body?.cancel();
    sentinels += 1;
    const after = await pollUntil('the sentinel row to be counted', 10_000, async () => {
      await vm.forceFlush();
      const v = await read();
      return v > before ? v : undefined;
    });
    return after - sentinels;
  };
}
