/**
 * Reads the local results store for the Reports page: the rollups (page) and every record (the page's
 * history worker, history-service.ts). Extension pages and their workers share the extension's IndexedDB
 * with the service worker, so they open the same database (openResultsDb stays the one place that
 * creates its stores) and only read.
 *
 * 100,000 records are ~50 MB of structured clones: one getAll takes seconds of deserialising, which is
 * why the records are read in the history worker, not on the page. The store is read through its
 * `endedAt` index in SLICES equal time spans between the oldest and the newest record, several slices in
 * flight at once, newest first, each in its own short read-only transaction (the service worker's writes
 * never wait long). Progress reports carry the rows read so far, so the table fills before the last
 * slice. Slices partition the index exactly ([lo, hi), the last one closed), so no row is read twice.
 * There is no count() first: IndexedDB counts by walking the store, which costs as much as a third of
 * reading it.
 *
 * KPIs and charts do not wait for this: they come from the store's rollups (`loadAllRollups`, a few
 * thousand rows), read first; the rows feed the table and the export.
 */
import { openResultsDb, DB_NAME } from '../results/store';
import type { ResultsDb, StoredResult } from '../results/schema';
import { readRollups } from '../results/rollup-store';
import type { RollupRow } from '../results/rollup';
import { toRow, type ReportRow } from './row';

export const SLICES = 32;
export const CONCURRENCY = 4;

export interface LoadProgress {
  /** Rows read so far, newest first within each slice; complete and sorted when `done`. */
  rows: ReportRow[];
  loaded: number;
  done: boolean;
}

/** Boundaries of `slices` equal spans from lo to hi (whole milliseconds, strictly increasing where possible). */
export function sliceBounds(lo: number, hi: number, slices: number): number[] {
  const bounds = [lo];
  for (let k = 1; k < slices; k++) bounds.push(Math.max(bounds[k - 1] as number, lo + Math.round(((hi - lo) * k) / slices)));
  bounds.push(hi);
  return bounds;
}

/** Every stored result as report rows, newest first; `onProgress` after each slice (and once at the end, done). */
export async function loadRows(db: ResultsDb, onProgress?: (p: LoadProgress) => void, opts: { slices?: number; concurrency?: number } = {}): Promise<ReportRow[]> {
  const index = db.transaction('results').store.index('endedAt');
  const [oldest, newest] = await Promise.all([index.openKeyCursor(null, 'next'), index.openKeyCursor(null, 'prev')]);
  if (!oldest || !newest) {
    onProgress?.({ rows: [], loaded: 0, done: true });
    return [];
  }
  const slices = oldest.key === newest.key ? 1 : Math.max(1, opts.slices ?? SLICES);
  const bounds = sliceBounds(oldest.key, newest.key, slices);
  // Slice k covers [bounds[k], bounds[k+1]), the newest one [.., newest] inclusive; read newest first.
  const parts: (ReportRow[] | undefined)[] = new Array(slices);
  let next = slices - 1;
  let loaded = 0;
  const gather = (): ReportRow[] => parts.reduceRight<ReportRow[]>((all, p) => (p ? all.concat(p) : all), []);
  const worker = async (): Promise<void> => {
    while (next >= 0) {
      const k = next--;
      const lo = bounds[k] as number, hi = bounds[k + 1] as number;
      const range = k === slices - 1 ? IDBKeyRange.bound(lo, hi) : lo === hi ? null : IDBKeyRange.bound(lo, hi, false, true);
      const stored: StoredResult[] = range ? await db.getAllFromIndex('results', 'endedAt', range) : [];
      const rows = new Array<ReportRow>(stored.length);
      for (let i = 0; i < stored.length; i++) rows[stored.length - 1 - i] = toRow(stored[i] as StoredResult);
      parts[k] = rows;
      loaded += rows.length;
      if (onProgress && next >= 0) onProgress({ rows: gather(), loaded, done: false });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? CONCURRENCY, slices) }, worker));
  const rows = gather();
  onProgress?.({ rows, loaded: rows.length, done: true });
  return rows;
}

/** Open the extension's results database and load it (see loadRows); the connection is closed after. */
export async function loadAllRows(onProgress?: (p: LoadProgress) => void, name: string = DB_NAME): Promise<ReportRow[]> {
  const db = await openResultsDb(name);
  try {
    return await loadRows(db, onProgress);
  } finally {
    db.close();
  }
}

/** Every rollup row of the extension's results database (see rollup-view.ts); the connection is closed after. */
export async function loadAllRollups(name: string = DB_NAME): Promise<RollupRow[]> {
  const db = await openResultsDb(name);
  try {
    return await readRollups(db);
  } finally {
    db.close();
  }
}
