/**
 * Provider utilization tables into VictoriaMetrics: real XLSX files written by exceljs and CSV files,
 * good ones land as the catalogue's series at 00:00 China time of their dates; any bad cell rejects
 * the whole file, named by row and column, and nothing is written.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { startVictoriaMetrics, waitForQuery, type TestVictoriaMetrics } from '@gcc/test/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorError, createVmWriter } from '../src/index.ts';
import { importUtilization } from '../src/import/import-utilization.ts';
import { readTable } from '../src/import/read-table.ts';
import { templateCsv, templateWorkbook } from '../src/import/template.ts';
import { templateHeader } from '../src/import/utilization.ts';
import { silentLogger } from '../src/log.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const LATEST = Date.parse('2026-11-25T00:00:00Z');
let vm: TestVictoriaMetrics;
let dir: string;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  dir = mkdtempSync(join(tmpdir(), 'gcc-import-'));
});
afterAll(async () => {
  await vm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function xlsx(name: string, rows: unknown[][], header = templateHeader()): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('utilization');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const run = (file: string, nodeId = 'prd-foshan') => importUtilization({ file, nodeId, writer: createVmWriter({ vmUrl: vm.url, logger: silentLogger }), latestMs: LATEST });

describe('the template', () => {
  it('the checked-in CSV and XLSX are what the generator writes', async () => {
    expect(readFileSync(join(ROOT, 'templates/utilization-template.csv'), 'utf8')).toBe(templateCsv());
    const checkedIn = await readTable(join(ROOT, 'templates/utilization-template.xlsx'));
    const fresh = join(dir, 'fresh.xlsx');
    await templateWorkbook().xlsx.writeFile(fresh);
    expect(checkedIn).toEqual(await readTable(fresh));
    expect(checkedIn.header).toEqual(templateHeader());
  });
  it('its example rows import cleanly (dry run)', async () => {
    const r = await importUtilization({ file: join(ROOT, 'templates/utilization-template.xlsx'), nodeId: 'prd-foshan', writer: createVmWriter({ vmUrl: vm.url, logger: silentLogger }), dryRun: true, latestMs: LATEST });
    expect(r.rows.map((x) => [x.date, x.period])).toEqual([['2026-11-22', 'weekly'], ['2026-10-31', 'monthly']]);
  });
});

describe('a good XLSX', () => {
  it('lands in VictoriaMetrics as the node’s history, with no rows dropped', async () => {
    const invalidBefore = await vm.selfMetric('vm_rows_invalid_total');
    // Dates as real date cells and as text; numbers as numbers; a used cell left empty.
    const file = await xlsx('good.xlsx', [
      ['foshan-dc1', new Date('2026-11-01T00:00:00Z'), 'weekly', 20000, 14000, 5000.5, 80000, 56000, 28000, 600, 400, 170],
      ['foshan-dc1', '2026-11-08', '周', 20100, 14100, null, 80400, 56400, 28100, 600.5, 401, 171],
    ]);
    const r = await run(file);
    expect(r.samples).toBe(2 * 9 - 1); // 3 resources × 3 measures, one used figure missing
    const at = Date.parse('2026-11-07T16:00:00Z'); // 2026-11-08 00:00 China time
    expect(r.rows[1]!.timestampMs).toBe(at);
    const res = await waitForQuery(vm.url, 'gcc_node_storage_bytes{node="prd-foshan",dc="foshan-dc1"}', (x) => x.length === 3, { time: at });
    const byMeasure = Object.fromEntries(res.map((s) => [s.metric.measure, Number(s.value[1])]));
    expect(byMeasure).toEqual({ total: 600.5 * TiB, allocated: 401 * TiB, used: 171 * TiB });
    expect(res[0]!.metric).toMatchObject({ city: '440600', node_kind: 'prd' });
    expect(res[0]!.metric.simulated).toBeUndefined();
    const mem = await waitForQuery(vm.url, 'gcc_node_memory_bytes{node="prd-foshan",measure="total"}', (x) => x.length === 1, { time: at });
    expect(Number(mem[0]!.value[1])).toBe(80400 * GiB);
    // The week with no used vCPU figure has none (the earlier week's value is not carried into it).
    const used = await waitForQuery(vm.url, 'gcc_node_vcpu{node="prd-foshan",measure="used"}', (x) => x.length === 1, { time: Date.parse('2026-10-31T16:00:00Z') });
    expect(Number(used[0]!.value[1])).toBe(5000.5);
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(invalidBefore);
  });
});

describe('a bad file is refused whole', () => {
  it('names every bad cell by row and column, and writes nothing', async () => {
    const file = await xlsx('bad.xlsx', [
      ['foshan-dc1', '2026-09-06', 'weekly', 20000, 14000, 5000, 80000, 56000, 28000, 600, 400, 170],
      ['foshan-dc9', '2026-09-13', 'weekly', 'lots', 14000, 5000, 80000, -1, 28000, 600, 400, 170],
      ['foshan-dc1', '2026-02-30', 'daily', 20000, 14000, 5000, 80000, 56000, 28000, 600, null, 170],
      ['foshan-dc1', '2026-09-06', 'weekly', 20000, 14000, 5000, 80000, 56000, 28000, 600, 400, 170],
      ['foshan-dc1', '2027-01-03', 'weekly', 20000, 14000, 5000, 80000, 56000, 28000, 600, 400, 170],
    ]);
    const err = await run(file).catch((e) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err.code).toBe('GCC_ERR_IMPORT_INVALID');
    const problems: string[] = err.cause.problems;
    expect(problems).toEqual([
      'row 3, column A (dc): "foshan-dc9" is not a data centre of this node (foshan-dc1)',
      'row 3, column D (vcpu_total (vCPU)): "lots" is not a number',
      'row 3, column H (memory_allocated (GiB)): -1 is negative',
      'row 4, column B (date): "2026-02-30" is not a date (YYYY-MM-DD)',
      'row 4, column C (period): "daily" is not weekly or monthly',
      'row 4, column K (storage_allocated (TiB)): empty: required',
      'row 5, column B (date): foshan-dc1 on 2026-09-06 is already given in row 2',
      'row 6, column B (date): 2027-01-03 is in the future',
    ]);
    expect(err.message).toMatch(/^node prd-foshan: .*bad\.xlsx: 8 problems, nothing written: row 3, column A/);
    await vm.forceFlush();
    const res = await fetch(`${vm.url}/api/v1/export?match[]=${encodeURIComponent('{node="prd-foshan"}')}&start=${Date.parse('2026-09-01') / 1000}&end=${Date.parse('2026-09-20') / 1000}`);
    expect((await res.text()).trim()).toBe('');
  });

  it.each([
    [['dc', 'date', 'period', 'vcpu_total', 'bogus'], /row 1, column D \(vcpu_total\): no unit; write vcpu_total \(vCPU\).*row 1, column E \(bogus\): unknown column "bogus"/],
    [templateHeader().map((h) => h.replace('(GiB)', '(GB)')), /row 1, column G \(memory_total \(GB\)\): unit "GB" is not accepted; write memory_total \(MiB \| GiB \| TiB\)/],
  ])('refuses a bad header %#', async (header, message) => {
    const file = await xlsx('header.xlsx', [['foshan-dc1', '2026-09-06', 'weekly', 1, 1, 1, 1, 1, 1, 1, 1, 1]], header);
    await expect(run(file)).rejects.toThrow(message);
  });
});

describe('CSV', () => {
  it('reads units from the header, thousands separators and quoted fields; the CLI prints one line', async () => {
    const file = join(dir, 'good.csv');
    const header = templateHeader().map((h) => h.replace('memory_total (GiB)', 'memory_total (MiB)'));
    writeFileSync(file, `\uFEFF${header.join(',')}\nfoshan-dc1,2026/8/2,monthly,"21,000",14700,,"1,048,576",56000,28000,600,400,170\n`);
    const r = await run(file);
    expect(r.rows[0]).toMatchObject({ date: '2026-08-02', figures: { vcpu: { total: 21000, used: null }, memory: { total: 1024 ** 4 } } });

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${templateHeader().join(',')}\nfoshan-dc1,2026-08-09,weekly,x,1,1,1,1,1,1,1,1\n`);
    const out = await promisify(execFile)(TSX, ['src/cli/import-utilization.ts', bad, '--node', 'prd-foshan', '--vm-url', vm.url], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }).catch((e) => e);
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toEqual([`error [GCC_ERR_IMPORT_INVALID]: node prd-foshan: ${bad}: 1 problem, nothing written: row 2, column D (vcpu_total (vCPU)): "x" is not a number`]);
  });
});
