import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../../server/db/open.ts';
import type { SqliteDb } from '../../../../server/db/sqlite.ts';

const dirs: string[] = [];
const handles: { close(): unknown }[] = [];
afterEach(async () => {
  for (const h of handles.splice(0).reverse()) await h.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A WAL database with table t, through the API's handle, and a second connection to it (another process's). */
function open(): { db: SqliteDb; other: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-reads-'));
  dirs.push(dir);
  const db = openSqlite(path.join(dir, 'db.sqlite'));
  db.raw.exec('CREATE TABLE t (v INTEGER)');
  const other = new Database(path.join(dir, 'db.sqlite'));
  handles.push(db, other);
  return { db, other };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const count = async (db: SqliteDb) => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'))?.n;

describe('SQLite reads share one read transaction per event-loop turn', () => {
  it('keeps the turn\'s snapshot for its reads and ends it by the next turn', async () => {
    const { db, other } = open();
    expect(await count(db)).toBe(0);
    expect(db.raw.inTransaction).toBe(true);
    other.exec('INSERT INTO t VALUES (1)'); // another process commits within the turn
    expect(await count(db)).toBe(0);
    await nextTurn();
    expect(db.raw.inTransaction).toBe(false);
    expect(await count(db)).toBe(1);
  });

  it('commits a write at once, before it answers, and later reads of the turn see it', async () => {
    const { db, other } = open();
    expect(await count(db)).toBe(0);
    await db.run('INSERT INTO t VALUES (1)');
    expect(db.raw.inTransaction).toBe(false);
    expect((other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(1);
    expect(await count(db)).toBe(1);
    const row = await db.get<{ v: number }>('INSERT INTO t VALUES (2) RETURNING v'); // a write through get
    expect(row?.v).toBe(2);
    expect(db.raw.inTransaction).toBe(false);
    expect((other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(2);
  });

  it('starts a transaction, exec or close right after a read of the same turn', async () => {
    const { db } = open();
    await count(db);
    await db.transaction(async (tx) => void (await tx.run('INSERT INTO t VALUES (1)')));
    expect(await count(db)).toBe(1);
    await db.exec('INSERT INTO t VALUES (2)');
    expect(await count(db)).toBe(2);
    await db.close();
    expect(db.open).toBe(false);
  });
});
