/**
 * Reads a provider's table, CSV or XLSX, into rows of cells with their spreadsheet address, so every
 * problem can be named by row and column. XLSX: the worksheet named `utilization`, else the first.
 * Cells are kept as typed as the file has them (number, text, date); nothing is coerced here.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type Cell = number | string | Date | null;

export interface Table {
  /** Header row (row 1) as text. */
  header: string[];
  /** Data rows; `row` is the 1-based row number in the file. */
  rows: { row: number; cells: Cell[] }[];
}

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return typeof v === 'string' && v.trim() === '' ? null : v;
  if (v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('result' in v) return xlsxCell((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return `#ERROR ${(v as { error: string }).error}`;
  }
  return String(v);
}

export async function readTable(path: string): Promise<Table> {
  if (/\.xlsx$/i.test(path)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('utilization') ?? wb.worksheets[0];
    if (!ws) return { header: [], rows: [] };
    const width = ws.columnCount;
    const read = (r: number) => Array.from({ length: width }, (_, c) => xlsxCell(ws.getRow(r).getCell(c + 1).value));
    const header = read(1).map((c) => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c)));
    const rows: Table['rows'] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const cells = read(r);
      if (cells.some((c) => c !== null)) rows.push({ row: r, cells });
    }
    return { header, rows };
  }
  if (/\.csv$/i.test(path)) {
    const records = parse(await readFile(path), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    const [first, ...rest] = records;
    return {
      header: first?.record.map((h) => h.trim()) ?? [],
      rows: rest.map((r) => ({ row: r.info.lines, cells: r.record.map((c) => (c.trim() === '' ? null : c.trim())) })),
    };
  }
  throw new Error(`${path}: not a .csv or .xlsx file`);
}
