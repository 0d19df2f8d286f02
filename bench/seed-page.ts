/**
 * The in-page half of bench/reports-seed.ts: bundled (IIFE, global `__cvSeed`) and evaluated in an
 * extension page, which shares the worker's IndexedDB. Writes synthetic result records in batches of one
 * transaction each. Current layout: records and their rollups together, the way the store keeps them
 * (lib/results/rollup.ts's `applyRecord`, a re-seeded id moving its contribution). Legacy layout
 * (`legacy: true`, only on a profile without the database): version 1, records only, as an install from
 * before the rollups had them; the next open of the database runs the upgrade that builds them.
 */
import { openResultsDb } from '../lib/results/store';
import type { StoredResult } from '../lib/results/schema';
import { applyRecord, rollupDims, rollupKey, type RollupRow } from '../lib/results/rollup';
import { makeRecord } from './seed-records';

export interface PageSeedOptions {
  count: number;
  batch: number;
  days: number;
  seed: number;
  legacy: boolean;
}

/** Open 'caller-verify' at version 1 with its version-1 store only (fails if a newer version exists). */
function openLegacy(): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((ok, fail) => {
    const req = indexedDB.open('caller-verify', 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore('results', { keyPath: 'interactionId' });
      store.createIndex('endedAt', 'endedAtMs');
      store.createIndex('sync', ['sync.state', 'sync.nextAttemptAt']);
    };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
}

/** Seed `count` records; resolves with the time taken (ms). */
export async function seed(o: PageSeedOptions): Promise<number> {
  const t0 = performance.now();
  const make = makeRecord(o.seed, Date.now(), o.days);
  if (o.legacy) {
    const db = await openLegacy();
    for (let start = 0; start < o.count; start += o.batch) {
      const tx = db.transaction('results', 'readwrite');
      for (let i = start; i < Math.min(o.count, start + o.batch); i++) tx.objectStore('results').put(make(i));
      await new Promise<void>((ok, fail) => { tx.oncomplete = () => ok(); tx.onerror = () => fail(tx.error); });
    }
    db.close();
    return performance.now() - t0;
  }
  const db = await openResultsDb();
  for (let start = 0; start < o.count; start += o.batch) {
    const tx = db.transaction(['results', 'rollups'], 'readwrite');
    const results = tx.objectStore('results');
    const rollups = tx.objectStore('rollups');
    const batch: StoredResult[] = [];
    for (let i = start; i < Math.min(o.count, start + o.batch); i++) batch.push(make(i) as StoredResult);
    const olds = await Promise.all(batch.map((r) => results.get(r.interactionId)));
    const rows = new Map<string, RollupRow | null>();
    const keyOf = (r: StoredResult): string => rollupKey(rollupDims(r.record, r.endedAtMs));
    const keys = [...new Set([...batch, ...olds.filter((r): r is StoredResult => r !== undefined)].map(keyOf))];
    (await Promise.all(keys.map((k) => rollups.get(k)))).forEach((row, i) => rows.set(keys[i] as string, row ?? null));
    const apply = (r: StoredResult, sign: 1 | -1): void => void rows.set(keyOf(r), applyRecord(rows.get(keyOf(r)) ?? undefined, r.record, r.endedAtMs, sign));
    olds.forEach((old) => old && apply(old, -1));
    batch.forEach((r) => apply(r, 1));
    await Promise.all([
      ...batch.map((r) => results.put(r)),
      ...[...rows].map(([k, row]) => (row ? rollups.put(row) : rollups.delete(k))),
      tx.done,
    ]);
  }
  db.close();
  return performance.now() - t0;
}
