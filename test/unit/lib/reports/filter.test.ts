import { describe, expect, it } from 'vitest';
import { applyFilter, DEFAULT_SORT, EMPTY_FILTER, facets, NONE, sortRows, toggleSort, type ReportFilter } from '../../../../lib/reports/filter.ts';
import { dayEnd, dayStart, utcDay } from '../../../../lib/reports/row.ts';
import { failed, ivr, optOut, row, T0, verifiedIn } from './helpers.ts';

const DAY = 86_400_000;
const f = (patch: Partial<ReportFilter>): ReportFilter => ({ ...EMPTY_FILTER, ...patch });
const ids = (rows: { interactionId: string }[]): string[] => rows.map((r) => r.interactionId);

// T0 is 2025-01-15 09:00 UTC.
const rows = [
  row(1, {}, T0 - DAY), // 2025-01-14
  optOut(2, T0), // 2025-01-15
  failed(3, 3, T0 + DAY - 9 * 3600_000 - 1), // 2025-01-15 23:59:59.999
  row(4, { methods: ['ani', 'lastName'], adapterId: 'genesys', crmHost: 'apps.mypurecloud.com' }, T0 + DAY), // 2025-01-16
  row(5, { adapterId: undefined, crmHost: undefined }, T0 + 2 * DAY),
];

describe('days (UTC)', () => {
  it('maps times to UTC days and back', () => {
    expect(utcDay(T0)).toBe('2025-01-15');
    expect(dayStart('2025-01-15')).toBe(Date.UTC(2025, 0, 15));
    expect(dayEnd('2025-01-15')).toBe(Date.UTC(2025, 0, 16) - 1);
    expect(dayStart('15/01/2025')).toBeNaN();
  });
});

describe('applyFilter', () => {
  it('keeps everything with the empty filter, in order', () => expect(ids(applyFilter(rows, EMPTY_FILTER))).toEqual(ids(rows)));

  it('date range: whole UTC days, both ends inclusive; either end may be open', () => {
    expect(ids(applyFilter(rows, f({ from: '2025-01-15', to: '2025-01-15' })))).toEqual(['VC-0002', 'VC-0003']);
    expect(ids(applyFilter(rows, f({ from: '2025-01-16' })))).toEqual(['VC-0004', 'VC-0005']);
    expect(ids(applyFilter(rows, f({ to: '2025-01-14' })))).toEqual(['VC-0001']);
    expect(applyFilter(rows, f({ from: 'nonsense' }))).toHaveLength(5); // an unreadable bound is no bound
  });

  it('outcome, method (NONE: no method), adapter and host (NONE: unknown)', () => {
    expect(ids(applyFilter(rows, f({ outcome: 'identified' })))).toEqual(['VC-0003']);
    expect(ids(applyFilter(rows, f({ method: 'lastName' })))).toEqual(['VC-0004']);
    expect(ids(applyFilter(rows, f({ method: NONE })))).toEqual(['VC-0002']);
    expect(ids(applyFilter(rows, f({ adapterId: 'genesys' })))).toEqual(['VC-0004']);
    expect(ids(applyFilter(rows, f({ crmHost: NONE })))).toEqual(['VC-0005']);
    expect(ids(applyFilter(rows, f({ outcome: 'verified', method: 'ani', adapterId: 'salesforce' })))).toEqual(['VC-0001']);
  });
});

describe('facets', () => {
  it('lists each adapter and host once, sorted, NONE for unknown', () => {
    expect(facets(rows)).toEqual({
      adapters: [NONE, 'genesys', 'salesforce'],
      hosts: [NONE, 'apps.mypurecloud.com', 'demo.lightning.force.com'],
    });
  });
});

describe('sortRows', () => {
  it('sorts by each key, both directions, stable for ties', () => {
    const mixed = [verifiedIn(1, 300), optOut(2), ivr(3), verifiedIn(4, 60), failed(5, 2)];
    expect(ids(sortRows(mixed, { key: 'outcome', dir: 'asc' }))).toEqual(['VC-0001', 'VC-0003', 'VC-0004', 'VC-0005', 'VC-0002']);
    expect(ids(sortRows(mixed, { key: 'outcome', dir: 'desc' }))).toEqual(['VC-0002', 'VC-0005', 'VC-0001', 'VC-0003', 'VC-0004']);
    expect(ids(sortRows(mixed, DEFAULT_SORT))).toEqual(['VC-0005', 'VC-0004', 'VC-0003', 'VC-0002', 'VC-0001']);
    expect(ids(sortRows(mixed, { key: 'duration', dir: 'asc' }))[0]).toBe('VC-0004'); // 60 s; the others took 3 min or more
    expect(ids(sortRows(mixed, { key: 'attempts', dir: 'desc' }))[0]).toBe('VC-0005');
    expect(ids(sortRows(mixed, { key: 'customer', dir: 'asc' }))[0]).toBe('VC-0002'); // no name sorts first
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortRows(rows, { key: 'host', dir: 'asc' });
    expect(rows).toEqual(copy);
  });

  it('toggleSort flips the same column and starts a new one in its natural direction', () => {
    expect(toggleSort(DEFAULT_SORT, 'endedAt')).toEqual({ key: 'endedAt', dir: 'asc' });
    expect(toggleSort(DEFAULT_SORT, 'customer')).toEqual({ key: 'customer', dir: 'asc' });
    expect(toggleSort({ key: 'customer', dir: 'asc' }, 'duration')).toEqual({ key: 'duration', dir: 'desc' });
  });
});
