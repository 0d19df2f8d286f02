/**
 * The rollups kept by the store: after any sequence of saves (new, same again, replaced, stale), sync
 * changes and purges, they equal rollups built from the records left; the upgrade from version 1 builds
 * them from the records already stored.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDB } from 'idb';
import { buildRollups, type RollupRow } from '../../../../lib/results/rollup.ts';
import { readRollups, rebuildRollups } from '../../../../lib/results/rollup-store.ts';
import { DB_VERSION, listResults, markSynced, getResult, openResultsDb, purgeExpired, saveResult } from '../../../../lib/results/store.ts';
import type { ResultsDb, StoredResult } from '../../../../lib/results/schema.ts';
import { toResultRecord } from '../../../../lib/results/record.ts';
import { DAY, freshDb, input, record, T0 } from './helpers.ts';

const byKey = (rows: Iterable<RollupRow>): RollupRow[] => [...rows].sort((a, b) => a.key.localeCompare(b.key));

/** The rollups the store holds, and those built afresh from its records. */
async function both(db: ResultsDb): Promise<[RollupRow[], RollupRow[]]> {
  return [byKey(await readRollups(db)), byKey(buildRollups(await listResults(db)).values())];
}

type Op =
  | { kind: 'save'; n: number; offset: number; outcome: 'verified' | 'identified' | 'not_identified'; seconds: number; verify: number }
  | { kind: 'sync'; n: number }
  | { kind: 'purge'; now: number; days: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const), n: fc.integer({ min: 1, max: 6 }), offset: fc.integer({ min: -3 * DAY, max: 3 * DAY }),
    outcome: fc.constantFrom('verified' as const, 'identified' as const, 'not_identified' as const),
    seconds: fc.integer({ min: 0, max: 400 }), verify: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ kind: fc.constant('sync' as const), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('purge' as const), now: fc.integer({ min: 0, max: 4 * DAY }).map((d) => T0 + d), days: fc.integer({ min: 0, max: 3 }) }),
);

/** Run one operation through the store's public API. */
async function run(db: ResultsDb, op: Op): Promise<void> {
  const id = `VC-${String(op.kind === 'purge' ? 0 : op.n).padStart(4, '0')}`;
  if (op.kind === 'save') {
    const endedAt = T0 + op.offset;
    const none = op.outcome === 'not_identified' ? { customerId: undefined, displayName: undefined } : {};
    await saveResult(db, toResultRecord(input(op.n, endedAt, { outcome: op.outcome, startedAt: endedAt - op.seconds * 1000, attempts: { identify: 0, verify: op.verify }, ...none })), T0);
  } else if (op.kind === 'sync') {
    const row = await getResult(db, id);
    if (row) await markSynced(db, id, row.sync.revision, T0);
  } else await purgeExpired(db, op.now, op.days);
}

describe('rollups in the store', () => {
  it('equal rollups built from the records left, after any sequence of saves, syncs and purges (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { maxLength: 25 }), async (ops) => {
      const db = await freshDb();
      try {
        for (const op of ops) await run(db, op);
        const [kept, built] = await both(db);
        expect(kept).toEqual(built);
      } finally {
        db.close();
      }
    }), { numRuns: 60 });
  });

  it('move a replaced record\'s contribution instead of adding it twice; the same record again changes nothing', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0), T0);
    await saveResult(db, record(1, T0), T0 + 1);
    expect((await readRollups(db)).map((r) => [r.outcome, r.count])).toEqual([['verified', 1]]);
    await saveResult(db, record(1, T0 + 1000, { outcome: 'identified', attempts: { identify: 0, verify: 2 } }), T0 + 2);
    expect((await readRollups(db)).map((r) => [r.outcome, r.verifyAttempts, r.count])).toEqual([['identified', 2, 1]]);
  });

  it('purge takes the purged records out', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0 - 40 * DAY), T0);
    await saveResult(db, record(2, T0), T0);
    await markSynced(db, 'VC-0001', 1, T0);
    expect(await purgeExpired(db, T0, 30)).toBe(1);
    expect((await readRollups(db)).map((r) => [r.day, r.count])).toEqual([['2025-01-15', 1]]);
  });

  it('are built once by the upgrade from version 1, from the records already stored', async () => {
    const name = `caller-verify-upgrade-${Math.random().toString(36).slice(2)}`;
    const v1 = await openDB(name, 1, {
      upgrade(up) {
        const store = up.createObjectStore('results', { keyPath: 'interactionId' });
        store.createIndex('endedAt', 'endedAtMs');
        store.createIndex('sync', ['sync.state', 'sync.nextAttemptAt']);
      },
    });
    const rows: StoredResult[] = Array.from({ length: 300 }, (_, i) => {
      const r = record(i + 1, T0 - (i % 9) * DAY + i, { outcome: i % 3 === 0 ? 'identified' : 'verified', startedAt: T0 - (i % 9) * DAY + i - (i % 300) * 1000 });
      return { interactionId: r.interactionId, endedAtMs: Date.parse(r.endedAt), record: r, sync: { state: 'synced', attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } };
    });
    const tx = v1.transaction('results', 'readwrite');
    await Promise.all([...rows.map((r) => tx.store.put(r)), tx.done]);
    v1.close();
    const db = await openResultsDb(name);
    expect(db.version).toBe(DB_VERSION);
    const [kept, built] = await both(db);
    expect(kept).toEqual(byKey(buildRollups(rows).values()));
    expect(kept).toEqual(built);
    expect(kept.reduce((s, r) => s + r.count, 0)).toBe(300);
    db.close();
  });

  it('rebuild reads the records page by page, every record once', async () => {
    const db = await freshDb();
    const rows = Array.from({ length: 23 }, (_, i) => {
      const r = record(i + 1, T0 + i * 3_600_000);
      return { interactionId: r.interactionId, endedAtMs: Date.parse(r.endedAt), record: r, sync: { state: 'synced' as const, attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } };
    });
    const tx = db.transaction(['results', 'rollups'], 'readwrite');
    await Promise.all(rows.map((r) => tx.objectStore('results').put(r))); // records only: rollups not updated
    expect(await rebuildRollups(tx, 5)).toBe(23);
    await tx.done;
    expect(byKey(await readRollups(db))).toEqual(byKey(buildRollups(rows).values()));
    db.close();
  });
});
