/**
 * Local store of result records (IndexedDB via `idb`): database 'caller-verify', object store 'results'
 * keyed by interactionId. Each row carries its delivery state (`sync`), so the outbox is an index, not a
 * second store: a record and its "to send" mark are always written in one transaction.
 *
 * Every write is one short transaction that awaits nothing but IndexedDB, so a worker killed at any point
 * leaves each row either before or after a change, never half-way. Writes that add, replace or delete a
 * record update the 'rollups' store (rollup-store.ts) in the same transaction; sync-state changes do not
 * touch what rollups count.
 */
import { openDB } from 'idb';
import { InteractionResult } from '../api/contract';
import type { ApiFailure } from '../api/failure';
import { assertNoSecrets, type ResultRecord } from './record';
import { applyToRollups, rebuildRollups, replaceInRollups } from './rollup-store';
import type { ResultsDb, ResultsSchema, StoredResult, SyncMeta } from './schema';

export const DB_NAME = 'caller-verify';
/** Every store of the 'caller-verify' database must be created by `openResultsDb`'s upgrade. */
export const DB_VERSION = 2;
const DAY_MS = 86_400_000;

/** Open (creating or upgrading) the results database. */
export async function openResultsDb(name: string = DB_NAME): Promise<ResultsDb> {
  const db: ResultsDb = await openDB<ResultsSchema>(name, DB_VERSION, {
    upgrade(up, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const store = up.createObjectStore('results', { keyPath: 'interactionId' });
        store.createIndex('endedAt', 'endedAtMs');
        store.createIndex('sync', ['sync.state', 'sync.nextAttemptAt']);
      }
      if (oldVersion < 2) {
        up.createObjectStore('rollups', { keyPath: 'key' });
        // Counts the records already stored, once; a failure aborts the upgrade (the open fails, nothing changes).
        rebuildRollups(tx).catch(() => tx.abort());
      }
    },
    // A newer version opened elsewhere (an updated extension page): let it upgrade.
    blocking: () => db.close(),
  });
  return db;
}

/** JSON with sorted keys, to compare records whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export type SaveOutcome = 'created' | 'unchanged' | 'replaced' | 'stale';

/**
 * Store `record` as pending, due at once. The same record again changes nothing (a synced one stays
 * synced); a different one for the same interaction replaces it and is pending again, unless it ended
 * before the stored one ('stale': an out-of-order write, ignored). Refuses invalid or secret-like records.
 */
export async function saveResult(db: ResultsDb, record: ResultRecord, now: number): Promise<SaveOutcome> {
  const checked = InteractionResult.parse(record);
  assertNoSecrets(checked);
  const endedAtMs = Date.parse(checked.endedAt);
  const tx = db.transaction(['results', 'rollups'], 'readwrite');
  const results = tx.objectStore('results');
  const old = await results.get(checked.interactionId);
  let outcome: SaveOutcome;
  if (old && canonical(old.record) === canonical(checked)) outcome = 'unchanged';
  else if (old && endedAtMs < old.endedAtMs) outcome = 'stale';
  else {
    const sync: SyncMeta = { state: 'pending', attempts: 0, nextAttemptAt: now, revision: (old?.sync.revision ?? 0) + 1, savedAt: now };
    const next: StoredResult = { interactionId: checked.interactionId, endedAtMs, record: checked, sync };
    await results.put(next);
    // A replaced record moves its contribution (removed under its old dimensions, added under the new).
    await replaceInRollups(tx.objectStore('rollups'), old, next);
    outcome = old ? 'replaced' : 'created';
  }
  await tx.done;
  return outcome;
}

/** Read one stored result. */
export function getResult(db: ResultsDb, interactionId: string): Promise<StoredResult | undefined> {
  return db.get('results', interactionId);
}

