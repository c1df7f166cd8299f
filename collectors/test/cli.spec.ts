/**
 * The command-line entry points: bad input is one line naming the fix (exit 1, no stack trace);
 * good input does the job end to end (simulated CMP → collector → VictoriaMetrics, backfill).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

  it('backfill prints progress and writes the history', async () => {
    const r = await cli('backfill.ts', ['--vm-url', vm.url, '--seed', '7', '--step', '1d', '--from', '2026-10-01', '--to', '2026-10-31']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^backfill 0% \(0\/\d+ samples\)$/);
    expect(lines.at(-2)).toMatch(/^backfill 100% \((\d+)\/\1 samples\)$/);
    // 31 days × 23 data centres × 12 series.
    expect(lines.at(-1)).toMatch(/^backfill done: 8556 samples in 276 series \(SIMULATED, seed 7, step 1d\)/);
    const res = await waitForQuery(vm.url, 'count(last_over_time(gcc_node_vcpu{measure="total"}[2d]))', (x) => x[0]?.value[1] === '23', { time: Date.parse('2026-10-31T12:00:00Z') });
    expect(res).toHaveLength(1);
  });
});
