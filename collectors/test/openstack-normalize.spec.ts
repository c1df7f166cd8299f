/** Normalization on the vendors' own recorded responses (Nova and Placement api samples). */
import { describe, expect, it } from 'vitest';
import { normalizeOpenStack, parsePrometheusText } from '../src/openstack/index.ts';
import { availabilityZonesSchema, hypervisorsSchema, inventoriesSchema, resourceProvidersSchema, usagesSchema } from '../src/openstack/schemas.ts';
import { fixture } from './fixtures.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const providers = resourceProvidersSchema.parse(fixture('openstack-placement/get-resource_providers.json')).resource_providers;
const inventories = inventoriesSchema.parse(fixture('openstack-placement/get-inventories.json')).inventories;
const usages = usagesSchema.parse(fixture('openstack-placement/get-resource_provider_usages.json')).usages;
const pony1 = providers.find((p) => p.name === 'pony1')!;
// Zone membership has no api sample here; this is the shape of GET /os-availability-zone/detail.
const zones = availabilityZonesSchema.parse({
  availabilityZoneInfo: [
    { zoneName: 'internal', zoneState: { available: true }, hosts: { controller: { 'nova-scheduler': { available: true, active: true, updated_at: null } } } },
    { zoneName: 'mingmei', zoneState: { available: true }, hosts: { host2: { 'nova-compute': { available: true, active: true, updated_at: null } } } },
  ],
});

/** Placement's figures for one provider with the sample inventories and usages. */
const EXPECTED = {
  // VCPU: total 4, reserved 0, ratio 16.0 → 64; MEMORY_MB: (5825 − 512) × 1.5 = 7969.5 → 7969 MiB; DISK_GB: 35 × 1.0.
  vcpu: { total: 64, allocated: 1, used: null, physical: 4 },
  memory: { total: 7969 * MiB, allocated: 512 * MiB, used: null, physical: 5313 * MiB },
  storage: { total: 35 * GiB, allocated: 1 * GiB, used: null, physical: 35 * GiB },
};

