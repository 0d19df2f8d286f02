/**
 * The Reports page's side of its history worker (history-service.ts): requests become promises, and
 * the worker's state (rows read, rows in view, versions) goes to subscribers. If the worker fails to
 * start or dies, every pending request is rejected and the state carries the error, so the page says
 * so instead of waiting for ever.
 */
import type { ReportFilter, SortSpec } from './filter';
import type { ExportReply, HistoryReply, HistoryRequest, HistoryState, RowsReply } from './history-protocol';

/** A dedicated Worker, or one end of a MessageChannel in tests. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  terminate?(): void;
}

type Body<R> = R extends HistoryRequest ? Omit<R, 'id'> : never;
type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

export const INITIAL_STATE: HistoryState = { type: 'history.state', version: 0, query: 0, count: 0, loaded: 0, done: false };

/** Promise-based access to the history worker. */
export class HistoryClient {
  state: HistoryState = INITIAL_STATE;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(state: HistoryState) => void>();
  /** The worker failed or was closed: nothing more will be answered. */
  private stopped = false;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (event) => this.receive((event as MessageEvent).data as HistoryState | HistoryReply));
    worker.addEventListener('error', (event) => this.fail((event as ErrorEvent).message || 'the history reader stopped'));
  }

  /** Call `listener` with the current state now and with every new one; returns the unsubscribe. */
  subscribe(listener: (state: HistoryState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => void this.listeners.delete(listener);
  }

  /** (Re)read every record; resolves with the number read. */
  load(): Promise<number> {
    return this.call({ type: 'history.load' }) as Promise<number>;
  }

  /** Show the rows matching `filter`, sorted by `sort`. */
  async query(filter: ReportFilter, sort: SortSpec): Promise<void> {
    await this.call({ type: 'history.query', filter, sort });
  }

  /** The view's rows [first, last), with the versions they belong to. */
  rows(first: number, last: number): Promise<RowsReply> {
    return this.call({ type: 'history.rows', first, last }) as Promise<RowsReply>;
  }

  /** The whole view as a CSV or XLSX file. */
  export(format: 'csv' | 'xlsx'): Promise<ExportReply> {
    return this.call({ type: 'history.export', format }) as Promise<ExportReply>;
  }

  /** Stop the worker; pending requests are rejected. */
  close(): void {
    this.worker.terminate?.();
    this.fail('closed');
  }

  private call(body: Body<HistoryRequest>): Promise<unknown> {
    if (this.stopped) return Promise.reject(new Error(this.state.error ?? 'the history reader stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  private receive(data: HistoryState | HistoryReply): void {
    if (data?.type === 'history.state') return this.emit(data);
    if (data?.type !== 'history.reply') return;
    const waiting = this.pending.get(data.id);
    if (!waiting) return;
    this.pending.delete(data.id);
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new Error(data.error));
  }

  private fail(reason: string): void {
    this.stopped = true;
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
    this.emit({ ...this.state, done: true, error: reason });
  }

  private emit(state: HistoryState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
