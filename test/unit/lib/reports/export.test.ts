import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportFileName, exportTable, toCsv, type ExportTable } from '../../../../lib/reports/export.ts';
import { toXlsx } from '../../../../lib/reports/xlsx.ts';
import { fromXlsx, parseCsv } from '../../../export-readers.ts';
import { failed, ivr, optOut, row, T0, verifiedIn } from './helpers.ts';

const rows = [verifiedIn(1, 42), optOut(2), failed(3, 3), ivr(4), row(5, { displayName: 'O"Brien, Jr.\nline 2', representativeOf: 'C-9' })];
const asStrings = (t: ExportTable): string[][] => [t.header, ...t.rows.map((r) => r.map(String))];

describe('exportTable', () => {
  it('has one column per allowed field and no place for answers', () => {
    const t = exportTable(rows);
    expect(t.header).toEqual([
      'interactionId', 'endedAt', 'startedAt', 'outcome', 'methods', 'verifiedBy', 'identifyAttempts', 'verifyAttempts', 'durationSeconds',
      'factorsPassed', 'optOutReason', 'representativeOf', 'customerId', 'displayName', 'agentId', 'adapterId', 'crmHost', 'syncState',
    ]);
    expect(t.rows[0]).toEqual(['VC-0001', new Date(T0 + 1000).toISOString(), new Date(T0 + 1000 - 42_000).toISOString(), 'verified', 'ani', 'agent', 1, 1, 42,
      'dob postcode', '', '', 'C-1001', 'Customer 1', 'agent-7', 'salesforce', 'demo.lightning.force.com', 'synced']);
    expect(t.rows[1]?.[10]).toBe('no_details');
  });
});

describe('CSV', () => {
  it('round-trips through parseCsv, quotes, commas and line breaks included', () => {
    const t = exportTable(rows);
    const csv = toCsv(t);
    expect(csv.startsWith('\uFEFFinteractionId,endedAt,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual(asStrings(t));
    expect(csv).toContain('"O""Brien, Jr.\nline 2"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = toCsv({ header: ['a', 'b', 'c'], rows: [['=1+1', '@SUM(A1)', '-2'], [-3, 'plain', '+x']] });
    expect(parseCsv(csv)).toEqual([['a', 'b', 'c'], ["'=1+1", "'@SUM(A1)", "'-2"], ['-3', 'plain', "'+x"]]);
  });

  it('round-trips any text that does not look like a formula (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '1', ';') }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (cells) => {
      const t: ExportTable = { header: ['x', 'y'], rows: cells };
      expect(parseCsv(toCsv(t))).toEqual([['x', 'y'], ...cells]);
    }));
  });

  it('names files by UTC time', () => {
    expect(exportFileName(Date.UTC(2025, 0, 15, 9, 5, 7), 'csv')).toBe('caller-verify-history-2025-01-15-09-05-07.csv');
  });
});

describe('XLSX (exceljs)', () => {
  it('round-trips the same table: numbers stay numbers, strings stay strings', async () => {
    const t = exportTable(rows);
    const back = await fromXlsx(await toXlsx(t));
    expect(back).toEqual(t);
  });

  it('an empty selection still has its header', async () => {
    const back = await fromXlsx(await toXlsx(exportTable([])));
    expect(back.rows).toEqual([]);
    expect(back.header[0]).toBe('interactionId');
  });
});
