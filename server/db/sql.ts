/**
 * The one query layer of the API: every route runs the same SQL (with `?` placeholders) on SQLite
 * (sqlite.ts, embedded, the default) or PostgreSQL (postgres.ts, selected by
 * DATABASE_URL=postgres://…). The SQL is the subset both engines (and core PostgreSQL-compatible
 * services) understand: INSERT … ON CONFLICT … DO UPDATE, RETURNING, no engine-specific functions.
 * Where an engine needs its own words (row locks), the caller asks `forUpdate(db)`.
 */

/** Which engine a database handle talks to. */
type Dialect = 'sqlite' | 'postgres';

/** A bound value. Booleans are stored as 0/1, times as epoch ms or ISO text. */
export type Param = string | number | null;

/** Queries on a database or inside one of its transactions. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Every row the statement returns. */
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** The first row the statement returns, if any. */
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Run a statement that returns no rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Run one or more statements without parameters (schema changes). */
  exec(sql: string): Promise<void>;
}

/** An open database: queries, transactions and closing. */
export interface Db extends Queryable {
  /** False once close() was called. */
  readonly open: boolean;
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws. Writers are
   * serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: row locks), and transient conflicts are retried.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Close the connection(s); queries after this reject. */
  close(): Promise<void>;
}

/** ` FOR UPDATE` where the engine locks rows read in a transaction (PostgreSQL); SQLite locks the whole file. */
export function forUpdate(db: Queryable, of?: string): string {
  if (db.dialect !== 'postgres') return '';
  return of === undefined ? ' FOR UPDATE' : ` FOR UPDATE OF ${of}`;
}

/** Whether `err` is a unique/primary-key violation (both engines). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** `(?, ?, ?), (?, ?, ?)`: placeholders for a multi-row VALUES list. */
export function valuesList(rows: number, columns: number): string {
  const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}
