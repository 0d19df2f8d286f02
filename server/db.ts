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
];

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
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Number of customers stored (used to decide whether to seed the demo data). */
export function countCustomers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
}
