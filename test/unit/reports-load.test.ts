import { describe, expect, it } from 'vitest';
import { freshDb, record } from './results/helpers.ts';
import { saveResult } from '../../lib/results/store.ts';
import { CHUNK, loadRows } from '../../lib/reports/load.ts';
import { stored, T0 } from './reports-helpers.ts';

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

  it('pages through the store in chunks and reports progress', async () => {
    const db = await freshDb();
    const n = CHUNK * 2 + 3;
    const tx = db.transaction('results', 'readwrite');
    for (let i = 1; i <= n; i++) void tx.store.put(stored(i, T0 + i * 1000));
    await tx.done;
    const progress: number[] = [];
    const rows = await loadRows(db, (p) => {
      expect(p.total).toBe(n);
      progress.push(p.loaded);
    });
    expect(progress).toEqual([CHUNK, CHUNK * 2, n]);
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.interactionId)).size).toBe(n);
    expect(rows[0]?.endedAtMs).toBe(T0 + n * 1000);
    db.close();
  }, 30_000);

  it('an empty store gives no rows', async () => {
    const db = await freshDb();
    expect(await loadRows(db)).toEqual([]);
    db.close();
  });
});
