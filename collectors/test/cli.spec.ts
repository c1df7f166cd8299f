/**
 * The command-line entry points: bad input is one line naming the fix (exit 1, no stack trace);
 * good input does the job end to end (simulated CMP → collector → VictoriaMetrics, backfill).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { promisify } from 'node:util';
import { freePort, startVictoriaMetrics, waitForQuery, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const BASE_ENV = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', NO_COLOR: '1' };

async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  return run(TSX, [`src/cli/${script}`, ...args], { cwd: ROOT, env: { ...BASE_ENV, ...env }, timeout: 30_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, lines: r.stderr.trim().split('\n').filter(Boolean) }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, lines: e.stderr.trim().split('\n').filter(Boolean) }),
  );
}

describe('CLI bad input: one line that names the fix', () => {
  it.each([
    ['collect.ts', [], {}, /^error: no nodes to collect: pass --config or --node; usage: collect\.ts/],
    ['collect.ts', ['--config', '/nonexistent/collectors.json'], {}, /^error: cannot read --config \/nonexistent\/collectors\.json \(ENOENT\)/],
    ['collect.ts', ['--vm-url', 'http://127.0.0.1:DEADPORT', '--node', 'id=city-shaoguan,endpoint=http://127.0.0.1:DEADPORT/city-shaoguan/identity/v3'], {}, /^error \[GCC_ERR_COLLECTOR_CREDENTIAL_MISSING\]: the environment variable GCC_CMP_PASSWORD named by credentialRef is not set/],
    ['collect.ts', ['--vm-url', 'http://127.0.0.1:DEADPORT', '--node', 'id=city-shaoguan,endpoint=http://127.0.0.1:DEADPORT/x'], { GCC_CMP_PASSWORD: 'pw-not-printed' }, /^error \[GCC_ERR_VM_UNREACHABLE\]: VictoriaMetrics at VM_URL=http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/],
    ['collect.ts', ['--vm-url', 'http://127.0.0.1:DEADPORT', '--node', 'id=city-shaoguan,endpoint=http://127.0.0.1:DEADPORT/x', '--shard', '4/4'], { GCC_CMP_PASSWORD: 'pw-not-printed' }, /^error \[GCC_ERR_COLLECTOR_SHARD_INVALID\]: --shard must be INDEX\/COUNT with 0 ≤ INDEX < COUNT, such as 2\/4, got "4\/4"$/],
    ['collect.ts', ['--replay', '/nonexistent/recording'], {}, /^error \[GCC_ERR_COLLECTOR_REPLAY_MISSING\]: cannot read the recording \/nonexistent\/recording \(ENOENT\)/],
    ['backfill.ts', ['--vm-url', 'http://127.0.0.1:DEADPORT', '--step', '6x'], {}, /^error: --step must be a duration such as 6h, 1d or 30m, got "6x"$/],
    ['backfill.ts', [], {}, /^error: no VictoriaMetrics URL: pass --vm-url or export VM_URL/],
    ['sim-cmp.ts', ['--port', '0'], {}, /^error: the environment variable GCC_SIM_CMP_PASSWORD is not set/],
    ['sim-cmp.ts', ['--seed', 'abc'], { GCC_SIM_CMP_PASSWORD: 'x' }, /^error: --seed must be a whole number/],
    ['sim-cmp.ts', ['--reference-date', '2026-11-31'], { GCC_SIM_CMP_PASSWORD: 'x' }, /^error: --reference-date must be a calendar day YYYY-MM-DD, such as 2026-11-25, got "2026-11-31"$/],
    ['backfill.ts', ['--vm-url', 'http://127.0.0.1:DEADPORT', '--reference-date', '2020-12-31'], {}, /^error: --reference-date must be 2021-07-01 or later \(the simulated city nodes' deadlines pass by then\), got "2020-12-31"$/],
  ] as const)('%s %j', async (script, args, env, pattern) => {
    // A port nothing listens on (fetch refuses "bad ports" such as 9 before connecting).
    const dead = String(await freePort());
    const r = await cli(script, args.map((a) => a.replace('DEADPORT', dead)), env);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(pattern);
    expect(r.lines.join('\n')).not.toContain('pw-not-printed');
  });
});

describe('CLI end to end', () => {
  let vm: TestVictoriaMetrics;
  let simCmp: ChildProcess | undefined;
  let simBase = '';

  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  });
  afterAll(async () => {
    simCmp?.kill('SIGTERM');
    await vm?.stop();
  });

  it('sim-cmp serves, collect --once pulls it into VictoriaMetrics', async () => {
    const port = await freePort();
    const env = { ...BASE_ENV, GCC_SIM_CMP_PASSWORD: 'cli-secret' };
    simCmp = spawn(TSX, ['src/cli/sim-cmp.ts', '--port', String(port), '--nodes', 'city-heyuan,provincial,prd-dongguan,prd-zhongshan'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const printed = await new Promise<string>((resolve, reject) => {
      let out = '';
      simCmp!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out);
      });
      simCmp!.once('exit', (code) => reject(new Error(`sim-cmp exited ${code}`)));
    });
    expect(printed).toContain(`http://127.0.0.1:${port}/`);
    expect(printed).toContain('SIMULATED');
    simBase = `http://127.0.0.1:${port}`;

    const r = await cli('collect.ts', ['--once', '--vm-url', vm.url, '--node', `id=city-heyuan,endpoint=http://127.0.0.1:${port}/city-heyuan/identity/v3,credentialRef=GCC_SIM_CMP_PASSWORD,simulated=true`], env);
    expect(r.lines).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pulled 1\/1 nodes, 12 samples/);
    await vm.forceFlush();
    const res = await waitForQuery(vm.url, 'gcc_node_memory_bytes{node="city-heyuan",measure="total",simulated="true"}', (x) => x.length === 1);
    expect(Number(res[0]!.value[1])).toBeGreaterThan(0);

    // The same process serves other kinds: a Prometheus node and a vSphere node, each at its own endpoint.
    const other = await cli('collect.ts', ['--once', '--vm-url', vm.url,
      '--node', `id=prd-dongguan,cmpKind=prometheus,endpoint=http://127.0.0.1:${port}/prd-dongguan/prometheus/federate,credentialRef=GCC_SIM_CMP_PASSWORD,simulated=true`,
      '--node', `id=prd-zhongshan,cmpKind=vsphere,endpoint=http://127.0.0.1:${port}/prd-zhongshan/vsphere,credentialRef=GCC_SIM_CMP_PASSWORD,simulated=true`], env);
    expect(other.lines).toEqual([]);
    expect(other.stdout).toMatch(/^pulled 2\/2 nodes, 24 samples/);
  });

  it('collect.ts takes nodes from the server and reloads its edited config file; inventories are posted with GCC_COLLECTOR_TOKEN', { timeout: 120_000 }, async () => {
    expect(simBase, 'the first test starts sim-cmp').not.toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'gcc-cli-reload-'));
    const file = join(dir, 'collectors.json');
    const token = 'gcc_cli-collector-token';
    const node = (id: string, cmpKind: string, path: string) => ({ id, regionCode: id === 'city-heyuan' ? '441600' : id === 'prd-dongguan' ? '441900' : '442000', kind: id.startsWith('prd') ? 'prd' : 'city', cmpKind, endpoint: `${simBase}/${id}/${path}`, credentialRef: 'GCC_SIM_CMP_PASSWORD', simulated: true });
    const heyuan = node('city-heyuan', 'openstack', 'identity/v3');
    const posts: { node: string; authorization: string | undefined; systems: number }[] = [];
    const server = Fastify();
    server.get('/api/collector/nodes', async (req, reply) => (req.headers.authorization === `Bearer ${token}` ? { nodes: [node('prd-dongguan', 'prometheus', 'prometheus/federate')] } : reply.code(401).send({ code: 'GCC_ERR_AUTH_REQUIRED' })));
    server.post<{ Params: { nodeId: string }; Body: { systems: unknown[] } }>('/api/inventory/:nodeId', async (req) => {
      posts.push({ node: req.params.nodeId, authorization: req.headers.authorization, systems: req.body.systems.length });
      return { systems: req.body.systems.length, becameOnCloud: [], placed: [], untouched: [] };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const write = (content: unknown) => {
      writeFileSync(`${file}.tmp`, typeof content === 'string' ? content : JSON.stringify(content));
      renameSync(`${file}.tmp`, file);
    };
    write({ vmUrl: vm.url, intervalSeconds: 1, serverUrl: server.listeningOrigin, nodes: [heyuan] });
    let out = '';
    const collector = spawn(TSX, ['src/cli/collect.ts', '--config', file], { cwd: ROOT, env: { ...BASE_ENV, LOG_LEVEL: 'info', GCC_SIM_CMP_PASSWORD: 'cli-secret', GCC_COLLECTOR_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
    collector.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    collector.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (what: string, probe: () => Promise<boolean> | boolean) => {
      const deadline = Date.now() + 45_000;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; collector output:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const hasSamples = async (id: string) => {
      await vm.forceFlush();
      const res = await fetch(`${vm.url}/api/v1/series?match[]=${encodeURIComponent(`gcc_node_vcpu{node="${id}"}`)}&start=${Math.floor(Date.now() / 1000) - 600}`);
      return ((await res.json()) as { data: unknown[] }).data.length > 0;
    };
    try {
      // The file's OpenStack node and the server's Prometheus node: pulled, and their inventories posted with the token.
      await until('inventories of city-heyuan and prd-dongguan', () => ['city-heyuan', 'prd-dongguan'].every((id) => posts.some((p) => p.node === id && p.systems > 100)));
      expect(new Set(posts.map((p) => p.authorization))).toEqual(new Set([`Bearer ${token}`]));
      // A vSphere node added to the file while it runs.
      write({ vmUrl: vm.url, intervalSeconds: 1, serverUrl: server.listeningOrigin, nodes: [heyuan, node('prd-zhongshan', 'vsphere', 'vsphere')] });
      await until('samples of prd-zhongshan', () => hasSamples('prd-zhongshan'));
      await until('the inventory of prd-zhongshan', () => posts.some((p) => p.node === 'prd-zhongshan'));
      // A broken file: logged with its code, the collector goes on with the last good nodes.
      write('{ "nodes": [');
      await until('the invalid file logged', () => out.includes('"code":"GCC_ERR_COLLECTOR_CONFIG_INVALID"'));
      const pulls = async () => {
        await vm.forceFlush();
        const res = await fetch(`${vm.url}/api/v1/export?${new URLSearchParams({ 'match[]': 'gcc_node_vcpu{node="city-heyuan",measure="total"}', start: String(Math.floor(Date.now() / 1000) - 600) })}`);
        return (await res.text()).split('\n').filter(Boolean).reduce((n, l) => n + (JSON.parse(l) as { timestamps: number[] }).timestamps.length, 0);
      };
      const before = await pulls();
      await until('city-heyuan still pulled', async () => (await pulls()) > before);
      expect(collector.exitCode).toBeNull();
      expect(out).not.toContain('cli-secret');
      expect(out).not.toContain(token);
    } finally {
      collector.kill('SIGTERM');
      await new Promise((r) => collector.once('exit', r));
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backfill prints progress and writes the history', async () => {
    const r = await cli('backfill.ts', ['--vm-url', vm.url, '--seed', '7', '--reference-date', '2026-11-25', '--step', '1d', '--from', '2026-10-01', '--to', '2026-10-31']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^backfill 0% \(0\/\d+ samples\)$/);
    expect(lines.at(-2)).toMatch(/^backfill 100% \((\d+)\/\1 samples\)$/);
    // 31 days × 23 data centres × 12 series.
    expect(lines.at(-1)).toMatch(/^backfill done: 8556 samples in 276 series \(SIMULATED, seed 7 as of 2026-11-25, step 1d\)/);
    const res = await waitForQuery(vm.url, 'count(last_over_time(gcc_node_vcpu{measure="total"}[2d]))', (x) => x[0]?.value[1] === '23', { time: Date.parse('2026-10-31T12:00:00Z') });
    expect(res).toHaveLength(1);
  });
});
