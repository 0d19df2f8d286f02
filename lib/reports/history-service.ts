/**
 * The Reports page's history worker (entrypoints/reports/history-worker.ts runs this): it reads every
 * record (load.ts) off the page's main thread, keeps the rows in a HistoryView, and answers the page's
 * requests (history-protocol.ts): the rows in view, a new filter or sort, an export file. Reading
 * 100,000 records is seconds of structured-clone work; in the page it blocked scrolling and input
 * (long tasks while loading), here it blocks nothing the agent sees, and the page holds a screenful.
 */
import { toCsv } from './export';
import { HistoryView } from './history';
import { errorText, HistoryRequest, type ExportReply, type HistoryReply, type HistoryState, type RowsReply } from './history-protocol';
import { loadAllRows } from './load';

/** The worker's global scope, or one end of a MessageChannel in tests. */
export interface HistoryPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface ServeOptions {
  /** The results database (tests use their own). */
  dbName?: string;
  /** While reading, the view is recomputed and posted at most this often. */
  progressEveryMs?: number;
}

/** The bytes of an export as an ArrayBuffer of their own, so they can be transferred rather than copied. */
function ownBuffer(data: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return bytes.byteOffset === 0 && bytes.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer ? data.buffer : bytes.slice().buffer;
}

/** Answer history requests arriving on `port` until the worker ends. */
export function serveHistory(port: HistoryPort, opts: ServeOptions = {}): void {
  const every = opts.progressEveryMs ?? 250;
  const view = new HistoryView();
  let loaded = 0;
  let done = false;
  let error: string | undefined;
  let run = 0; // the current load: progress of one superseded by a newer load is dropped

  const post = (): void => {
    const state: HistoryState = { type: 'history.state', version: view.version, query: view.query, count: view.count, loaded, done, ...(error === undefined ? {} : { error }) };
    port.postMessage(state);
  };

  const load = async (): Promise<number> => {
    const mine = ++run;
    loaded = 0;
    done = false;
    error = undefined;
    view.setRows([]);
    post();
    let postedAt = -Infinity;
    try {
      const rows = await loadAllRows((p) => {
        if (mine !== run || (!p.done && Date.now() - postedAt < every)) return;
        postedAt = Date.now();
        loaded = p.loaded;
        done = p.done;
        view.setRows(p.rows);
        post();
      }, opts.dbName);
      return rows.length;
    } catch (err) {
      if (mine === run) {
        error = errorText(err);
        done = true;
        post();
      }
      throw err;
    }
  };

  const handle = async (req: HistoryRequest): Promise<{ result: unknown; transfer?: Transferable[] }> => {
    switch (req.type) {
      case 'history.load':
        return { result: await load() };
      case 'history.query':
        view.setQuery(req.filter, req.sort);
        post();
        return { result: null };
      case 'history.rows': {
        const rows = view.window(req.first, req.last);
        const reply: RowsReply = { version: view.version, query: view.query, first: Math.min(req.first, view.count), rows };
        return { result: reply };
      }
      case 'history.export': {
        if (!done || error !== undefined) throw new Error('the history is not fully read yet');
        const table = view.exportTable(); // the view as it is now; a later query does not change this file
        const data = req.format === 'csv'
          ? ownBuffer(new TextEncoder().encode(toCsv(table)))
          : ownBuffer(await (await import('./xlsx')).toXlsx(table));
        const reply: ExportReply = { data, count: table.rows.length };
        return { result: reply, transfer: [data] };
      }
    }
  };

  port.addEventListener('message', (event) => {
    const parsed = HistoryRequest.safeParse(event.data);
    if (!parsed.success) {
      const id = (event.data as { id?: unknown } | null)?.id;
      // Refused, never acted on; answered when it names a request id so the caller does not wait forever.
      if (typeof id === 'number') port.postMessage({ type: 'history.reply', id, ok: false, error: 'refused: not a history request' } satisfies HistoryReply);
      return;
    }
    const req = parsed.data;
    handle(req).then(
      ({ result, transfer }) => port.postMessage({ type: 'history.reply', id: req.id, ok: true, result } satisfies HistoryReply, transfer ?? []),
      (err: unknown) => port.postMessage({ type: 'history.reply', id: req.id, ok: false, error: errorText(err) } satisfies HistoryReply),
    );
  });
}
