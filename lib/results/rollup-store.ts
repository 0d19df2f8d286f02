/**
 * The 'rollups' object store (rows of rollup.ts, keyed by `key`) inside the results database. Its rows are
 * only ever changed inside a transaction that also changes the records they count (store.ts: save,
 * purge; the version upgrade that creates the store builds them from the records already there), so
 * the rollups and the records never disagree, whatever moment the worker is stopped at.
 */
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction } from 'idb';
import type { ResultRecord } from './record';
import { applyRecord, buildRollups, rollupDims, rollupKey, type RollupRow } from './rollup';
import type { ResultsSchema, StoredResult } from './schema';

type Writable = 'readwrite' | 'versionchange';
/** The rollups store as seen from a read-write (or upgrade) transaction that also covers 'results'. */
export type RollupsStore = IDBPObjectStore<ResultsSchema, ArrayLike<'results' | 'rollups'>, 'rollups', Writable>;

/** Records read per request while building rollups in the upgrade (getAll in pages, not a cursor per record). */
const BUILD_PAGE = 5000;

/** Add (sign 1) or remove (sign −1) one record's contribution; awaits only IndexedDB. */
export async function applyToRollups(store: RollupsStore, record: ResultRecord, endedAtMs: number, sign: 1 | -1): Promise<void> {
  const key = rollupKey(rollupDims(record, endedAtMs));
  const next = applyRecord(await store.get(key), record, endedAtMs, sign);
  if (next) await store.put(next);
  else await store.delete(key);
}

/** Move a stored record's contribution to its replacement (`old` may be absent: a new record). */
export async function replaceInRollups(store: RollupsStore, old: StoredResult | undefined, next: StoredResult): Promise<void> {
  if (old) await applyToRollups(store, old.record, old.endedAtMs, -1);
  await applyToRollups(store, next.record, next.endedAtMs, 1);
}

/**
 * Rebuild every rollup from the records (in the upgrade transaction that creates the store). Reads the
 * records in pages of `pageSize` by primary key; returns how many records were counted.
 */
export async function rebuildRollups(tx: IDBPTransaction<ResultsSchema, ArrayLike<'results' | 'rollups'>, Writable>, pageSize = BUILD_PAGE): Promise<number> {
  const results = tx.objectStore('results');
  const rows = new Map<string, RollupRow>();
  let after: string | undefined;
  let counted = 0;
  for (;;) {
    const page = await results.getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), pageSize);
    buildRollups(page, rows);
    counted += page.length;
    if (page.length < pageSize) break;
    after = (page[page.length - 1] as StoredResult).interactionId;
  }
  const rollups = tx.objectStore('rollups');
  await rollups.clear();
  await Promise.all([...rows.values()].map((row) => rollups.put(row)));
  return counted;
}

/** Every rollup row (a few thousand at most: one per day and combination of dimensions seen). */
export function readRollups(db: IDBPDatabase<ResultsSchema>): Promise<RollupRow[]> {
  return db.getAll('rollups');
}
