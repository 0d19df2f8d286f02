/**
 * SQLite behind the async query layer (sql.ts), on one better-sqlite3 connection. Statements are
 * prepared once per SQL text and reused, so hot paths prepare nothing. better-sqlite3 is synchronous,
 * but a transaction's callback is async: while one runs, every other query on this handle waits for
 * it (a promise queue), so no request's statements land inside another request's transaction.
 *
 * Read-only statements outside a transaction share one read transaction per turn of the event loop: the first
 * opens it (BEGIN), setImmediate commits it, after every request handled in that turn. Each statement on its own
 * takes and releases the WAL read lock (shared-memory reads and two fcntl calls); on the 200,000-customer database
 * identify's statement costs 17 µs alone, 10 µs four to a transaction, 8 µs sixteen to one (the bench's identify
 * load made 15 reads a turn; a read alone in its turn costs 2-3 µs more than before). The reads of a turn see
 * one snapshot, taken at its first read (a replica's write in that turn shows at the next); a statement that
 * writes (RETURNING too), a transaction, exec and close first commit the read transaction, so writes still commit
 * on their own, before their answer, and are seen by every read after them.
 */
import Database from 'better-sqlite3';
import type { Db, Param, Queryable } from './sql.ts';

/** A Db on an open better-sqlite3 connection. */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  /** The underlying connection, for SQLite-only work (pragmas, bulk loading, tests). */
  readonly raw: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Settled when the running transaction ends; undefined when none runs. */
  private busy: Promise<void> | undefined;
  private readonly inTx: Queryable;
  /** Stops what runs beside the connection (the WAL checkpointer) before it closes. */
  private readonly beforeClose: () => Promise<void>;
  /** Whether this turn's read transaction is open (see the file comment). */
  private reading = false;
  private readonly beginRead: Database.Statement;
  private readonly commitRead: Database.Statement;

  constructor(raw: Database.Database, beforeClose: () => Promise<void> = async () => undefined) {
    this.raw = raw;
    this.beforeClose = beforeClose;
    this.beginRead = raw.prepare('BEGIN');
    this.commitRead = raw.prepare('COMMIT');
    this.inTx = {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: readonly Param[] = []) => this.prepared(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly Param[] = []) => this.prepared(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly Param[] = []) => this.prepared(sql).run(...params).changes,
      exec: async (sql: string) => void this.raw.exec(sql),
    };
  }

  get open(): boolean {
    return this.raw.open;
  }

  /** The prepared statement for `sql` (prepared on first use). */
  private prepared(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.raw.prepare(sql)));
    return s;
  }

  /** The prepared statement for `sql`, in this turn's read transaction when it only reads, else after committing it. */
  private statement(sql: string): Database.Statement {
    const s = this.prepared(sql);
    if (!s.readonly) this.endRead();
    else if (!this.reading && !this.raw.inTransaction) {
      this.beginRead.run();
      this.reading = true;
      setImmediate(this.endRead);
    }
    return s;
  }

  /** Commit this turn's read transaction, if open (nothing to write: it only ends the snapshot). */
  private readonly endRead = (): void => {
    if (!this.reading) return;
    this.reading = false;
    if (this.raw.open && this.raw.inTransaction) this.commitRead.run();
  };

  /** Wait until no transaction runs on this connection. */
  private async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  async all<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    if (this.busy) await this.idle();
    return this.statement(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    if (this.busy) await this.idle();
    return this.statement(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    if (this.busy) await this.idle();
    return this.statement(sql).run(...params).changes;
  }

  async exec(sql: string): Promise<void> {
    if (this.busy) await this.idle();
    this.endRead();
    this.raw.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    await this.idle();
    this.endRead();
    let release = (): void => undefined;
    this.busy = new Promise<void>((resolve) => (release = resolve));
    try {
      // IMMEDIATE: take the write lock up front, so two processes on one file never deadlock upgrading.
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.inTx);
        this.raw.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.busy = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    this.endRead();
    await this.beforeClose();
    if (this.raw.open) this.raw.close();
  }
}
