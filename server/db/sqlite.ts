/**
 * SQLite behind the async query layer (sql.ts), on one better-sqlite3 connection. Statements are
 * prepared once per SQL text and reused, so hot paths prepare nothing. better-sqlite3 is synchronous,
 * but a transaction's callback is async: while one runs, every other query on this handle waits for
 * it (a promise queue), so no request's statements land inside another request's transaction.
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

  constructor(raw: Database.Database, beforeClose: () => Promise<void> = async () => undefined) {
    this.raw = raw;
    this.beforeClose = beforeClose;
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

  /** Wait until no transaction runs on this connection. */
  private async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  async all<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    if (this.busy) await this.idle();
    return this.prepared(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    if (this.busy) await this.idle();
    return this.prepared(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    if (this.busy) await this.idle();
    return this.prepared(sql).run(...params).changes;
  }

  async exec(sql: string): Promise<void> {
    if (this.busy) await this.idle();
    this.raw.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    await this.idle();
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
    await this.beforeClose();
    if (this.raw.open) this.raw.close();
  }
}
