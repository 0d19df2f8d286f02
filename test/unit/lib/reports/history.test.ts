/**
 * The history worker's pieces: HistoryView (the view it keeps), and the service and client talking over
 * a real MessageChannel to an IndexedDB store (fake-indexeddb), as the page and its worker do.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../results/helpers.ts';
import { row, stored, optOut, T0 } from './helpers.ts';
import { HistoryView, MAX_WINDOW } from '../../../../lib/reports/history.ts';
import { serveHistory, type HistoryPort } from '../../../../lib/reports/history-service.ts';
import { HistoryClient, type WorkerLike } from '../../../../lib/reports/history-client.ts';
import type { HistoryState } from '../../../../lib/reports/history-protocol.ts';
import { applyFilter, DEFAULT_SORT, EMPTY_FILTER, sortRows } from '../../../../lib/reports/filter.ts';
import { exportTable, toCsv } from '../../../../lib/reports/export.ts';
import { parseCsv, fromXlsx } from '../../../export-readers.ts';
import { loadRows } from '../../../../lib/reports/load.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? optOut(n - i, T0 + (n - i) * 1000) : row(n - i)));

describe('HistoryView', () => {
  it('keeps the rows newest first by default and counts versions and queries', () => {
    const view = new HistoryView();
    const all = rows(30);
    view.setRows(all);
    expect(view.count).toBe(30);
    expect(view.window(0, 30)).toEqual(all);
    expect([view.version, view.query]).toEqual([1, 0]);
    view.setQuery({ ...EMPTY_FILTER, outcome: 'not_identified' }, { key: 'customer', dir: 'asc' });
    expect([view.version, view.query]).toEqual([2, 1]);
    const want = sortRows(applyFilter(all, { ...EMPTY_FILTER, outcome: 'not_identified' }), { key: 'customer', dir: 'asc' });
    expect(view.count).toBe(10);
    expect(view.window(0, 100)).toEqual(want);
    view.setRows(all.slice(0, 15)); // more rows read (or fewer, after a refresh): the query stays
    expect([view.version, view.query, view.count]).toEqual([3, 1, 5]);
    expect(view.exportTable()).toEqual(exportTable(view.window(0, 100)));
  });

  it('clamps windows to the view and to MAX_WINDOW rows', () => {
    const view = new HistoryView();
    view.setRows(rows(MAX_WINDOW + 50));
    expect(view.window(MAX_WINDOW + 40, MAX_WINDOW + 99)).toHaveLength(10);
    expect(view.window(5000, 6000)).toEqual([]);
    expect(view.window(0, 5000)).toHaveLength(MAX_WINDOW);
    expect(view.window(20, 10)).toEqual([]);
  });
});

/** A service on one end of a channel, a client on the other. */
function connect(dbName: string, progressEveryMs = 0): { client: HistoryClient; states: HistoryState[]; raw: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  port1.start();
  port2.start();
  serveHistory(port1 as unknown as HistoryPort, { dbName, progressEveryMs });
  const client = new HistoryClient(port2 as unknown as WorkerLike);
  const states: HistoryState[] = [];
  client.subscribe((s) => states.push(s));
  open.push(port1, port2);
  return { client, states, raw: port2 };
}
const open: MessagePort[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

async function seeded(n: number): Promise<string> {
  const db = await freshDb();
  const tx = db.transaction('results', 'readwrite');
  for (let i = 1; i <= n; i++) void tx.store.put(stored(i, T0 + Math.floor(i / 3) * 1000, i % 4 === 0 ? { outcome: 'identified', factorsPassed: [] } : {}));
  await tx.done;
  const name = db.name;
  db.close();
  return name;
}

describe('history service and client over a MessageChannel', () => {
  it('reads every record, reports progress, and serves windows, queries and exports', async () => {
    const name = await seeded(1200);
    const { client, states } = connect(name);
    expect(await client.load()).toBe(1200);
    const last = states[states.length - 1] as HistoryState;
    expect(last).toMatchObject({ loaded: 1200, count: 1200, done: true });
    expect(last.error).toBeUndefined();
    expect(states.some((s) => !s.done && s.loaded > 0 && s.loaded < 1200)).toBe(true); // progress before the end

    const db = await (await import('../../../../lib/results/store.ts')).openResultsDb(name);
    const all = await loadRows(db);
    db.close();
    const first = await client.rows(0, 25);
    expect(first).toMatchObject({ first: 0, version: last.version, query: last.query });
    expect(first.rows).toEqual(all.slice(0, 25));
    expect((await client.rows(1190, 1300)).rows).toEqual(all.slice(1190));

    const filter = { ...EMPTY_FILTER, outcome: 'identified' as const };
    const sort = { key: 'endedAt' as const, dir: 'asc' as const };
    await client.query(filter, sort);
    const want = sortRows(applyFilter(all, filter), sort);
    expect(client.state).toMatchObject({ count: want.length, query: last.query + 1 });
    expect((await client.rows(0, 1000)).rows).toEqual(want);

    const csv = await client.export('csv');
    expect(csv.count).toBe(want.length);
    expect(csv.data).toBeInstanceOf(ArrayBuffer);
    expect(parseCsv(new TextDecoder().decode(csv.data))).toEqual(parseCsv(toCsv(exportTable(want))));
    const xlsx = await client.export('xlsx');
    const table = exportTable(want);
    expect(await fromXlsx(xlsx.data)).toEqual(table);
  }, 30_000);

  it('refuses unknown and malformed requests, answering those with an id', async () => {
    const name = await seeded(5);
    const { client, raw } = connect(name);
    const replies: unknown[] = [];
    raw.addEventListener('message', (e) => replies.push((e as MessageEvent).data));
    raw.postMessage({ type: 'history.drop', id: 900 });
    raw.postMessage({ type: 'history.rows', id: 901, first: -1, last: 10 });
    raw.postMessage({ type: 'history.query', id: 902, filter: EMPTY_FILTER, sort: { key: 'answer', dir: 'asc' } });
    raw.postMessage({ type: 'history.rows', first: 0, last: 10 }); // no id: nobody to answer
    await expect(client.rows(0, 10)).resolves.toMatchObject({ rows: [] }); // nothing read yet
    const errors = replies.filter((r) => (r as { ok?: boolean }).ok === false).map((r) => (r as { id: number }).id);
    expect(errors).toEqual([900, 901, 902]);
  });

  it('will not export before every record is read', async () => {
    const { client } = connect(await seeded(3));
    await expect(client.export('csv')).rejects.toThrow(/not fully read/);
  });

  it('a second load supersedes the first: the final state counts each record once', async () => {
    const { client, states } = connect(await seeded(600));
    const [a, b] = await Promise.all([client.load(), client.load()]);
    expect([a, b]).toEqual([600, 600]);
    expect(states[states.length - 1]).toMatchObject({ loaded: 600, count: 600, done: true });
    // After the second load's reset, only its own progress shows: the counts never go back.
    const resets = states.map((s, i) => (s.loaded === 0 && !s.done ? i : -1)).filter((i) => i >= 0);
    const after = states.slice(resets[resets.length - 1]).map((s) => s.loaded);
    expect(after.length).toBeGreaterThan(3);
    expect(after).toEqual([...after].sort((x, y) => x - y));
  }, 30_000);

  it('a worker that dies rejects what is pending and every later request, and says why', async () => {
    const target = new EventTarget();
    const worker: WorkerLike = { postMessage: () => undefined, addEventListener: (type, l) => target.addEventListener(type, l) };
    const client = new HistoryClient(worker);
    const pending = client.rows(0, 10);
    const event = new Event('error') as Event & { message: string };
    event.message = 'SyntaxError in history-worker.js';
    target.dispatchEvent(event);
    await expect(pending).rejects.toThrow('SyntaxError in history-worker.js');
    expect(client.state).toMatchObject({ done: true, error: 'SyntaxError in history-worker.js' });
    await expect(client.load()).rejects.toThrow('SyntaxError');
  });

  it('default sort and empty filter after a refresh keep the newest first', async () => {
    const { client } = connect(await seeded(40));
    await client.query(EMPTY_FILTER, DEFAULT_SORT);
    await client.load();
    const { rows: got } = await client.rows(0, 40);
    expect(got.map((r) => r.endedAtMs)).toEqual([...got.map((r) => r.endedAtMs)].sort((x, y) => y - x));
  });
});
