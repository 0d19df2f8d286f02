/**
 * SQLite storage for the reference API: opening the database file (owner-only, WAL) and the
 * versioned schema migrations. Migrations are append-only: never edit one that has shipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** One schema step; `version` values are consecutive, starting at 1. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The ordered schema history. Append new steps at the end. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers',
    sql: `
      CREATE TABLE customers (
        customer_id    TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('person', 'business')),
        first_name     TEXT,
        last_name      TEXT,
        account_name   TEXT,
        role           TEXT,
        account_number TEXT,
        answers_json   TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX customers_last_name_lower ON customers (lower(last_name));
      CREATE INDEX customers_account_number ON customers (account_number);

      CREATE TABLE customer_phones (
        e164        TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        PRIMARY KEY (customer_id, position),
        UNIQUE (customer_id, e164)
      );
      CREATE INDEX customer_phones_e164 ON customer_phones (e164);
    `,
  },
  {
    version: 2,
    name: 'interactions',
    sql: `
      CREATE TABLE interactions (
        interaction_id TEXT PRIMARY KEY,
        body_json      TEXT NOT NULL DEFAULT '{}',
        status         TEXT NOT NULL,
        customer_id    TEXT,
        display_name   TEXT,
        method         TEXT,
        verified_by    TEXT,
        updated_at     TEXT NOT NULL
      );
      CREATE TABLE identify_attempts (
        interaction_id TEXT PRIMARY KEY,
        failures       INTEGER NOT NULL DEFAULT 0,
        updated_at     TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'challenges, lockouts, rate limits, result records',
    // Times in these tables are epoch milliseconds. interactions.source: 'verify' (status from /v1/verify,
    // no result body yet) or 'result' (body_json holds an InteractionResult).
    sql: `
      CREATE TABLE challenges (
        challenge_id   TEXT PRIMARY KEY,
        interaction_id TEXT NOT NULL,
        customer_id    TEXT NOT NULL,
        required_json  TEXT NOT NULL,
        additional_json TEXT NOT NULL,
        needed         INTEGER NOT NULL,
        mode           TEXT NOT NULL CHECK (mode IN ('caller-answer', 'agent-judged')),
        created_at     INTEGER NOT NULL,
        expires_at     INTEGER NOT NULL,
        used           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX challenges_expires_at ON challenges (expires_at);
      CREATE TABLE verify_failures (
        customer_id TEXT NOT NULL,
        failed_at   INTEGER NOT NULL
      );
      CREATE INDEX verify_failures_customer ON verify_failures (customer_id, failed_at);
      CREATE TABLE lockouts (
        customer_id  TEXT PRIMARY KEY,
        locked_until INTEGER NOT NULL
      );
      CREATE TABLE rate_counters (
        bucket       TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      ) WITHOUT ROWID;
      ALTER TABLE interactions ADD COLUMN source TEXT NOT NULL DEFAULT 'verify';
      ALTER TABLE interactions ADD COLUMN agent_id TEXT;
      ALTER TABLE interactions ADD COLUMN opt_out INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE interactions ADD COLUMN ended_at TEXT;
      CREATE INDEX interactions_ended_at ON interactions (ended_at);
    `,
  },
];

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement for `sql`, prepared once per database and reused (hot paths prepare nothing). */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

/** Largest part of the database file read through a memory map. */
export const MMAP_BYTES = 1 << 30;
/** Page cache per connection, in KiB. */
export const CACHE_KIB = 64 * 1024;

/** Create `file` (and its directory) readable by the owner only, unless it already exists. */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
    fs.chmodSync(file, 0o600); // in case the umask was unusual
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Apply every migration newer than the database's current version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = schemaVersion(db);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
  return schemaVersion(db);
}

/** The highest applied migration version (0 for an empty database). */
export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Open (creating if needed, mode 0600) and migrate the database; `':memory:'` for tests. */
export function openDb(file: string): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) createPrivateFile(file);
  const db = new Database(file);
  if (!inMemory) db.pragma('journal_mode = WAL');
  // WAL + NORMAL: commits survive a crash of the process (not of the OS) without an fsync per request.
  db.pragma('synchronous = NORMAL');
  // Read pages through a memory map (no read() call per page) and keep more of them decoded.
  if (!inMemory) db.pragma(`mmap_size = ${MMAP_BYTES}`);
  db.pragma(`cache_size = ${-CACHE_KIB}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Number of customers stored. */
export function countCustomers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
}

/** Whether any customer is stored (cheap on a large database, unlike a count). */
export function hasCustomers(db: Db): boolean {
  return db.prepare('SELECT 1 FROM customers LIMIT 1').get() !== undefined;
}
