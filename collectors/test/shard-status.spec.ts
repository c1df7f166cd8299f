/** Sharding the province between collector processes, and the collector's /status and /metrics. */
import { COLLECTOR_METRICS, NODE_DEFINITIONS } from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { buildStatusApp, CollectorError, inShard, parseShard, resolveConfig, selectNodes, type CollectorStatus } from '../src/index.ts';

const nodes = NODE_DEFINITIONS.map((d) => ({ id: d.id, regionCode: d.regionCode, kind: d.kind, cmpKind: 'openstack', endpoint: `http://cmp.example/${d.id}/identity/v3`, credentialRef: `PW_${d.id.replace(/-/g, '_')}` }));

describe('sharding', () => {
  it('--shard i/n: every node of the province in exactly one of n shards, the same on every run', () => {
    for (const count of [1, 2, 4, 7]) {
      const shards = Array.from({ length: count }, (_, index) => selectNodes(nodes, { shard: { index, count } }).map((n) => n.id));
      expect(shards.flat().sort()).toEqual(nodes.map((n) => n.id).sort());
      expect(new Set(shards.flat()).size).toBe(nodes.length);
    }
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(inShard('city-shaoguan', { index: 0, count: 1 })).toBe(true);
  });

  it.each(['4/4', '-1/4', '2', 'a/b', '1/0'])('--shard %s is refused with the rule', (raw) => {
    expect(() => parseShard(raw)).toThrow(/--shard must be INDEX\/COUNT with 0 ≤ INDEX < COUNT/);
  });

  it('--nodes names unknown nodes; a selection needs only its own credentials', () => {
    expect(() => selectNodes(nodes, { nodeIds: ['city-shaoguan', 'city-atlantis'] })).toThrow(/--nodes names nodes the configuration does not list: city-atlantis/);
    const raw = { vmUrl: 'http://127.0.0.1:8428', nodes };
    expect(() => resolveConfig(raw, {})).toThrow(CollectorError);
    const r = resolveConfig(raw, { PW_city_yunfu: 'x', PW_city_heyuan: 'y' }, { nodeIds: ['city-yunfu', 'city-heyuan'] });
    expect(r.config.nodes.map((n) => n.id)).toEqual(nodes.filter((n) => ['city-yunfu', 'city-heyuan'].includes(n.id)).map((n) => n.id));
    expect([...r.credentials.keys()].sort()).toEqual(['city-heyuan', 'city-yunfu']);
  });
});

describe('status endpoint', () => {
  const status: CollectorStatus = {
    atMs: 1_760_000_100_000,
    nodes: [
      { node: 'city-yunfu', cmp: 'openstack', circuit: 'closed', attemptTimeoutMs: 10_000, pullsTotal: 3, failuresTotal: 0, consecutiveFailures: 0, lastSuccessMs: 1_760_000_090_000, stalenessSeconds: 10, lastPull: { ok: true, atMs: 1_760_000_090_000, durationSeconds: 0.25, samples: 12, error: null } },
      {
        node: 'city-heyuan', cmp: 'openstack', circuit: 'open', attemptTimeoutMs: 10_000, pullsTotal: 6, failuresTotal: 6, consecutiveFailures: 6, lastSuccessMs: null, stalenessSeconds: null,
        lastPull: { ok: false, atMs: 1_760_000_095_000, durationSeconds: 0, samples: 0, error: { code: 'GCC_ERR_CMP_CIRCUIT_OPEN', message: 'node city-heyuan: skipped', retryable: true } },
      },
    ],
    buffer: null,
  };
  const app = buildStatusApp(() => status);

  it('GET /status: JSON per node', async () => {
    const res = await app.inject({ url: '/status' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(status);
  });

  it('GET /metrics: Prometheus text with the catalogue’s names', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = res.body.trim().split('\n');
    expect(lines).toContain(`${COLLECTOR_METRICS.lastSuccess.name}{node="city-yunfu",cmp="openstack"} 1760000090`);
    expect(lines).toContain(`${COLLECTOR_METRICS.pullFailures.name}{node="city-heyuan",cmp="openstack"} 6`);
    expect(lines).toContain(`${COLLECTOR_METRICS.circuitState.name}{node="city-heyuan",cmp="openstack"} 2`);
    expect(lines).toContain(`# TYPE ${COLLECTOR_METRICS.pullFailures.name} counter`);
    expect(lines.filter((l) => l.startsWith(COLLECTOR_METRICS.lastSuccess.name))).toHaveLength(1);
  });
});
