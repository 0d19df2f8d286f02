/**
 * Opening the API's database and migrating it. SQLite (the embedded default): a file created
 * owner-only, in WAL mode. PostgreSQL: a `postgres://` URL (DATABASE_URL). Both go through the query
 * layer of sql.ts and the one schema history of migrations.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PostgresDb, poolConfig } from './postgres.ts';
import { SqliteDb } from './sqlite.ts';
import { startCheckpointer } from './checkpointer.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { isUniqueViolation, type Db, type Queryable } from './sql.ts';

export type { Db } from './sql.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';

/** Largest part of the database file read through a memory map. */
const MMAP_BYTES = 1 << 30;
/** Page cache per connection, in KiB. */
const CACHE_KIB = 64 * 1024;

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

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Apply every migration newer than the database's current version, each in its own transaction.
 * Replicas starting together are safe: a step is claimed by inserting its schema_migrations row first,
 * so a second replica waits for the first one's commit and then skips the step (unique violation).
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  try {
    await db.exec(MIGRATIONS_TABLE);
  } catch (err) {
    // Two PostgreSQL sessions creating the table at once: the loser fails on the catalog's unique index
    // (23505) or, depending on when it looks, with "type/relation already exists" (42710, 42P07).
    const code = (err as { code?: unknown } | null)?.code;
    if (!isUniqueViolation(err) && code !== '42710' && code !== '42P07') throw err;
  }
  const current = await schemaVersion(db);
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
        await tx.exec(db.dialect === 'postgres' ? (m.postgres ?? m.sql) : m.sql);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another replica applied this step meanwhile
    }
  }
  return schemaVersion(db);
}

/** The highest applied migration version (0 for an empty database). */
export async function schemaVersion(db: Queryable): Promise<number> {
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return row?.v ?? 0;
}

/** Open (creating if needed, mode 0600) a SQLite file, unmigrated; `':memory:'` for tests. */
export function openSqlite(file: string): SqliteDb {
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
  if (inMemory) return new SqliteDb(db);
  const checkpointer = startCheckpointer(file);
  return new SqliteDb(db, () => checkpointer.stop());
}

/** Whether `target` names a PostgreSQL database (a postgres:// or postgresql:// URL). */
function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** Open and migrate a database: a PostgreSQL URL, or else a SQLite file (`':memory:'` for tests). */
export async function openDb(target: string): Promise<Db> {
  const db: Db = isPostgresUrl(target) ? new PostgresDb(poolConfig(target)) : openSqlite(target);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** Number of customers stored. */
export async function countCustomers(db: Queryable): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM customers'))?.n ?? 0;
}

/** Whether any customer is stored (cheap on a large database, unlike a count). */
export async function hasCustomers(db: Queryable): Promise<boolean> {
  return (await db.get('SELECT 1 AS one FROM customers LIMIT 1')) !== undefined;
}
