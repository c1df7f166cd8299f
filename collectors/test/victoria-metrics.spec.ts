/**
 * Against a real VictoriaMetrics (started by the harness): the writer's samples read back
 * unchanged with no row rejected, the backfill writes every step of every series, and a live
 * pull of the simulated CMP lands with the catalogue's labels and the health series.
 */
import { COLLECTOR_METRICS, RESOURCE_LABELS, SIMULATED_LABEL } from '@gcc/domain';
import { startVictoriaMetrics, waitForQuery, type TestVictoriaMetrics } from '@gcc/test/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOnce, createVmWriter, OpenStackAdapter, type CollectorNode, type NodeHealthState, type Sample } from '../src/index.ts';
import { silentLogger } from '../src/log.ts';
import { backfillHistory, buildSimulatedOpenStack, simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';

const DAY = 86_400_000;
const province = simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE });
let vm: TestVictoriaMetrics;

interface ExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

async function exportSeries(match: string, start?: number, end?: number): Promise<ExportLine[]> {
  const params = new URLSearchParams({ 'match[]': match });
  if (start !== undefined) params.set('start', String(start / 1000));
  if (end !== undefined) params.set('end', String(end / 1000));
  const text = await (await fetch(`${vm.url}/api/v1/export?${params}`)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExportLine);
}

beforeAll(async () => {
  vm = await startVictoriaMetrics({ retention: '100y' });
});
afterAll(() => vm?.stop());

describe('VictoriaMetrics writer (real VictoriaMetrics)', () => {
  it('writes samples that read back exactly, with no invalid rows', async () => {
    const invalidBefore = await vm.selfMetric('vm_rows_invalid_total');
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const samples: Sample[] = Array.from({ length: 25 }, (_, i) => ({
      name: 'gcc_test_writer',
      labels: { node: 'q"u\\o\nte', dc: '名美', i: String(i % 5) },
      value: i === 3 ? 1.5e15 : i + 0.25,
      timestampMs: t0 + i * 60_000,
    }));
    const writer = createVmWriter({ vmUrl: vm.url, batchSize: 7 });
    expect(await writer.write(samples)).toEqual({ samples: 25, batches: 4 });
    await writer.forceFlush();
    await waitForQuery(vm.url, 'count(last_over_time(gcc_test_writer[1y]))', (r) => r[0]?.value[1] === '5', { time: t0 + DAY });
    const lines = await exportSeries('gcc_test_writer', t0 - DAY, t0 + DAY);
    expect(lines).toHaveLength(5);
    const back = lines
      .flatMap((l) => l.timestamps.map((t, k) => ({ labels: l.metric, t, v: l.values[k] })))
      .sort((a, b) => a.t - b.t);
    expect(back.map((b) => b.t)).toEqual(samples.map((s) => s.timestampMs));
    expect(back.map((b) => b.v)).toEqual(samples.map((s) => s.value));
    expect(back[0]!.labels).toEqual({ __name__: 'gcc_test_writer', node: 'q"u\\o\nte', dc: '名美', i: '0' });
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(invalidBefore);
  });
});

