/**
 * Provider utilization tables (seed 003 art. 12: weekly and monthly utilization tables) → history
 * in VictoriaMetrics. One row per data centre and date; columns (header row, in any order):
 *
 *   dc | date | period | vcpu_total (vCPU) | vcpu_allocated (vCPU) | vcpu_used (vCPU)
 *      | memory_total (GiB) | memory_allocated (GiB) | memory_used (GiB)
 *      | storage_total (TiB) | storage_allocated (TiB) | storage_used (TiB)
 *
 * - `date` is the day the figures describe, YYYY-MM-DD (or a date cell); stamped at 00:00 China
 *   time (UTC+8) of that day. `period` is weekly/monthly (周/月), for the record.
 * - Units are part of the header: memory in MiB, GiB or TiB; storage in GiB, TiB or PiB (binary
 *   units); vCPU in vCPU. Another unit, or none, is refused.
 * - `*_used` may be empty (the provider cannot tell); every other cell is required, ≥ 0.
 * Any bad header or cell rejects the whole file, each problem named by row and column; nothing is
 * written unless every row is good. Samples use the live collector's series and labels (series.ts).
 */
import { MEASURES, RESOURCES, type Resource } from '@gcc/domain';
import type { DataCentreFigures } from '../core/cmp-adapter.ts';
import { columnLetter, type Cell, type Table } from './read-table.ts';

const UNITS: Readonly<Record<Resource, Readonly<Record<string, number>>>> = {
  vcpu: { vCPU: 1 },
  memory: { MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 },
  storage: { GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5 },
};
export const DEFAULT_UNITS: Readonly<Record<Resource, string>> = { vcpu: 'vCPU', memory: 'GiB', storage: 'TiB' };
const PERIODS: Readonly<Record<string, 'weekly' | 'monthly'>> = { weekly: 'weekly', week: 'weekly', 周: 'weekly', 周报: 'weekly', monthly: 'monthly', month: 'monthly', 月: 'monthly', 月报: 'monthly' };
const CST_OFFSET_MS = 8 * 3_600_000;

export interface UtilizationRow {
  row: number;
  dc: string;
  date: string;
  timestampMs: number;
  period: 'weekly' | 'monthly';
  figures: DataCentreFigures;
}

export class UtilizationTableError extends Error {
  override readonly name = 'UtilizationTableError';
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length > 1 ? 's' : ''}, nothing written: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  }
}

/** The header texts of a template: measure columns in the default units. */
export function templateHeader(): string[] {
  return ['dc', 'date', 'period', ...RESOURCES.flatMap((r) => MEASURES.map((m) => `${r}_${m} (${DEFAULT_UNITS[r]})`))];
}

interface Column {
  index: number;
  resource?: Resource;
  measure?: (typeof MEASURES)[number];
  scale?: number;
}

function parseDate(c: Cell): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  if (typeof c !== 'string') return null;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(c);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

function parseNumber(c: Cell): number | null {
  if (typeof c === 'number') return Number.isFinite(c) ? c : null;
  if (typeof c !== 'string' || !/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$/.test(c)) return null;
  return Number(c.replace(/,/g, ''));
}

const show = (c: Cell) => (c instanceof Date ? c.toISOString() : JSON.stringify(c));

export interface ValidateOptions {
  /** Data centres the node has; rows for others are refused. Empty: any code. */
  dataCentres: readonly string[];
  /** Latest acceptable date (default: today, China time). */
  latestMs?: number;
}

