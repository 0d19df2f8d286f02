/**
 * The history table's data where the records live: in the Reports page's dedicated worker
 * (history-service.ts), never on the page's main thread. It keeps every row read so far and the
 * current view (filter + sort applied); the page asks for windows of the view by position and holds
 * only the rows in sight. `version` changes whenever the view does (more rows read, a new query);
 * `query` only when the filter or sort does, so the page knows when rows on screen are stale.
 */
import { applyFilter, DEFAULT_SORT, EMPTY_FILTER, sortRows, type ReportFilter, type SortSpec } from './filter';
import { exportTable, type ExportTable } from './export';
import type { ReportRow } from './row';

/** Most rows one window request returns (a screenful is about 15; the page asks with a margin). */
export const MAX_WINDOW = 1000;

/** Rows, the current filter and sort, and the rows they select, in order. */
export class HistoryView {
  private rows: readonly ReportRow[] = [];
  private shown: readonly ReportRow[] = [];
  private filter: ReportFilter = EMPTY_FILTER;
  private sort: SortSpec = DEFAULT_SORT;
  /** Changes with every recomputation of the view. */
  version = 0;
  /** Changes with every new filter or sort. */
  query = 0;

  /** Replace the rows (newest first, as loadRows gives them) and recompute the view. */
  setRows(rows: readonly ReportRow[]): void {
    this.rows = rows;
    this.recompute();
  }

  /** Apply a new filter and sort. */
  setQuery(filter: ReportFilter, sort: SortSpec): void {
    this.filter = filter;
    this.sort = sort;
    this.query += 1;
    this.recompute();
  }

  /** Rows in the view. */
  get count(): number {
    return this.shown.length;
  }

  /** The view's rows [first, last), clamped to the view and to MAX_WINDOW rows. */
  window(first: number, last: number): ReportRow[] {
    const from = Math.max(0, Math.min(first, this.shown.length));
    return this.shown.slice(from, Math.min(last, from + MAX_WINDOW, this.shown.length));
  }

  /** The whole view as an export table (CSV/XLSX), in view order. */
  exportTable(): ExportTable {
    return exportTable(this.shown);
  }

  private recompute(): void {
    const filtered = applyFilter(this.rows, this.filter);
    // Rows are read newest first and filtering keeps their order, so the default sort costs nothing.
    const isDefault = this.sort.key === DEFAULT_SORT.key && this.sort.dir === DEFAULT_SORT.dir;
    this.shown = isDefault ? filtered : sortRows(filtered, this.sort);
    this.version += 1;
  }
}
