/**
 * Plausibility (core/plausibility.ts) on every adapter's snapshot: an implausible pull is rejected
 * whole, with the node and field named; nothing of it is written, the last good values stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOnce, OpenStackAdapter, plausibilityProblems, type CmpAdapter, type NodeHealthState, type NodeSnapshot, type Sample, type VmWriter } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { credentialsFor, simNode, startSimCmp } from './reliability-helpers.ts';

const GiB = 1024 ** 3;
const good = (): NodeSnapshot => ({
  nodeId: 'city-yunfu',
  takenAtMs: 1_760_000_000_000,
  dataCentres: {
    'yunfu-dc1': {
      vcpu: { total: 4000, allocated: 2500, used: 900.5, physical: 1000 },
      memory: { total: 8000 * GiB, allocated: 5000 * GiB, used: 3000 * GiB, physical: 8000 * GiB },
      storage: { total: 500_000 * GiB, allocated: 200_000 * GiB, used: null },
    },
  },
});

describe('plausibility rules', () => {
  it('accepts a normal snapshot', () => {
    expect(plausibilityProblems('city-yunfu', good(), null)).toEqual([]);
    expect(plausibilityProblems('city-yunfu', good(), good())).toEqual([]);
  });

  it.each([
    ['negative capacity', (s: NodeSnapshot) => void (s.dataCentres['yunfu-dc1']!.vcpu.total = -4), 'dataCentres["yunfu-dc1"].vcpu.total', /negative/],
    ['used far above total', (s: NodeSnapshot) => void (s.dataCentres['yunfu-dc1']!.memory.used = 20_000 * GiB), 'dataCentres["yunfu-dc1"].memory.used', /far above total/],
    ['allocated far above total', (s: NodeSnapshot) => void (s.dataCentres['yunfu-dc1']!.vcpu.allocated = 9000), 'dataCentres["yunfu-dc1"].vcpu.allocated', /far above total/],
    ['missing field', (s: NodeSnapshot) => void delete (s.dataCentres['yunfu-dc1']!.storage as Partial<{ allocated: number }>).allocated, 'dataCentres["yunfu-dc1"].storage.allocated', /missing/],
    ['missing resource', (s: NodeSnapshot) => void delete (s.dataCentres['yunfu-dc1'] as Partial<Record<string, unknown>>).memory, 'dataCentres["yunfu-dc1"].memory', /missing/],
    ['NaN', (s: NodeSnapshot) => void (s.dataCentres['yunfu-dc1']!.storage.total = Number.NaN), 'dataCentres["yunfu-dc1"].storage.total', /not a number/],
    ['memory in MiB where bytes are expected', (s: NodeSnapshot) => void (s.dataCentres['yunfu-dc1']!.memory = { total: 8000 * 1024, allocated: 5000 * 1024, used: 3000 * 1024 }), 'dataCentres["yunfu-dc1"].memory.total', /bytes per vCPU/],
    ['no data centre', (s: NodeSnapshot) => void (s.dataCentres = {}), 'dataCentres', /missing or empty/],
  ])('%s', (_name, mutate, field, reason) => {
    const s = good();
    mutate(s);
    const problems = plausibilityProblems('city-yunfu', s, null);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)!.reason).toMatch(reason);
  });

  it('a 1024× jump against the last good value is a unit mistake', () => {
    const s = good();
    s.dataCentres['yunfu-dc1']!.storage.total *= 1024;
    s.dataCentres['yunfu-dc1']!.storage.allocated *= 1024;
    expect(plausibilityProblems('city-yunfu', s, null)).toEqual([]);
    const [p] = plausibilityProblems('city-yunfu', s, good());
    expect(p).toMatchObject({ field: 'dataCentres["yunfu-dc1"].storage.total' });
    expect(p!.reason).toMatch(/jumped 1024× .* unit mistake/);
  });
});

describe('an implausible pull writes nothing and keeps the last good values (simulated OpenStack)', () => {
  let cmp: Awaited<ReturnType<typeof startSimCmp>>;
  beforeAll(async () => {
    cmp = await startSimCmp(['city-yunfu'], 'plausible-secret');
  });
  afterAll(() => cmp?.app.close());

  it('memory suddenly reported ×1024 (a CMP upgrade that changed units): rejected, named, nothing partial written', async () => {
    const written: Sample[][] = [];
    const writer: VmWriter = { vmUrl: 'http://stub', forceFlush: async () => undefined, write: async (s) => (written.push([...s]), { samples: [...s].length, batches: 1 }) };
    const openstack = new OpenStackAdapter();
    let unitBug = false;
    const adapter: CmpAdapter = {
      kind: 'openstack',
      async collect(node, ctx) {
        const snap = await openstack.collect(node, ctx);
        if (unitBug) for (const dc of Object.values(snap.dataCentres)) dc.memory = { ...dc.memory, total: dc.memory.total * 1024, allocated: dc.memory.allocated * 1024 };
        return snap;
      },
    };
    const health: NodeHealthState = { failuresTotal: 0, lastSuccessMs: null };
    const node = simNode('city-yunfu', cmp.base);
    const deps = { adapter, writer, credentials: credentialsFor('plausible-secret'), logger: silentLogger, health };
    const first = await collectOnce(node, { ...deps, now: () => 1_760_000_000_000 });
    expect(first.ok).toBe(true);
    const lastGood = health.lastGood;

    unitBug = true;
    const second = await collectOnce(node, { ...deps, now: () => 1_760_000_030_000 });
    expect(second.ok).toBe(false);
    expect(second.error).toMatchObject({ code: 'GCC_ERR_CMP_IMPLAUSIBLE', node: 'city-yunfu', retryable: false });
    expect(second.error!.message).toMatch(/^node city-yunfu: implausible figures, nothing of this pull is written: dataCentres\["yunfu-dc1"\]\.memory\.total jumped 1024×/);
    // Only the health series of the failed pull were written: no figure at all.
    const names = new Set(written[1]!.map((s) => s.name));
    expect([...names].filter((n) => n.startsWith('gcc_node_'))).toEqual([]);
    expect(written[1]!.find((s) => s.name === 'gcc_collector_pull_failures_total')!.value).toBe(1);
    expect(written[1]!.find((s) => s.name === 'gcc_collector_last_success_timestamp_seconds')!.value).toBe(1_760_000_000);
    expect(health.lastGood).toBe(lastGood);
    expect(health.lastSuccessMs).toBe(1_760_000_000_000);

    unitBug = false;
    expect((await collectOnce(node, { ...deps, now: () => 1_760_000_060_000 })).ok).toBe(true);
  });
});
