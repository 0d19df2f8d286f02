/**
 * XLSX export with exceljs (loaded on demand by the Reports page: it is large, and only an export
 * needs it). Times stay ISO strings, as in the CSV, so a file reads back the same in every time zone.
 */
import ExcelJS from 'exceljs';
import type { Cell, ExportTable } from './export';

/** An .xlsx workbook (one sheet, "Calls"; Excel reserves "History") holding `table`, header bold and frozen. */
export async function toXlsx(table: ExportTable): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Caller Verify';
  const ws = wb.addWorksheet('Calls', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(table.header).font = { bold: true };
  ws.addRows(table.rows);
  table.header.forEach((name, i) => {
    ws.getColumn(i + 1).width = Math.min(40, Math.max(10, name.length + 2));
  });
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
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
