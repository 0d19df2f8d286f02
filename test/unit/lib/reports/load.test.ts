import { describe, expect, it } from 'vitest';
import { freshDb, record } from '../results/helpers.ts';
import { saveResult } from '../../../../lib/results/store.ts';
import type { ResultsDb } from '../../../../lib/results/schema.ts';
import { loadRows, sliceBounds, type LoadProgress } from '../../../../lib/reports/load.ts';
import { stored, T0 } from './helpers.ts';

/** Put records 1..n, ended at `endedAt(i)`, in one transaction. */
async function seed(db: ResultsDb, n: number, endedAt: (i: number) => number): Promise<void> {
  const tx = db.transaction('results', 'readwrite');
  for (let i = 1; i <= n; i++) void tx.store.put(stored(i, endedAt(i)));
  await tx.done;
}

describe('sliceBounds', () => {
  it('splits [lo, hi] into equal whole-ms spans, never decreasing', () => {
    expect(sliceBounds(0, 100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(sliceBounds(5, 5, 3)).toEqual([5, 5, 5, 5]);
    expect(sliceBounds(0, 2, 4)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('loadRows (IndexedDB)', () => {
  it('reads what the worker saved, newest first, flattened', async () => {
    const db = await freshDb();
    await saveResult(db, record(2, T0 + 5000), T0);
    await saveResult(db, record(1, T0 + 9000, { outcome: 'not_identified', customerId: undefined, displayName: undefined, methods: [], optOutReason: 'urgent' }), T0);
    const rows = await loadRows(db);
    expect(rows.map((r) => r.interactionId)).toEqual(['VC-0001', 'VC-0002']);
    expect(rows[0]).toMatchObject({ outcome: 'not_identified', optOutReason: 'urgent', methods: [], sync: 'pending', endedAtMs: T0 + 9000 });
    expect(rows[1]).toMatchObject({ outcome: 'verified', customerId: 'C-1002', durationMs: 180_000, verifyAttempts: 1, adapterId: 'salesforce' });
    db.close();
  });

  it('reads in time slices, several at once, every row exactly once, and reports progress', async () => {
    const db = await freshDb();
    const n = 2503;
    // Uneven times with many ties, so slice edges fall on equal endedAt values.
    await seed(db, n, (i) => T0 + Math.floor(i / 7) * 1000 + (i % 3 === 0 ? 3_600_000 : 0));
    const reports: LoadProgress[] = [];
    const rows = await loadRows(db, (p) => reports.push(p), { slices: 9, concurrency: 3 });
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.interactionId)).size).toBe(n);
    expect(rows.every((r, i) => i === 0 || (rows[i - 1] as { endedAtMs: number }).endedAtMs >= r.endedAtMs)).toBe(true);
    const last = reports[reports.length - 1] as LoadProgress;
    expect(last).toMatchObject({ loaded: n, done: true });
    expect(last.rows).toEqual(rows);
    const partial = reports.slice(0, -1);
    expect(partial.length).toBeGreaterThan(3); // the last `concurrency` slices end after the last one started
    for (const p of partial) {
      expect(p.done).toBe(false);
      expect(p.rows).toHaveLength(p.loaded);
    }
    expect(partial.map((p) => p.loaded)).toEqual([...partial.map((p) => p.loaded)].sort((a, b) => a - b));
    db.close();
  }, 30_000);

  it('one record, or all ended at the same millisecond, is one slice', async () => {
    const db = await freshDb();
    await seed(db, 40, () => T0);
    expect(await loadRows(db, undefined, { slices: 7 })).toHaveLength(40);
    db.close();
  });

  it('an empty store gives no rows and one final report', async () => {
    const db = await freshDb();
    const reports: LoadProgress[] = [];
    expect(await loadRows(db, (p) => reports.push(p))).toEqual([]);
    expect(reports).toEqual([{ rows: [], loaded: 0, done: true }]);
    db.close();
  });
});
