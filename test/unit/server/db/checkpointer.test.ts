import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../../server/db/open.ts';
import { freshTarget } from '../backends.ts';

describe('WAL checkpointer', () => {
  it('copies committed pages into the database file off the request thread, and stops with the connection', async () => {
    const file = await freshTarget('sqlite');
    const db = openSqlite(file);
    db.raw.pragma('wal_autocheckpoint = 0'); // only the worker may checkpoint now
    await db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const insert = db.raw.prepare('INSERT INTO t (v) VALUES (?)');
    db.raw.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`${i}`.padEnd(1000, 'x'));
    })();
    const before = fs.statSync(file).size;
    expect(before).toBeLessThan(1_000_000); // the rows are in the WAL, not yet in the file
    const deadline = Date.now() + 10_000;
    while (fs.statSync(file).size < 2_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(2_000_000);
    await db.close(); // waits for the worker to close its connection
    expect(db.open).toBe(false);
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // the last connection closed: SQLite removed the WAL
  });
});
