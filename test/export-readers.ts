/**
 * Readers for the Reports page's exports, used only by tests to check that a CSV or XLSX file reads back
 * as the table that was exported (the extension itself only writes these formats).
 */
import ExcelJS from 'exceljs';
import type { Cell, ExportTable } from '../lib/reports/export.ts';

/** Parse RFC 4180 CSV into rows of strings (a leading BOM is skipped; a final line end adds no row). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Read the first sheet of an .xlsx back into header + rows (numbers stay numbers, empty cells ''). */
export async function fromXlsx(data: ArrayBuffer): Promise<ExportTable> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const width = ws.getRow(1).cellCount;
  const all: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) {
      const v = row.getCell(c).value;
      cells.push(typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v));
    }
    all.push(cells);
  });
  const [header = [], ...rows] = all;
  return { header: header.map(String), rows };
}
