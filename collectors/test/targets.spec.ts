/**
 * Adding, removing and moving a node needs no restart: a scheduled collector (1 s interval) against
 * simulated OpenStack CMPs and a real VictoriaMetrics, its nodes from a configuration file being
 * edited and from a stand-in of the server's GET /api/collector/nodes. A bad file, a node without
 * credentials, a refused token or a bad row leave the last good nodes running, each logged with its
 * code.
 */
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '@gcc/test/harness';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVmWriter, parseCollectorConfig, startCollector, watchTargets, type CollectorNode, type RunningCollector, type TargetsWatch } from '../src/index.ts';
import { buildSimulatedOpenStack } from '../src/sim/index.ts';
import { capturedLogger, credentialsFor, exportSeries, pollUntil, province, simNode } from './reliability-helpers.ts';

const PASSWORD = 'targets-secret';
const TOKEN = 'gcc_test-collector-token';
const env = { GCC_TEST_CMP_PASSWORD: PASSWORD };

/** A simulated OpenStack that counts the hypervisor listings (one per pull) of each node. */
async function countingCmp(nodeIds: string[]): Promise<{ app: FastifyInstance; base: string; pulls: Map<string, number> }> {
  const app = buildSimulatedOpenStack({ province, nodeIds, credentials: { username: 'gcc-collector', password: PASSWORD } });
  const pulls = new Map<string, number>();
  app.addHook('onRequest', async (request) => {
    const [node, , , what] = request.url.split('?')[0]!.split('/').slice(1);
    if (what === 'os-hypervisors') pulls.set(node!, (pulls.get(node!) ?? 0) + 1);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, pulls };
}

describe('nodes change while the collector runs', () => {
  let vm: TestVictoriaMetrics;
  let cmpA: Awaited<ReturnType<typeof countingCmp>>;
  let cmpB: Awaited<ReturnType<typeof countingCmp>>;
  let server: FastifyInstance;
  let collector: RunningCollector | undefined;
  let targets: TargetsWatch | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gcc-targets-'));
  const file = join(dir, 'collectors.json');
  let serverNodes: unknown[] = [];
  let serverRefuses = false;

  beforeAll(async () => {
    [vm, cmpA, cmpB] = await Promise.all([startVictoriaMetrics(), countingCmp(['city-heyuan', 'city-yunfu', 'city-shanwei']), countingCmp(['city-yunfu'])]);
    server = Fastify();
    server.get('/api/collector/nodes', async (request, reply) => {
      if (serverRefuses || request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ code: 'GCC_ERR_AUTH_INVALID_TOKEN', message: 'the bearer token was revoked' });
      return { nodes: serverNodes };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    targets?.stop();
    collector?.stop();
    await Promise.all([cmpA?.app.close(), cmpB?.app.close(), server?.close()]);
    await vm?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Written as editors do: a temporary file renamed over the old one. */
  const writeConfig = (content: unknown) => {
    writeFileSync(`${file}.tmp`, typeof content === 'string' ? content : JSON.stringify(content));
    renameSync(`${file}.tmp`, file);
  };
  const config = (nodes: CollectorNode[]) => ({ vmUrl: vm.url, intervalSeconds: 1, nodes });
  const pulledAgain = async (cmp: typeof cmpA, node: string) => {
    const before = cmp.pulls.get(node) ?? 0;
    await pollUntil(`another pull of ${node}`, 15_000, async () => ((cmp.pulls.get(node) ?? 0) > before ? true : undefined));
  };
  const notPulled = async (cmp: typeof cmpA, node: string) => {
    // A pull under way when the node was dropped may still finish.
    await new Promise((r) => setTimeout(r, 1500));
    const before = cmp.pulls.get(node) ?? 0;
    await new Promise((r) => setTimeout(r, 2500));
    expect(cmp.pulls.get(node) ?? 0, `${node} pulled after it was dropped`).toBe(before);
  };
  const running = () => collector!.targets().nodes.map((n) => `${n.id} ${n.endpoint}`).sort();

  it('file and server nodes merged; added, removed and moved nodes take effect; bad input keeps the last good nodes', { timeout: 180_000 }, async () => {
    const { logger, lines } = capturedLogger();
    const logged = (code: string) => pollUntil(`a log line with ${code}`, 10_000, async () => lines.find((l) => l.includes(`"code":"${code}"`)));
    const heyuan = simNode('city-heyuan', cmpA.base);
    const shanwei = simNode('city-shanwei', cmpA.base);
    const yunfuA = simNode('city-yunfu', cmpA.base);
    const yunfuB = simNode('city-yunfu', cmpB.base);
    const start = Date.now();

    writeConfig({ ...config([heyuan]), serverUrl: server.listeningOrigin });
    const initial = parseCollectorConfig(JSON.parse(JSON.stringify({ ...config([heyuan]), serverUrl: server.listeningOrigin })));
    collector = startCollector({ config: initial, credentials: new Map([['city-heyuan', credentialsFor(PASSWORD)]]), logger, writer: createVmWriter({ vmUrl: vm.url }), jitterMs: 0, timeoutMs: 3000, policy: { retries: 0 } }, true);
    serverNodes = [yunfuA];
    targets = watchTargets({
      collector,
      logger,
      env,
      file: { path: file, initial, parse: (text) => parseCollectorConfig(JSON.parse(text)), pollMs: 200 },
      server: { url: server.listeningOrigin, token: TOKEN, refreshMs: 300 },
    });
    await targets.refresh();
    expect(running()).toEqual([`city-heyuan ${heyuan.endpoint}`, `city-yunfu ${yunfuA.endpoint}`]);

    // The server's node is pulled and written like the file's: samples of both in VictoriaMetrics.
    await pollUntil('samples of city-heyuan and city-yunfu in VictoriaMetrics', 30_000, async () => {
      await vm.forceFlush();
      const series = await exportSeries(vm.url, 'gcc_node_vcpu{node=~"city-heyuan|city-yunfu",measure="total"}', start - 60_000, Date.now() + 60_000);
      return new Set(series.map((s) => s.metric.node)).size === 2 ? true : undefined;
    });

    // A node added to the file: scheduled within the poll, its samples written.
    writeConfig(config([heyuan, shanwei]));
    await pollUntil('samples of city-shanwei', 30_000, async () => {
      await vm.forceFlush();
      return (await exportSeries(vm.url, 'gcc_node_vcpu{node="city-shanwei",measure="total"}', start - 60_000, Date.now() + 60_000)).length ? true : undefined;
    });

    // A node removed from the file stops being pulled.
    writeConfig(config([shanwei]));
    await pollUntil('city-heyuan dropped', 10_000, async () => (running().some((r) => r.startsWith('city-heyuan')) ? undefined : true));
    await notPulled(cmpA, 'city-heyuan');
    expect(lines.some((l) => l.includes('"msg":"nodes updated"') && l.includes('"removed":["city-heyuan"]'))).toBe(true);

    // The server moves a node to another endpoint: pulled there, no longer at the old one.
    serverNodes = [yunfuB];
    await pulledAgain(cmpB, 'city-yunfu');
    await notPulled(cmpA, 'city-yunfu');
    expect(running()).toEqual([`city-shanwei ${shanwei.endpoint}`, `city-yunfu ${yunfuB.endpoint}`]);

    // A file that is not JSON: one error with its code, the last good nodes go on.
    writeConfig('{ "vmUrl": ');
    expect(await logged('GCC_ERR_COLLECTOR_CONFIG_INVALID')).toMatch(/collectors\.json: Unexpected end of JSON input; keeping the last good nodes/);
    await pulledAgain(cmpA, 'city-shanwei');
    // A valid file with a schema problem: every problem named, nothing applied.
    lines.length = 0;
    writeConfig(config([shanwei, { ...heyuan, regionCode: '44', endpoint: 'ftp://x' }]));
    const invalid = await logged('GCC_ERR_COLLECTOR_CONFIG_INVALID');
    expect(invalid).toContain('nodes.1.regionCode');
    expect(invalid).toContain('nodes.1.endpoint');
    expect(running()).toEqual([`city-shanwei ${shanwei.endpoint}`, `city-yunfu ${yunfuB.endpoint}`]);

    // A node whose credentialRef names an unset variable is not pulled; the others apply.
    writeConfig(config([shanwei, { ...heyuan, credentialRef: 'GCC_TEST_UNSET_PASSWORD' }]));
    expect(await logged('GCC_ERR_COLLECTOR_CREDENTIAL_MISSING')).toMatch(/GCC_TEST_UNSET_PASSWORD named by credentialRef is not set.*nodes city-heyuan: not pulled as configured/);
    expect(running()).toEqual([`city-shanwei ${shanwei.endpoint}`, `city-yunfu ${yunfuB.endpoint}`]);

    // The server refuses the token, then lists a bad row: the server's last good nodes stay.
    serverRefuses = true;
    expect(await logged('GCC_ERR_COLLECTOR_TARGETS_REFUSED')).toMatch(/refused the collector's token \(401 GCC_ERR_AUTH_INVALID_TOKEN: the bearer token was revoked\): set GCC_COLLECTOR_TOKEN/);
    await pulledAgain(cmpB, 'city-yunfu');
    serverRefuses = false;
    serverNodes = [{ ...yunfuB, endpoint: 'not a url' }];
    const row = await pollUntil('the bad row logged', 10_000, async () => lines.find((l) => l.includes('the server lists invalid nodes')));
    expect(row).toContain('nodes.city-yunfu.endpoint: must be an http(s) URL');
    await pulledAgain(cmpB, 'city-yunfu');
    expect(running()).toEqual([`city-shanwei ${shanwei.endpoint}`, `city-yunfu ${yunfuB.endpoint}`]);

    // Gone from the server's list: no longer pulled.
    serverNodes = [];
    await pollUntil('city-yunfu dropped', 10_000, async () => (running().some((r) => r.startsWith('city-yunfu')) ? undefined : true));
    await notPulled(cmpB, 'city-yunfu');
  });
});
