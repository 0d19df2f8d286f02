/**
 * PostgreSQL behind the async query layer (sql.ts), through a `pg` connection pool. The shared
 * SQL uses `?` placeholders; they are rewritten to `$1, $2, …` once per SQL text, and each text runs as
 * a named prepared statement (parsed and planned once per connection). BIGINT and NUMERIC results
 * (counts, epoch-ms times) come back as JS numbers, as they do from SQLite. Only core PostgreSQL is
 * used: no extensions, no advisory locks, no LISTEN/NOTIFY.
 */
import pg from 'pg';
import type { Db, Param, Queryable } from './sql.ts';

/** PostgreSQL error codes worth retrying a whole transaction for: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 5;

/** Integers (int8) and numerics as numbers: our counts and epoch-ms times stay far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Rewrite `?` placeholders (outside quotes) to `$1, $2, …`. */
export function toDollarParams(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Pool settings for a postgres:// URL; `max` connections (env DATABASE_POOL_MAX, default 10). */
export function poolConfig(url: string, max = Number(process.env.DATABASE_POOL_MAX ?? 10)): pg.PoolConfig {
  return { connectionString: url, max, types: TYPES, idleTimeoutMillis: 30_000 };
}

/** A Db on a PostgreSQL pool. */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  private readonly texts = new Map<string, { name: string; text: string }>();
  private closed = false;
  private readonly direct: Queryable;

  constructor(config: pg.PoolConfig) {
    this.pool = new pg.Pool(config);
    this.direct = this.on(this.pool);
    // An idle client losing its connection (server restart, failover) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  get open(): boolean {
    return !this.closed;
  }

  /** The prepared-statement name and $n text of `sql`. */
  private query(sql: string, params: readonly Param[]): pg.QueryConfig {
    let q = this.texts.get(sql);
    if (!q) this.texts.set(sql, (q = { name: `cv${this.texts.size + 1}`, text: toDollarParams(sql) }));
    return { name: q.name, text: q.text, values: params as Param[] };
  }

  /** Queries on one client (a transaction's). */
  private on(client: pg.PoolClient | pg.Pool): Queryable {
    return {
      dialect: 'postgres',
      all: async <T>(sql: string, params: readonly Param[] = []) => (await client.query(this.query(sql, params))).rows as T[],
      get: async <T>(sql: string, params: readonly Param[] = []) => (await client.query(this.query(sql, params))).rows[0] as T | undefined,
      run: async (sql: string, params: readonly Param[] = []) => (await client.query(this.query(sql, params))).rowCount ?? 0,
      exec: async (sql: string) => void (await client.query(sql)),
    };
  }

  all = <T>(sql: string, params?: readonly Param[]): Promise<T[]> => this.direct.all<T>(sql, params);
  get = <T>(sql: string, params?: readonly Param[]): Promise<T | undefined> => this.direct.get<T>(sql, params);
  run = (sql: string, params?: readonly Param[]): Promise<number> => this.direct.run(sql, params);
  exec = (sql: string): Promise<void> => this.direct.exec(sql);

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn(this.on(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
        const code = (err as { code?: string }).code;
        if (code !== undefined && RETRYABLE.has(code) && attempt < MAX_TX_ATTEMPTS) continue;
        throw err;
      } finally {
        client.release(broken); // a client whose ROLLBACK failed is discarded, not reused
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
