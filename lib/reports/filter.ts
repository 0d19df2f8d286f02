/**
 * Filtering and sorting of report rows. A filter value of '' means "any"; dates are whole UTC days,
 * both ends inclusive. Sorting is stable, so rows with equal keys keep their order (newest first).
 */
import type { IdentifyMethod, InteractionOutcome } from '../api/contract';
import { dayEnd, dayStart, type ReportRow } from './row';

/** Rows whose adapter or CRM host is unknown are matched by this value in the filter. */
export const NONE = '(none)';

export interface ReportFilter {
  /** YYYY-MM-DD (UTC), inclusive; '' for no lower bound. */
  from: string;
  /** YYYY-MM-DD (UTC), inclusive; '' for no upper bound. */
  to: string;
  outcome: InteractionOutcome | '';
  /** A method the call used, or NONE for calls that used none. */
  method: IdentifyMethod | typeof NONE | '';
  adapterId: string;
  crmHost: string;
}

export const EMPTY_FILTER: ReportFilter = { from: '', to: '', outcome: '', method: '', adapterId: '', crmHost: '' };

/** A predicate for `filter` (bounds parsed once, not per row). */
export function rowMatcher(filter: ReportFilter): (row: ReportRow) => boolean {
  const from = filter.from ? dayStart(filter.from) : -Infinity;
  const to = filter.to ? dayEnd(filter.to) : Infinity;
  const lo = Number.isNaN(from) ? -Infinity : from;
  const hi = Number.isNaN(to) ? Infinity : to;
  const { outcome, method, adapterId, crmHost } = filter;
  return (row) =>
    row.endedAtMs >= lo &&
    row.endedAtMs <= hi &&
    (outcome === '' || row.outcome === outcome) &&
    (method === '' || (method === NONE ? row.methods.length === 0 : row.methods.includes(method))) &&
    (adapterId === '' || (row.adapterId ?? NONE) === adapterId) &&
    (crmHost === '' || (row.crmHost ?? NONE) === crmHost);
}

/** The rows that match `filter`, in their original order. */
export function applyFilter(rows: readonly ReportRow[], filter: ReportFilter): ReportRow[] {
  return rows.filter(rowMatcher(filter));
}

/**
 * The adapters and CRM hosts present in `rows` (sorted; NONE for rows without one), for the filter menus;
 * records and rollup rows alike.
 */
export function facets(rows: readonly { adapterId?: string | undefined; crmHost?: string | undefined }[]): { adapters: string[]; hosts: string[] } {
  const adapters = new Set<string>();
  const hosts = new Set<string>();
  for (const r of rows) {
    adapters.add(r.adapterId ?? NONE);
    hosts.add(r.crmHost ?? NONE);
  }
  return { adapters: [...adapters].sort(), hosts: [...hosts].sort() };
}

/** The table's sortable columns. */
export const SORT_KEYS = ['endedAt', 'outcome', 'customer', 'methods', 'verifiedBy', 'attempts', 'duration', 'adapter', 'host'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: SortSpec = { key: 'endedAt', dir: 'desc' };

/** Outcomes from strongest to weakest, as the panel ranks them. */
const OUTCOME_RANK: Record<InteractionOutcome, number> = { verified: 0, identified: 1, not_identified: 2 };

const SORT_VALUE: Record<SortKey, (r: ReportRow) => number | string> = {
  endedAt: (r) => r.endedAtMs,
  outcome: (r) => OUTCOME_RANK[r.outcome],
  customer: (r) => (r.displayName ?? r.customerId ?? '').toLowerCase(),
  methods: (r) => r.methods.join(' '),
  verifiedBy: (r) => r.verifiedBy,
  attempts: (r) => r.verifyAttempts * 1000 + r.identifyAttempts,
  duration: (r) => r.durationMs,
  adapter: (r) => r.adapterId ?? '',
  host: (r) => r.crmHost ?? '',
};

/** A sorted copy of `rows` (stable; keys are computed once per row, not per comparison). */
export function sortRows(rows: readonly ReportRow[], sort: SortSpec): ReportRow[] {
  const value = SORT_VALUE[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row, i) => ({ row, i, k: value(row) }));
  keyed.sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i));
  return keyed.map((x) => x.row);
}

/** The next sort after clicking column `key`: same column flips direction, a new one starts descending for times, ascending otherwise. */
export function toggleSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'endedAt' || key === 'duration' || key === 'attempts' ? 'desc' : 'asc' };
}
