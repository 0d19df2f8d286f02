import { describe, expect, it } from 'vitest';
import { SecretLeakError } from '../../../../lib/results/record.ts';
import { scanForStrings } from '../../../../lib/results/scan.ts';
import {
  getResult, listResults, markRejected, markSynced, openResultsDb, pendingDue, purgeExpired, requeueRejected, saveResult, scheduleRetry,
} from '../../../../lib/results/store.ts';
import { apiError, DAY, freshDb, MIN, record, T0 } from './helpers.ts';

const err = apiError('server_error', 503);

describe('saveResult', () => {
  it('stores a new record as pending, due at once', async () => {
    const db = await freshDb();
    expect(await saveResult(db, record(1), T0)).toBe('created');
    const row = await getResult(db, 'VC-0001');
    expect(row?.record).toEqual(record(1));
    expect(row?.sync).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0, revision: 1 });
    expect(await pendingDue(db, T0)).toHaveLength(1);
  });

  it('is idempotent: the same record twice changes nothing, a synced record stays synced', async () => {
    const db = await freshDb();
    await saveResult(db, record(1), T0);
    await markSynced(db, 'VC-0001', 1, T0 + 1000);
    const before = await getResult(db, 'VC-0001');
    expect(await saveResult(db, { ...record(1) }, T0 + 5000)).toBe('unchanged');
    expect(await getResult(db, 'VC-0001')).toEqual(before);
    expect(await pendingDue(db, T0 + 10 * MIN)).toEqual([]);
  });

  it('treats key order as irrelevant when comparing', async () => {
    const db = await freshDb();
    await saveResult(db, record(1), T0);
    const reordered = Object.fromEntries(Object.entries(record(1)).reverse()) as ReturnType<typeof record>;
    expect(await saveResult(db, reordered, T0 + 1)).toBe('unchanged');
  });

  it('replaces a different record for the same interaction and makes it pending again', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0, { outcome: 'identified', verifiedBy: undefined }), T0);
    await scheduleRetry(db, 'VC-0001', 1, T0 + MIN, err);
    await markSynced(db, 'VC-0001', 1, T0 + 2 * MIN);
    const later = record(1, T0 + 5 * MIN);
    expect(await saveResult(db, later, T0 + 6 * MIN)).toBe('replaced');
    const row = await getResult(db, 'VC-0001');
    expect(row?.record).toEqual(later);
    expect(row?.sync).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 + 6 * MIN, revision: 2 });
  });

  it('ignores a record that ended before the stored one (out-of-order write)', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0 + 5 * MIN), T0 + 5 * MIN);
    expect(await saveResult(db, record(1, T0, { outcome: 'not_identified', customerId: undefined, displayName: undefined }), T0 + 6 * MIN)).toBe('stale');
    expect((await getResult(db, 'VC-0001'))?.record.outcome).toBe('verified');
  });

  it('refuses a record with a secret-like value and stores nothing', async () => {
    const db = await freshDb();
    await expect(saveResult(db, { ...record(1), displayName: 'Jane 4111 1111 1111 1111' }, T0)).rejects.toThrow(SecretLeakError);
    await expect(saveResult(db, { ...record(1), answers: ['x'] } as never, T0)).rejects.toThrow();
    expect(await getResult(db, 'VC-0001')).toBeUndefined();
  });
});

