/**
 * Credentials never appear in logs, errors, the status endpoint or recordings: pulls with a password
 * and the Keystone token it buys, through 401, 500, a timeout, a malformed body and a revoked token,
 * every log line captured at trace level and every error inspected with its causes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatusApp, collectOnce, createPullPolicy, OpenStackAdapter, recordCollection, type CollectOutcome, type NodeHealthState, type VmWriter } from '../src/index.ts';
import type { SimFault } from '../src/sim/openstack/faults.ts';
import { capturedLogger, credentialsFor, simNode, startSimCmp } from './reliability-helpers.ts';

const PASSWORD = 'Pa55-w0rd-never-logged-7f3a';
let cmp: Awaited<ReturnType<typeof startSimCmp>>;
const dirs: string[] = [];

beforeAll(async () => {
  cmp = await startSimCmp(['city-chaozhou'], PASSWORD);
});
afterAll(async () => {
  await cmp?.app.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('credentials never leak', () => {
  it('through 401, 500, timeout, malformed and a revoked token: logs, errors, status and recordings are clean', async () => {
    const { logger, lines } = capturedLogger();
    const tokens = new Set<string>();
    // Watches the Keystone tokens go by, so the test knows the secret it must not find.
    const watching: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const t = res.headers.get('x-subject-token');
      if (t) tokens.add(t);
      return res;
    };
    const writer: VmWriter = { vmUrl: 'http://stub', forceFlush: async () => undefined, write: async (s) => ({ samples: [...s].length, batches: 1 }) };
    const node = simNode('city-chaozhou', cmp.base);
    const health: NodeHealthState = { failuresTotal: 0, lastSuccessMs: null };
    const policy = createPullPolicy({ node: node.id, attemptTimeoutMs: 1500, retries: 0, breakAfter: 100 });
    const deps = { adapter: new OpenStackAdapter(), writer, credentials: credentialsFor(PASSWORD), logger, health, policy, timeoutMs: 1500, fetch: watching };
    const outcomes: CollectOutcome[] = [];
    const pull = async () => outcomes.push(await collectOnce(node, deps));

    await pull();
    cmp.app.simRevokeTokens();
    await pull(); // the cached token is refused (401): re-authenticates with the password
    const faults: SimFault[] = [
      { kind: 'error', status: 401, services: ['identity'] },
      { kind: 'error', status: 500, services: ['compute'] },
      { kind: 'timeout', services: ['placement'] },
      { kind: 'malformed', services: ['compute'] },
    ];
    for (const fault of faults) {
      cmp.app.simRevokeTokens();
      cmp.app.simFaults.set('city-chaozhou', fault);
      await pull();
    }
    cmp.app.simFaults.set('city-chaozhou', null);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, false, false, false]);
    expect(outcomes.slice(2).map((o) => o.error!.code)).toEqual(['GCC_ERR_CMP_AUTH', 'GCC_ERR_CMP_HTTP', 'GCC_ERR_CMP_TIMEOUT', 'GCC_ERR_CMP_MALFORMED']);
    expect(tokens.size).toBeGreaterThanOrEqual(2);

    const dir = mkdtempSync(join(tmpdir(), 'gcc-record-'));
    dirs.push(dir);
    const recorded = await recordCollection({ dir, nodes: [node], credentials: new Map([[node.id, credentialsFor(PASSWORD)]]), adapters: { openstack: new OpenStackAdapter() }, logger, fetch: watching });
    expect(recorded[0]!.ok).toBe(true);
    const files = readdirSync(join(dir, node.id)).map((f) => readFileSync(join(dir, node.id, f), 'utf8'));
    expect(files.some((f) => f.includes('"x-subject-token": "[redacted]"'))).toBe(true);
    expect(files.some((f) => f.includes('\\"password\\":\\"[redacted]\\"'))).toBe(true);

    const status = await buildStatusApp(() => ({ atMs: Date.now(), nodes: [], buffer: null })).inject({ url: '/status' });
    const everything = [
      ...lines,
      ...outcomes.map((o) => inspect(o.error, { depth: 10, showHidden: true })),
      ...outcomes.map((o) => JSON.stringify(o.error ?? null)),
      ...files,
      status.body,
    ].join('\n');
    // The failures were logged with their errors (what could carry a secret), at every level up to trace.
    expect(lines.filter((l) => l.includes('"msg":"pull failed"') && l.includes('"err":'))).toHaveLength(4);
    expect(everything).not.toContain(PASSWORD);
    for (const t of tokens) expect(everything).not.toContain(t);
  });
});
