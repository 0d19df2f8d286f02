/**
 * XLSX export with exceljs (loaded on demand by the Reports page: it is large, and only an export
 * needs it). Times stay ISO strings, as in the CSV, so a file reads back the same in every time zone.
 */
import ExcelJS from 'exceljs';
import type { ExportTable } from './export';

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