describe('sync marks', () => {
  it('apply only to the revision that was sent', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0), T0);
    await saveResult(db, record(1, T0 + MIN, { displayName: 'Renamed' }), T0 + MIN); // revision 2
    expect(await markSynced(db, 'VC-0001', 1, T0 + 2 * MIN)).toBe(false);
    expect(await markRejected(db, 'VC-0001', 1, err)).toBe(false);
    expect((await getResult(db, 'VC-0001'))?.sync.state).toBe('pending');
    expect(await markSynced(db, 'VC-0001', 2, T0 + 2 * MIN)).toBe(true);
    expect(await markSynced(db, 'VC-0002', 1, T0)).toBe(false);
  });

  it('pendingDue lists due records, earliest first, and requeueRejected brings rejected ones back', async () => {
    const db = await freshDb();
    for (const n of [1, 2, 3]) await saveResult(db, record(n), T0);
    await scheduleRetry(db, 'VC-0001', 1, T0 + 10 * MIN, err);
    await scheduleRetry(db, 'VC-0002', 1, T0 + 5 * MIN, err);
    await markRejected(db, 'VC-0003', 1, err);
    expect((await pendingDue(db, T0)).map((r) => r.interactionId)).toEqual([]);
    expect((await pendingDue(db, T0 + 20 * MIN)).map((r) => r.interactionId)).toEqual(['VC-0002', 'VC-0001']);
    expect(await requeueRejected(db, T0 + 20 * MIN)).toBe(1);
    expect((await pendingDue(db, T0 + 20 * MIN)).map((r) => r.interactionId)).toEqual(['VC-0002', 'VC-0001', 'VC-0003']);
  });
});

describe('listResults', () => {
  it('returns results in an endedAt range, newest first, up to a limit', async () => {
    const db = await freshDb();
    for (let n = 0; n < 10; n++) await saveResult(db, record(n, T0 + n * MIN), T0 + n * MIN);
    const ids = (rows: { interactionId: string }[]) => rows.map((r) => r.interactionId);
    expect(ids(await listResults(db, { from: T0 + 2 * MIN, to: T0 + 4 * MIN }))).toEqual(['VC-0004', 'VC-0003', 'VC-0002']);
    expect(ids(await listResults(db, { limit: 2 }))).toEqual(['VC-0009', 'VC-0008']);
    expect(await listResults(db)).toHaveLength(10);
  });
});

describe('purgeExpired', () => {
  it('deletes only synced records older than the retention', async () => {
    const db = await freshDb();
    const now = T0 + 100 * DAY;
    const old = T0; // 100 days before now
    await saveResult(db, record(1, old), old); // old, synced → deleted
    await saveResult(db, record(2, old), old); // old, pending → kept
    await saveResult(db, record(3, old), old); // old, rejected → kept
    await saveResult(db, record(4, now - 10 * DAY), now - 10 * DAY); // recent, synced → kept
    await markSynced(db, 'VC-0001', 1, old + MIN);
    await markRejected(db, 'VC-0003', 1, err);
    await markSynced(db, 'VC-0004', 1, now - 10 * DAY);
    expect(await purgeExpired(db, now, 30)).toBe(1);
    expect(await getResult(db, 'VC-0001')).toBeUndefined();
    for (const id of ['VC-0002', 'VC-0003', 'VC-0004']) expect(await getResult(db, id)).toBeDefined();
    expect(await purgeExpired(db, now, 30)).toBe(0);
  });
});

describe('openResultsDb / scanForStrings', () => {
  it('reopens the same database with its data', async () => {
    const name = `reopen-${Math.random()}`;
    const a = await openResultsDb(name);
    await saveResult(a, record(1), T0);
    a.close();
    const b = await openResultsDb(name);
    expect(await getResult(b, 'VC-0001')).toBeDefined();
  });

  it('finds strings anywhere in any row, and nothing when they are absent', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0, { displayName: 'Alice Example' }), T0);
    await scheduleRetry(db, 'VC-0001', 1, T0 + MIN, { ...err, detail: 'HTTP 503: upstream marmalade' });
    expect(await scanForStrings(db, ['alice example'])).toEqual([{ store: 'results', key: 'VC-0001', needle: 'alice example' }]);
    expect(await scanForStrings(db, ['MARMALADE'])).toHaveLength(1);
    expect(await scanForStrings(db, ['1984-07-23', '4111 1111 1111 1111', 'Blueberry'])).toEqual([]);
  });
});