export function validateUtilizationTable(t: Table, o: ValidateOptions): UtilizationRow[] {
  const problems: string[] = [];
  const col = (i: number) => `column ${columnLetter(i)} (${t.header[i] || 'no header'})`;
  const columns = new Map<string, Column>();
  t.header.forEach((raw, index) => {
    const h = raw.trim();
    if (h === '') return;
    const m = /^(vcpu|memory|storage)_(total|allocated|used)\s*(?:\((.*)\))?$/i.exec(h);
    let key: string;
    let c: Column = { index };
    if (m) {
      const resource = m[1]!.toLowerCase() as Resource;
      const measure = m[2]!.toLowerCase() as (typeof MEASURES)[number];
      const unit = m[3]?.trim();
      const scale = unit === undefined ? undefined : UNITS[resource][unit];
      if (scale === undefined) problems.push(`row 1, ${col(index)}: ${unit === undefined ? 'no unit' : `unit "${unit}" is not accepted`}; write ${resource}_${measure} (${Object.keys(UNITS[resource]).join(' | ')})`);
      key = `${resource}_${measure}`;
      c = { index, resource, measure, ...(scale !== undefined ? { scale } : {}) };
    } else if (/^(dc|date|period)$/i.test(h)) key = h.toLowerCase();
    else {
      problems.push(`row 1, ${col(index)}: unknown column "${h}"`);
      return;
    }
    if (columns.has(key)) problems.push(`row 1, ${col(index)}: "${key}" appears twice (also column ${columnLetter(columns.get(key)!.index)})`);
    else columns.set(key, c);
  });
  const wanted = ['dc', 'date', 'period', ...RESOURCES.flatMap((r) => MEASURES.map((m) => `${r}_${m}`))];
  const missing = wanted.filter((k) => !columns.has(k));
  if (missing.length) problems.push(`row 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (see the template: collectors/templates/utilization-template.csv)`);
  if (problems.length) throw new UtilizationTableError(problems);
  if (t.rows.length === 0) throw new UtilizationTableError(['the file has a header but no data rows']);

  const latest = o.latestMs ?? Date.now() + CST_OFFSET_MS;
  const latestDay = new Date(latest).toISOString().slice(0, 10);
  const seen = new Map<string, number>();
  const out: UtilizationRow[] = [];
  for (const { row, cells } of t.rows) {
    const at = (key: string) => columns.get(key)!.index;
    const bad = (key: string, why: string) => problems.push(`row ${row}, ${col(at(key))}: ${why}`);
    const dcCell = cells[at('dc')] ?? null;
    const dc = typeof dcCell === 'string' ? dcCell : dcCell === null ? null : String(dcCell);
    if (!dc) bad('dc', 'empty: name the data centre');
    else if (o.dataCentres.length && !o.dataCentres.includes(dc)) bad('dc', `"${dc}" is not a data centre of this node (${o.dataCentres.join(', ')})`);
    const dateCell = cells[at('date')] ?? null;
    const date = parseDate(dateCell);
    if (!date) bad('date', `${show(dateCell)} is not a date (YYYY-MM-DD)`);
    else if (date > latestDay) bad('date', `${date} is in the future`);
    const periodCell = cells[at('period')] ?? null;
    const period = typeof periodCell === 'string' ? PERIODS[periodCell.trim().toLowerCase()] : undefined;
    if (!period) bad('period', `${show(periodCell)} is not weekly or monthly`);
    const figures = {} as DataCentreFigures;
    for (const r of RESOURCES) {
      figures[r] = { total: 0, allocated: 0, used: null };
      for (const m of MEASURES) {
        const c = columns.get(`${r}_${m}`)!;
        const cell = cells[c.index] ?? null;
        if (cell === null) {
          if (m !== 'used') bad(`${r}_${m}`, 'empty: required');
          continue;
        }
        const v = parseNumber(cell);
        if (v === null) bad(`${r}_${m}`, `${show(cell)} is not a number`);
        else if (v < 0) bad(`${r}_${m}`, `${v} is negative`);
        else figures[r][m] = r === 'vcpu' ? v : Math.round(v * c.scale!);
      }
    }
    if (dc && date) {
      const key = `${dc} ${date}`;
      if (seen.has(key)) bad('date', `${dc} on ${date} is already given in row ${seen.get(key)}`);
      else seen.set(key, row);
    }
    if (dc && date && period) out.push({ row, dc, date, period, timestampMs: Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS, figures });
  }
  if (problems.length) throw new UtilizationTableError(problems);
  return out;
}
