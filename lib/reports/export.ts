/**
 * The export of the filtered history: one table (header + rows) shared by CSV and XLSX (see xlsx.ts).
 * Only what the store holds goes out: ids, enums, counts, times, question ids and display names; the
 * store never has answers, and no column could carry one.
 */
import type { ReportRow } from './row';

export type Cell = string | number;
export interface ExportTable {
  header: string[];
  rows: Cell[][];
}

const COLUMNS: [string, (r: ReportRow) => Cell][] = [
  ['interactionId', (r) => r.interactionId],
  ['endedAt', (r) => new Date(r.endedAtMs).toISOString()],
  ['startedAt', (r) => new Date(r.startedAtMs).toISOString()],
  ['outcome', (r) => r.outcome],
  ['methods', (r) => r.methods.join(' ')],
  ['verifiedBy', (r) => r.verifiedBy],
  ['identifyAttempts', (r) => r.identifyAttempts],
  ['verifyAttempts', (r) => r.verifyAttempts],
  ['durationSeconds', (r) => r.durationMs / 1000],
  ['factorsPassed', (r) => r.factorsPassed.join(' ')],
  ['optOutReason', (r) => r.optOutReason ?? ''],
  ['representativeOf', (r) => r.representativeOf ?? ''],
  ['customerId', (r) => r.customerId ?? ''],
  ['displayName', (r) => r.displayName ?? ''],
  ['agentId', (r) => r.agentId ?? ''],
  ['adapterId', (r) => r.adapterId ?? ''],
  ['crmHost', (r) => r.crmHost ?? ''],
  ['syncState', (r) => r.sync],
];

/** The export table of `rows`, in their order. */
export function exportTable(rows: readonly ReportRow[]): ExportTable {
  return { header: COLUMNS.map(([name]) => name), rows: rows.map((r) => COLUMNS.map(([, get]) => get(r))) };
}

/** Text a spreadsheet could run as a formula gets a leading apostrophe (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted when it holds a comma, quote, line break or edge space; formula-like text defused. */
function csvField(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends) with a UTF-8 byte-order mark so spreadsheets read names correctly. */
export function toCsv(table: ExportTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** File name of an export: caller-verify-history-<UTC date and time>.<ext>. */
export function exportFileName(now: number, ext: 'csv' | 'xlsx'): string {
  return `caller-verify-history-${new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`;
}