describe('normalizeOpenStack on recorded vendor responses', () => {
  it.each(['v2.1', 'v2.28', 'v2.33', 'v2.53', 'v2.88'])('takes capacity from Placement, never from Nova %s hypervisor fields', (v) => {
    const hypervisors = hypervisorsSchema.parse(fixture(`openstack-nova/hypervisors-detail-resp-${v}.json`)).hypervisors;
    const hv = hypervisors[0]!;
    // The provider is the hypervisor: Placement names it after hypervisor_hostname.
    const provider = { ...pony1, name: hv.hypervisor_hostname };
    const zoned = availabilityZonesSchema.parse({
      availabilityZoneInfo: [{ zoneName: 'mingmei', hosts: { [hv.service!.host]: { 'nova-compute': {} } } }],
    });
    const r = normalizeOpenStack({ providers: [{ provider, inventories, usages }], hypervisors, zones: zoned, busy: null, dataCentres: ['mingmei', 'dongchong'] });
    expect(r.unplaced).toEqual([]);
    expect(r.dataCentres).toEqual({ mingmei: EXPECTED });
  });

  it('reads the 2.88 sample, where os-hypervisors has no capacity fields at all', () => {
    const body = fixture<{ hypervisors: Record<string, unknown>[] }>('openstack-nova/hypervisors-detail-resp-v2.88.json');
    expect(body.hypervisors[0]).not.toHaveProperty('vcpus');
    expect(body.hypervisors[0]).not.toHaveProperty('memory_mb');
    const hypervisors = hypervisorsSchema.parse(body).hypervisors;
    const r = normalizeOpenStack({ providers: [{ provider: { ...pony1, name: 'host2' }, inventories, usages }], hypervisors, zones, busy: null, dataCentres: ['mingmei', 'dongchong'] });
    expect(r.dataCentres.mingmei).toEqual(EXPECTED);
  });

  it('places nested providers by their root, and counts unplaced ones in the node’s data centre', () => {
    const hypervisors = hypervisorsSchema.parse(fixture('openstack-nova/hypervisors-detail-resp-v2.88.json')).hypervisors;
    // vgr.localdomain's root 542df8ed… is not listed: unplaced; pony1 renamed host2 is in mingmei.
    const child = providers.find((p) => p.name === 'vgr.localdomain')!;
    const r = normalizeOpenStack({
      providers: [
        { provider: { ...pony1, name: 'host2' }, inventories, usages },
        { provider: child, inventories: { VCPU: inventories.VCPU! }, usages: { VCPU: 2 } },
      ],
      hypervisors,
      zones,
      busy: null,
      dataCentres: ['mingmei'],
    });
    expect(r.unplaced).toEqual(['vgr.localdomain']);
    expect(r.dataCentres.mingmei!.vcpu).toEqual({ total: 128, allocated: 3, used: null, physical: 8 });
  });

  it('treats a zone not named after a data centre as the single data centre of the node', () => {
    const hypervisors = hypervisorsSchema.parse(fixture('openstack-nova/hypervisors-detail-resp-v2.53.json')).hypervisors;
    const novaZone = availabilityZonesSchema.parse({ availabilityZoneInfo: [{ zoneName: 'nova', hosts: { host1: { 'nova-compute': {} } } }] });
    const r = normalizeOpenStack({ providers: [{ provider: { ...pony1, name: 'host2' }, inventories, usages }], hypervisors, zones: novaZone, busy: null, dataCentres: ['shaoguan-dc1'] });
    expect(Object.keys(r.dataCentres)).toEqual(['shaoguan-dc1']);
  });

  it('adds busy figures per hypervisor from the monitoring series, in base units', () => {
    const hypervisors = hypervisorsSchema.parse(fixture('openstack-nova/hypervisors-detail-resp-v2.88.json')).hypervisors;
    const text = [
      '# TYPE hypervisor:vcpus_busy:sum untyped',
      'hypervisor:vcpus_busy:sum{hypervisor_hostname="host2",instance="host2:9177",job="libvirt"} 0.73 1764057600000',
      'hypervisor:memory_used_bytes:sum{hypervisor_hostname="host2",job="libvirt"} 3.2e8 1764057600000',
      'hypervisor:disk_used_bytes:sum{hypervisor_hostname="host2",job="libvirt"} 536870912',
    ].join('\n');
    const busy = new Map<string, Record<string, number>>();
    const names = { 'hypervisor:vcpus_busy:sum': 'vcpu', 'hypervisor:memory_used_bytes:sum': 'memory', 'hypervisor:disk_used_bytes:sum': 'storage' } as Record<string, string>;
    for (const s of parsePrometheusText(text)) busy.set(s.labels.hypervisor_hostname!, { ...busy.get(s.labels.hypervisor_hostname!), [names[s.name]!]: s.value });
    const r = normalizeOpenStack({ providers: [{ provider: { ...pony1, name: 'host2' }, inventories, usages }], hypervisors, zones, busy, dataCentres: ['mingmei'] });
    expect(r.dataCentres.mingmei!.vcpu.used).toBe(0.7);
    expect(r.dataCentres.mingmei!.memory.used).toBe(320_000_000);
    expect(r.dataCentres.mingmei!.storage.used).toBe(536_870_912);
  });
});

describe('parsePrometheusText', () => {
  it('reads escapes, exponents, special values and optional timestamps; rejects broken lines', () => {
    const [a, b, c] = parsePrometheusText('# HELP x y\nx{a="q\\"uote\\\\ \\n",b=",}"} 1e3 17\ny +Inf\nz{} NaN\n');
    expect(a).toEqual({ name: 'x', labels: { a: 'q"uote\\ \n', b: ',}' }, value: 1000, timestampMs: 17 });
    expect(b).toMatchObject({ name: 'y', value: Infinity, timestampMs: null });
    expect(c!.value).toBeNaN();
    expect(() => parsePrometheusText('x{a="open 1')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('x lots')).toThrow(/not a sample value/);
  });
});
