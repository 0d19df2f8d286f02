import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../../lib/api/client.ts';
import { flushOutbox, nextWakeUp, type FlushOptions } from '../../../../lib/results/outbox.ts';
import { getResult, listResults, openResultsDb, requeueRejected, saveResult } from '../../../../lib/results/store.ts';
import { clock, DAY, failure, freshDb, MIN, OK, record, T0 } from './helpers.ts';
import { alarmLoop, fakeApi, seeded, states } from './outbox-fakes.ts';

const HOUR = 60 * MIN;

describe('flushOutbox', () => {
  it('delivers all 200 results finished while the API was down, each exactly once, none lost', async () => {
    const db = await freshDb();
    const c = clock();
    let up = false;
    const api = fakeApi(() => (up ? OK : failure('offline')));
    const opts: FlushOptions = { db, now: c.now, put: api.put, random: seeded(1) };
    for (let n = 0; n < 200; n++) {
      c.advance(20_000);
      await saveResult(db, record(n, c.now()), c.now());
      await flushOutbox(opts); // the background flushes at the end of every call
    }
    await alarmLoop(opts, c, c.now() + 3 * HOUR); // three more hours of outage
    expect(new Set(await states(db))).toEqual(new Set(['pending']));
    expect(api.successes.size).toBe(0);
    const rows = await listResults(db);
    expect(Math.max(...rows.map((r) => r.sync.attempts))).toBeGreaterThan(5);
    for (const r of rows) expect(r.sync.nextAttemptAt - c.now()).toBeLessThanOrEqual(HOUR);

    up = true;
    const upAt = c.now();
    await alarmLoop(opts, c, Infinity);
    expect(await nextWakeUp(db)).toBeUndefined();
    expect(c.now() - upAt).toBeLessThanOrEqual(HOUR + 30_000); // nothing waits longer than the cap
    expect(await states(db)).toEqual(Array(200).fill('synced'));
    expect(api.successes.size).toBe(200);
    for (const n of api.successes.values()) expect(n).toBe(1);
  }, 30_000); // 200 records through fake-indexeddb: ~3.5 s idle, over 5 s under CI load

  it('ends a flush after 3 failures in a row while the API is down, leaving the rest due', async () => {
    const db = await freshDb();
    for (let n = 0; n < 10; n++) await saveResult(db, record(n), T0);
    const api = fakeApi(() => failure('timeout'));
    const report = await flushOutbox({ db, now: () => T0, put: api.put, random: () => 0.5 });
    expect(report).toMatchObject({ retrying: 3, stoppedEarly: true });
    expect([...api.calls.values()].reduce((a, b) => a + b)).toBe(3);
    expect(await nextWakeUp(db)).toBe(T0);
    const all = await flushOutbox({ db, now: () => T0, put: api.put, random: () => 0.5, maxFailuresInRow: Infinity });
    expect(all).toMatchObject({ retrying: 7, stoppedEarly: false });
  });

  it('keeps retrying one failing record with growing, capped, jittered delays and never gives up', async () => {
    const db = await freshDb();
    const c = clock();
    await saveResult(db, record(1), c.now());
    const api = fakeApi(() => failure('server_error', 503));
    const random = seeded(3);
    for (let attempt = 1; attempt <= 30; attempt++) {
      c.set((await nextWakeUp(db))!);
      await flushOutbox({ db, now: c.now, put: api.put, random });
      const row = (await getResult(db, 'VC-0001'))!;
      expect(row.sync).toMatchObject({ state: 'pending', attempts: attempt });
      const wait = row.sync.nextAttemptAt - c.now();
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(Math.min(HOUR, 5_000 * 2 ** (attempt - 1)));
    }
    expect(api.calls.get('VC-0001')).toBe(30);
  });

  it('leaves records pending when a flush is interrupted mid-way; a later flush completes', async () => {
    const db = await freshDb();
    for (let n = 0; n < 10; n++) await saveResult(db, record(n), T0);
    let calls = 0;
    const dying = fakeApi(() => {
      if (++calls === 5) throw new Error('worker stopped');
      return OK;
    });
    await expect(flushOutbox({ db, now: () => T0, put: dying.put, random: Math.random })).rejects.toThrow('worker stopped');
    expect((await states(db)).filter((s) => s === 'synced')).toHaveLength(4);
    const healthy = fakeApi(() => OK);
    const report = await flushOutbox({ db, now: () => T0 + 1, put: healthy.put, random: Math.random });
    expect(report.synced).toBe(6);
    expect(await states(db)).toEqual(Array(10).fill('synced'));
    expect(new Set([...dying.successes.keys(), ...healthy.successes.keys()]).size).toBe(10);
  });

  it('survives a worker killed while a PUT is in flight: a new worker re-sends, duplicates are harmless', async () => {
    const name = `killed-${Math.random()}`;
    const db1 = await openResultsDb(name);
    for (let n = 0; n < 10; n++) await saveResult(db1, record(n), T0);
    let release: (r: ApiResult<unknown>) => void = () => {};
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    let calls = 0;
    const old = fakeApi(() => (++calls === 3 ? new Promise((resolve) => { release = resolve; hung(); }) : OK));
    const oldFlush = flushOutbox({ db: db1, now: () => T0, put: old.put, random: Math.random });
    await hanging; // the old worker is "dead" while its third PUT hangs

    const db2 = await openResultsDb(name);
    const fresh = fakeApi(() => OK);
    expect((await flushOutbox({ db: db2, now: () => T0 + MIN, put: fresh.put, random: Math.random })).synced).toBe(8);
    expect(await states(db2)).toEqual(Array(10).fill('synced'));

    release(OK); // the old PUT completes after all: nothing else is sent
    await oldFlush;
    expect([...old.calls.values()].reduce((a, b) => a + b)).toBe(3);
    const both = (id: string) => (old.calls.get(id) ?? 0) + (fresh.calls.get(id) ?? 0);
    expect(both('VC-0002')).toBe(2);
    for (const id of ['VC-0000', 'VC-0001', 'VC-0003', 'VC-0009']) expect(both(id)).toBe(1);
  });

  it('parks rejected records (4xx) and never retries them until requeued', async () => {
    const db = await freshDb();
    for (const n of [1, 2, 3]) await saveResult(db, record(n), T0);
    let accept = false;
    const api = fakeApi((r) => (r.interactionId === 'VC-0002' && !accept ? failure('rejected', 400) : OK));
    expect(await flushOutbox({ db, now: () => T0, put: api.put, random: Math.random })).toMatchObject({ synced: 2, rejected: 1 });
    const row = (await getResult(db, 'VC-0002'))!;
    expect(row.sync).toMatchObject({ state: 'rejected', lastError: { status: 400 } });
    expect(await nextWakeUp(db)).toBeUndefined();
    for (const t of [T0 + HOUR, T0 + DAY, T0 + 30 * DAY]) await flushOutbox({ db, now: () => t, put: api.put, random: Math.random });
    expect(api.calls.get('VC-0002')).toBe(1);

    accept = true;
    expect(await requeueRejected(db, T0 + 31 * DAY)).toBe(1);
    await flushOutbox({ db, now: () => T0 + 31 * DAY, put: api.put, random: Math.random });
    expect((await getResult(db, 'VC-0002'))!.sync.state).toBe('synced');
  });

  it('counts a 409 as delivered, keeping the conflict for support', async () => {
    const db = await freshDb();
    await saveResult(db, record(1), T0);
    const api = fakeApi(() => failure('rejected', 409));
    expect(await flushOutbox({ db, now: () => T0, put: api.put, random: Math.random })).toMatchObject({ conflicts: 1, synced: 0 });
    expect((await getResult(db, 'VC-0001'))!.sync).toMatchObject({ state: 'synced', conflict: true, lastError: { status: 409 } });
    await flushOutbox({ db, now: () => T0 + DAY, put: api.put, random: Math.random });
    expect(api.calls.get('VC-0001')).toBe(1);
  });

  it('does not mark a record synced when it was replaced while its old version was in flight', async () => {
    const db = await freshDb();
    await saveResult(db, record(1, T0, { outcome: 'identified' }), T0);
    const v2 = record(1, T0 + MIN);
    let first = true;
    const api = fakeApi(async () => {
      if (first) {
        first = false;
        await saveResult(db, v2, T0 + MIN);
      }
      return OK;
    });
    await flushOutbox({ db, now: () => T0 + MIN, put: api.put, random: Math.random });
    expect((await getResult(db, 'VC-0001'))!.sync).toMatchObject({ state: 'pending', revision: 2 });
    await flushOutbox({ db, now: () => T0 + 2 * MIN, put: api.put, random: Math.random });
    expect(api.bodies.map((b) => b.outcome)).toEqual(['identified', 'verified']);
    expect((await getResult(db, 'VC-0001'))!.sync.state).toBe('synced');
  });

  it('runs one flush at a time: a second call joins and picks up what was saved meanwhile', async () => {
    const db = await freshDb();
    for (let n = 0; n < 5; n++) await saveResult(db, record(n), T0);
    let saved = false;
    const api = fakeApi(async (r) => {
      if (r.interactionId === 'VC-0002' && !saved) {
        saved = true;
        await saveResult(db, record(99), T0);
        void flushOutbox({ db, now: () => T0, put: api.put, random: Math.random }); // as the background would
      }
      return OK;
    });
    const a = flushOutbox({ db, now: () => T0, put: api.put, random: Math.random });
    const b = flushOutbox({ db, now: () => T0, put: api.put, random: Math.random });
    expect(b).toBe(a);
    expect((await a).synced).toBe(6);
    expect(api.stats.maxInFlight).toBe(1);
    expect([...api.calls.values()]).toEqual(Array(6).fill(1));
  });

  it('nextWakeUp tells when the next attempt is due', async () => {
    const db = await freshDb();
    expect(await nextWakeUp(db)).toBeUndefined();
    await saveResult(db, record(1), T0);
    expect(await nextWakeUp(db)).toBe(T0);
    await flushOutbox({ db, now: () => T0, put: fakeApi(() => failure('offline')).put, random: () => 0.5 });
    expect(await nextWakeUp(db)).toBe(T0 + 2_500);
    await flushOutbox({ db, now: () => T0 + 2_500, put: fakeApi(() => OK).put, random: () => 0.5 });
    expect(await nextWakeUp(db)).toBeUndefined();
  });
});
