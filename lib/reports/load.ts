/**
 * Reads the whole local results store for the Reports page. An extension page shares the extension's
 * IndexedDB with the worker, so it opens the same database; reading never writes or upgrades anything
 * the worker would not (openResultsDb is the one place that creates the stores).
 *
 * Rows are read in key-ordered chunks, each in its own short read-only transaction, so the worker's
 * writes are never held up for long and the page's main thread never gets one huge structured-clone
 * result to deserialise (100,000 records arrive as 20 chunks of 5,000).
 */
import { openResultsDb, DB_NAME, type ResultsDb, type StoredResult } from '../results/store';
import { toRow, type ReportRow } from './row';

export const CHUNK = 5000;

export interface LoadProgress {
  loaded: number;
  /** Row count of the store when loading started. */
  total: number;
}

/** Every stored result as report rows, newest first; `onProgress` after each chunk. */
export async function loadRows(db: ResultsDb, onProgress?: (p: LoadProgress) => void): Promise<ReportRow[]> {
  const total = await db.count('results');
  const rows: ReportRow[] = [];
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const chunk: StoredResult[] = await db.getAll('results', range, CHUNK);
    for (const stored of chunk) rows.push(toRow(stored));
    onProgress?.({ loaded: rows.length, total: Math.max(total, rows.length) });
    if (chunk.length < CHUNK) break;
    after = (chunk[chunk.length - 1] as StoredResult).interactionId;
  }
  return rows.sort((a, b) => b.endedAtMs - a.endedAtMs);
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