describe('backfillHistory (real VictoriaMetrics)', () => {
  it('writes every step of every series since go-live, with the collector’s labels', async () => {
    const invalidBefore = await vm.selfMetric('vm_rows_invalid_total');
    const to = Date.parse('2021-12-31T00:00:00Z');
    const progress: [number, number][] = [];
    const result = await backfillHistory({
      province,
      vmUrl: vm.url,
      to,
      stepMs: DAY,
      nodeIds: ['city-shaoguan', 'provincial'],
      chunkSize: 20_000,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const shaoguanDays = Math.floor((to - Date.parse(`${province.nodes.find((n) => n.id === 'city-shaoguan')!.goLiveDate}T00:00:00Z`)) / DAY) + 1;
    const provincialDays = Math.floor((to - Date.parse(`${province.nodes.find((n) => n.id === 'provincial')!.goLiveDate}T00:00:00Z`)) / DAY) + 1;
    // 3 resources × (total, allocated, used, physical) per data centre and day.
    expect(result.samples).toBe(12 * (shaoguanDays + 2 * provincialDays));
    expect(result.series).toBe(12 * 3);
    expect(progress.at(-1)).toEqual([result.samples, result.samples]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);

    const sel = 'gcc_node_vcpu{node="city-shaoguan",measure="total"}';
    const lines = await exportSeries(sel, 0, to + DAY);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.timestamps).toHaveLength(shaoguanDays);
    const { __name__, ...labels } = lines[0]!.metric;
    expect(__name__).toBe('gcc_node_vcpu');
    expect(Object.keys(labels).sort()).toEqual([...RESOURCE_LABELS, SIMULATED_LABEL].sort());
    expect(labels).toEqual({ node: 'city-shaoguan', dc: 'shaoguan-dc1', city: '440200', node_kind: 'city', measure: 'total', simulated: 'true' });
    const at = Date.parse('2020-08-26T00:00:00Z');
    const k = lines[0]!.timestamps.indexOf(at);
    expect(lines[0]!.values[k]).toBe(province.capacityAt('city-shaoguan', 'shaoguan-dc1', at).vcpu.total);

    const provincial = await waitForQuery(vm.url, 'sum(last_over_time(gcc_node_vcpu{node="provincial",measure="total"}[1d]))', (r) => r.length === 1, { time: Date.parse('2019-12-31T12:00:00Z') });
    const want = ['mingmei', 'dongchong'].reduce((s, dc) => s + province.capacityAt('provincial', dc, Date.parse('2019-12-31T00:00:00Z')).vcpu.total, 0);
    expect(Number(provincial[0]!.value[1])).toBe(want);
    expect(want).toBeGreaterThanOrEqual(90_000);
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(invalidBefore);
  });
});

describe('collectOnce: simulated CMP → OpenStack adapter → VictoriaMetrics', () => {
  let cmp: FastifyInstance;
  let base: string;
  const now = Math.floor(Date.now() / 1000) * 1000;
  const creds = { username: 'gcc-collector', password: 'e2e-secret', projectName: 'gcc-monitoring', domainName: 'Default' };

  beforeAll(async () => {
    cmp = buildSimulatedOpenStack({ province, nodeIds: ['city-zhaoqing'], now: () => now, credentials: creds });
    await cmp.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(cmp.server.address() as { port: number }).port}`;
  });
  afterAll(() => cmp?.close());

  it('writes the snapshot and the health series; a failed pull is counted', async () => {
    const node: CollectorNode = { id: 'city-zhaoqing', regionCode: '441200', kind: 'city', cmpKind: 'openstack', endpoint: `${base}/city-zhaoqing/identity/v3`, credentialRef: 'X', simulated: true, dataCentres: ['zhaoqing-dc1'] };
    const writer = createVmWriter({ vmUrl: vm.url });
    const health: NodeHealthState = { failuresTotal: 0, lastSuccessMs: null };
    const deps = { adapter: new OpenStackAdapter(), writer, credentials: creds, logger: silentLogger, now: () => now, health };
    const ok = await collectOnce(node, deps);
    expect(ok.ok).toBe(true);
    expect(ok.samples).toBe(12);
    await writer.forceFlush();
    const vcpu = await waitForQuery(vm.url, 'gcc_node_vcpu{node="city-zhaoqing"}', (r) => r.length === 4, { time: now });
    const byMeasure = Object.fromEntries(vcpu.map((r) => [r.metric.measure, Number(r.value[1])]));
    expect(byMeasure.allocated).toBe(province.capacityAt('city-zhaoqing', 'zhaoqing-dc1', now).vcpu.allocated);
    expect(byMeasure.total).toBe(ok.snapshot!.dataCentres['zhaoqing-dc1']!.vcpu.total);
    const last = await waitForQuery(vm.url, `${COLLECTOR_METRICS.lastSuccess.name}{node="city-zhaoqing"}`, (r) => r.length === 1, { time: now });
    expect(Number(last[0]!.value[1])).toBe(now / 1000);
    expect(last[0]!.metric).toMatchObject({ node: 'city-zhaoqing', simulated: 'true' });

    cmp.simFaults.set('city-zhaoqing', { kind: 'error', status: 500 });
    const later = now + 30_000;
    const failed = await collectOnce(node, { ...deps, now: () => later });
    expect(failed).toMatchObject({ ok: false, samples: 0 });
    expect(failed.error).toMatchObject({ code: 'GCC_ERR_CMP_HTTP', retryable: true });
    await writer.forceFlush();
    const failures = await waitForQuery(vm.url, `${COLLECTOR_METRICS.pullFailures.name}{node="city-zhaoqing"}`, (r) => r[0]?.value[1] === '1', { time: later });
    expect(failures).toHaveLength(1);
    cmp.simFaults.set('city-zhaoqing', null);
  });
});
