/**
 * Every adapter hands the pull's abort signal (core/pull-policy.ts) to its HTTP requests: when the
 * pull's deadline passes, a request to a CMP that is slow to answer ends at once instead of running
 * on until its own timeout.
 */
import { nodeDefinition, type CmpKind } from '@gcc/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters, type CollectorNode } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { buildSimulatedCmps, simCmpEndpoint, simulateProvince, TEST_SIM_REFERENCE_DATE, type SimulatedCmps } from '../src/sim/index.ts';

const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
const creds = { username: 'gcc-collector', password: 'abort-secret' };
const NODES: Record<CmpKind, string> = { openstack: 'city-heyuan', vsphere: 'prd-huizhou', prometheus: 'prd-dongguan', 'docking-api': 'prd-foshan' };
let cmps: SimulatedCmps;
let base: string;

beforeAll(async () => {
  cmps = await buildSimulatedCmps({ province, credentials: creds, nodeIds: Object.values(NODES) });
  base = await cmps.listen(0, '127.0.0.1');
  const slow = { kind: 'slow' as const, delayMs: 20_000 };
  cmps.apps.openstack.simFaults.set(NODES.openstack, slow);
  cmps.apps.vsphere.vsphereFaults.set(NODES.vsphere, slow);
  cmps.apps.prometheus.prometheusFaults.set(NODES.prometheus, slow);
  cmps.apps['docking-api'].dockingFaults.set(NODES['docking-api'], slow);
});
afterAll(() => cmps?.close());

describe('the pull deadline aborts the CMP requests', () => {
  it.each(Object.entries(NODES) as [CmpKind, string][])('%s', async (kind, id) => {
    const def = nodeDefinition(id)!;
    const node: CollectorNode = { id, regionCode: def.regionCode, kind: def.kind, cmpKind: kind, endpoint: simCmpEndpoint(base, id, kind), credentialRef: 'X', simulated: true };
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 200);
    const started = performance.now();
    const err = await defaultAdapters()[kind]!
      .collect(node, { credentials: { ...creds, projectName: 'gcc-monitoring', domainName: 'Default' }, logger: silentLogger, now: Date.now, timeoutMs: 15_000, signal: deadline.signal })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GCC_ERR_CMP_TIMEOUT', node: id, retryable: true, message: expect.stringContaining("did not answer before the pull's deadline") });
    // Far below the request's own 15 s timeout and the CMP's 20 s delay.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
