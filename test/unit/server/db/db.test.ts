import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FIND_BY_PHONE_SQL } from '../../../../server/domain/customers.ts';
import { MIGRATIONS, migrate, openDb, openSqlite, schemaVersion, type Db } from '../../../../server/db/open.ts';
import { toDollarParams } from '../../../../server/db/postgres.ts';
import type { SqliteDb } from '../../../../server/db/sqlite.ts';
import { freshTarget } from '../backends.ts';
import { currentBackend, forEachBackend } from '../helpers.ts';

const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

async function open(target: string): Promise<Db> {
  const db = await openDb(target);
  opened.push(db);
  return db;
}

/** `db` with its exec replaced (a Proxy: the handles' methods live on their prototypes). */
function withExec(db: Db, exec: (sql: string) => Promise<void>): Db {
  return new Proxy(db, { get: (target, key) => (key === 'exec' ? exec : Reflect.get(target, key)) });
}

/** Names of the tables in the database (either engine). */
async function tables(db: Db): Promise<string[]> {
  const sql =
    db.dialect === 'postgres'
      ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()'
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  return (await db.all<{ name: string }>(sql)).map((t) => t.name);
}

forEachBackend(() => {
  describe('migrations', () => {
    it('applies every migration once and records it', async () => {
      const target = await freshTarget(currentBackend());
      const db = await open(target);
      expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(await tables(db)).toEqual(
        expect.arrayContaining(['schema_migrations', 'customers', 'customer_phones', 'interactions', 'identify_attempts', 'rate_counters']),
      );
      await db.close();
      const again = await open(target);
      expect(await migrate(again)).toBe(MIGRATIONS.length);
      expect(await again.get('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual({ n: MIGRATIONS.length });
    });

    it('applies only the migrations newer than the stored version', async () => {
      const db = await open(await freshTarget(currentBackend()));
      const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
      expect(await migrate(db, extra)).toBe(MIGRATIONS.length + 1);
      expect(await migrate(db, extra)).toBe(MIGRATIONS.length + 1);
    });

    it('lets replicas start together: concurrent migrations of one empty database both succeed', async () => {
      const target = await freshTarget(currentBackend());
      // Two connections of one process on one SQLite file would wait on each other's lock (busy_timeout
      // blocks the thread); separate processes do not, so SQLite opens them one after the other here.
      const both = currentBackend() === 'postgres' ? Promise.all([open(target), open(target)]) : open(target).then(async (a) => [a, await open(target)]);
      const [a, b] = (await both) as Db[] as [Db, Db];
      expect([await schemaVersion(a), await schemaVersion(b)]).toEqual([MIGRATIONS.length, MIGRATIONS.length]);
      expect(await a.get('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual({ n: MIGRATIONS.length });
    });
    it('a replica that loses the race to create the migrations table goes on (PostgreSQL reports it as 23505, 42710 or 42P07)', async () => {
      for (const code of ['23505', '42710', '42P07']) {
        const db = await open(await freshTarget(currentBackend()));
        // The other replica's CREATE won: the table exists, and ours fails the way PostgreSQL fails it.
        const lost = withExec(db, async (sql) => (sql.includes('schema_migrations (') ? Promise.reject(Object.assign(new Error('type "schema_migrations" already exists'), { code })) : db.exec(sql)));
        expect(await migrate(lost), code).toBe(MIGRATIONS.length);
      }
      const other = { code: '42501' }; // anything else (here: permission denied) still fails the start
      const db = await open(await freshTarget(currentBackend()));
      await expect(migrate(withExec(db, async () => Promise.reject(Object.assign(new Error('denied'), other))))).rejects.toThrow('denied');
    });
  });

  describe('query layer', () => {
    it('rolls a transaction back when it throws, and commits when it resolves', async () => {
      const db = await open(await freshTarget(currentBackend()));
      const insert = "INSERT INTO lockouts (customer_id, locked_until) VALUES (?, 1)";
      await expect(db.transaction(async (tx) => {
        await tx.run(insert, ['C-1']);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      await db.transaction((tx) => tx.run(insert, ['C-2']));
      expect(await db.all('SELECT customer_id FROM lockouts')).toEqual([{ customer_id: 'C-2' }]);
    });

    it('loses no increment: 40 concurrent atomic upserts count 40', async () => {
      const db = await open(await freshTarget(currentBackend()));
      const sql = `INSERT INTO rate_counters (bucket, window_start, count) VALUES (?, ?, 1)
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_counters.count + excluded.count RETURNING count`;
      const counts = await Promise.all(Array.from({ length: 40 }, () => db.get<{ count: number }>(sql, ['b', 1_700_000_000_000])));
      expect(counts.map((c) => c?.count).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('returns BIGINT times and counts as numbers', async () => {
      const db = await open(await freshTarget(currentBackend()));
      await db.run('INSERT INTO lockouts (customer_id, locked_until) VALUES (?, ?)', ['C-1', 1_740_000_000_123]);
      expect(await db.get('SELECT locked_until, COUNT(*) AS n FROM lockouts GROUP BY locked_until')).toEqual({ locked_until: 1_740_000_000_123, n: 1 });
    });
  });
});

describe('SQLite file', () => {
  it('creates the file (and its directory) with mode 0600, in WAL mode', async () => {
    const file = await freshTarget('sqlite');
    const db = openSqlite(file) as SqliteDb;
    opened.push(db);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps migrations ordered and consecutive, each with PostgreSQL text or portable SQL', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.postgres ?? m.sql).not.toMatch(/WITHOUT ROWID|AUTOINCREMENT|PRAGMA/);
  });

  it('rewrites ? placeholders for PostgreSQL, leaving quoted text alone', () => {
    expect(toDollarParams(`SELECT '?' AS "a?", x FROM t WHERE a = ? AND b IN (?, ?)`)).toBe(
      `SELECT '?' AS "a?", x FROM t WHERE a = $1 AND b IN ($2, $3)`,
    );
  });
});

describe('SQLite query plans', () => {
  /** The `detail` column of EXPLAIN QUERY PLAN. */
  async function plan(sql: string, ...params: string[]): Promise<string[]> {
    const db = await open(':memory:');
    return (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail);
  }

  it('identifies by phone through the e164 index, never scanning customer_phones', async () => {
    const details = await plan(FIND_BY_PHONE_SQL, '+14155550100');
    expect(details.some((d) => /^SEARCH \w+ USING (COVERING )?INDEX customer_phones_e164 \(e164=\?\)/.test(d))).toBe(true);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('uses the lower(last_name) and account_number indexes', async () => {
    expect((await plan('SELECT * FROM customers WHERE lower(last_name) = lower(?)', 'x')).join('\n')).toMatch(/INDEX customers_last_name_lower/);
    expect((await plan('SELECT * FROM customers WHERE account_number = ?', 'x')).join('\n')).toMatch(/INDEX customers_account_number/);
  });
});
