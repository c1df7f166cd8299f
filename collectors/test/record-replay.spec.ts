/**
 * Record and replay: the checked-in recording of a simulated OpenStack collection replays offline
 * through the same adapter to the figures the simulator had at that instant; `collect --replay`
 * prints them as JSON; a fresh recording replays to the snapshot it was recorded with.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAdapters, OpenStackAdapter, recordCollection, replayRecording, type RecordedNode } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { credentialsFor, province, simNode, startSimCmp } from './reliability-helpers.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/recorded', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('replaying the checked-in recording', () => {
  const meta = JSON.parse(readFileSync(join(FIXTURE, 'city-yangjiang', 'node.json'), 'utf8')) as RecordedNode;

  it('gives the simulator’s figures at the recorded instant, offline', async () => {
    const offline: typeof fetch = async () => {
      throw new Error('replay must not touch the network');
    };
    const globalFetch = globalThis.fetch;
    globalThis.fetch = offline;
    let results;
    try {
      results = await replayRecording({ dir: FIXTURE, adapters: defaultAdapters(), logger: silentLogger });
    } finally {
      globalThis.fetch = globalFetch;
    }
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r).toMatchObject({ node: 'city-yangjiang', cmp: 'openstack', ok: true, error: null });
    expect(r!.snapshot!.takenAtMs).toBe(meta.takenAtMs);
    const want = province.capacityAt('city-yangjiang', 'yangjiang-dc1', Math.floor(meta.takenAtMs / 1000) * 1000);
    const got = r!.snapshot!.dataCentres['yangjiang-dc1']!;
    expect(got.vcpu.allocated).toBe(want.vcpu.allocated);
    expect(got.memory.allocated).toBe(want.memory.allocated);
    expect(got.storage.allocated).toBe(want.storage.allocated);
    expect(got.vcpu.total).toBeGreaterThan(got.vcpu.allocated);
  });

  it('holds no secret', () => {
    const text = readdirSync(join(FIXTURE, 'city-yangjiang')).map((f) => readFileSync(join(FIXTURE, 'city-yangjiang', f), 'utf8')).join('\n');
    expect(text).not.toContain('fixture-password-do-not-ship');
    expect(text).not.toMatch(/gAAAAAB/);
    expect(text).toContain('"x-subject-token": "[redacted]"');
  });

  it('collect --replay DIR prints the normalized snapshot as JSON', async () => {
    const { stdout } = await promisify(execFile)(TSX, ['src/cli/collect.ts', '--replay', FIXTURE], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' }, timeout: 30_000 });
    const printed = JSON.parse(stdout) as { nodes: { node: string; ok: boolean; snapshot: { dataCentres: Record<string, unknown> } }[] };
    expect(printed.nodes.map((n) => [n.node, n.ok])).toEqual([['city-yangjiang', true]]);
    expect(Object.keys(printed.nodes[0]!.snapshot.dataCentres)).toEqual(['yangjiang-dc1']);
  });

  it('a missing exchange is a clear error naming the request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcc-replay-'));
    dirs.push(dir);
    const cmp = await startSimCmp(['city-yunfu'], 'replay-secret');
    try {
      const node = simNode('city-yunfu', cmp.base);
      const recorded = await recordCollection({ dir, nodes: [node], credentials: new Map([[node.id, credentialsFor('replay-secret')]]), adapters: { openstack: new OpenStackAdapter() }, logger: silentLogger });
      const replayed = await replayRecording({ dir, adapters: { openstack: new OpenStackAdapter() }, logger: silentLogger });
      expect(replayed[0]!.snapshot).toEqual(recorded[0]!.snapshot);
      const az = readdirSync(join(dir, 'city-yunfu')).find((f) => f.includes('os-availability-zone'))!;
      rmSync(join(dir, 'city-yunfu', az));
      const [broken] = await replayRecording({ dir, adapters: { openstack: new OpenStackAdapter() }, logger: silentLogger });
      expect(broken!.error).toMatchObject({ code: 'GCC_ERR_COLLECTOR_REPLAY_MISSING' });
      expect(broken!.error!.message).toMatch(/^node city-yunfu: the recording has no answer to GET \/city-yunfu\/compute\/v2\.1\/os-availability-zone\/detail/);
    } finally {
      await cmp.app.close();
    }
  });
});