/** Results that ended in [from, to] (epoch ms, both optional and inclusive), newest first. */
export async function listResults(db: ResultsDb, q: { from?: number; to?: number; limit?: number } = {}): Promise<StoredResult[]> {
  const range = IDBKeyRange.bound(q.from ?? -Infinity, q.to ?? Infinity);
  const out: StoredResult[] = [];
  for await (const cursor of db.transaction('results').store.index('endedAt').iterate(range, 'prev')) {
    if (q.limit !== undefined && out.length >= q.limit) break;
    out.push(cursor.value);
  }
  return out;
}

/** Apply `fn` to the sync state of `interactionId` if its revision is still `revision`; false otherwise. */
async function updateSync(db: ResultsDb, interactionId: string, revision: number, fn: (s: SyncMeta) => SyncMeta): Promise<boolean> {
  const tx = db.transaction('results', 'readwrite');
  const row = await tx.store.get(interactionId);
  const fits = row !== undefined && row.sync.revision === revision;
  if (fits) await tx.store.put({ ...row, sync: fn(row.sync) });
  await tx.done;
  return fits;
}

/** Mark the sent revision synced (`conflict`: the server kept a different record, see outbox.ts). */
export function markSynced(db: ResultsDb, interactionId: string, revision: number, now: number, conflict?: ApiFailure): Promise<boolean> {
  return updateSync(db, interactionId, revision, ({ conflict: _c, lastError: _e, ...s }) => ({
    ...s, state: 'synced', syncedAt: now, ...(conflict ? { conflict: true, lastError: conflict } : {}),
  }));
}

/** Count a failed attempt of the sent revision and set when to try again. */
export function scheduleRetry(db: ResultsDb, interactionId: string, revision: number, nextAttemptAt: number, error: ApiFailure): Promise<boolean> {
  return updateSync(db, interactionId, revision, (s) => ({ ...s, state: 'pending', attempts: s.attempts + 1, nextAttemptAt, lastError: error }));
}

/** Park the sent revision as rejected by the server: kept, never retried, never purged. */
export function markRejected(db: ResultsDb, interactionId: string, revision: number, error: ApiFailure): Promise<boolean> {
  return updateSync(db, interactionId, revision, (s) => ({ ...s, state: 'rejected', attempts: s.attempts + 1, lastError: error }));
}

/** Pending records due at `now`, oldest due first. */
export function pendingDue(db: ResultsDb, now: number, limit?: number): Promise<StoredResult[]> {
  return db.getAllFromIndex('results', 'sync', IDBKeyRange.bound(['pending', -Infinity], ['pending', now]), limit);
}

/** The pending record due first, if any. */
export function firstPending(db: ResultsDb): Promise<StoredResult | undefined> {
  return db.getFromIndex('results', 'sync', IDBKeyRange.bound(['pending', -Infinity], ['pending', Infinity]));
}

/** Put every rejected record back in the outbox (after the server or the extension was fixed); returns how many. */
export async function requeueRejected(db: ResultsDb, now: number): Promise<number> {
  const tx = db.transaction('results', 'readwrite');
  let n = 0;
  for await (const cursor of tx.store.index('sync').iterate(IDBKeyRange.bound(['rejected', -Infinity], ['rejected', Infinity]))) {
    await cursor.update({ ...cursor.value, sync: { ...cursor.value.sync, state: 'pending', attempts: 0, nextAttemptAt: now } });
    n++;
  }
  await tx.done;
  return n;
}

/** Delete synced records that ended more than `retentionDays` before `now`; pending and rejected ones stay. */
export async function purgeExpired(db: ResultsDb, now: number, retentionDays: number): Promise<number> {
  const tx = db.transaction(['results', 'rollups'], 'readwrite');
  const rollups = tx.objectStore('rollups');
  let n = 0;
  for await (const cursor of tx.objectStore('results').index('endedAt').iterate(IDBKeyRange.upperBound(now - retentionDays * DAY_MS, true))) {
    if (cursor.value.sync.state !== 'synced') continue;
    await applyToRollups(rollups, cursor.value.record, cursor.value.endedAtMs, -1);
    await cursor.delete();
    n++;
  }
  await tx.done;
  return n;
}
