import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIND_BY_PHONE_SQL } from '../../../server/customers.ts';
import { MIGRATIONS, migrate, openDb, schemaVersion, type Db } from '../../../server/db.ts';

const opened: Db[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(name = 'api.sqlite'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', name);
}

function open(file: string): Db {
  const db = openDb(file);
  opened.push(db);
  return db;
}

/** The `detail` column of EXPLAIN QUERY PLAN. */
function plan(db: Db, sql: string, ...params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

describe('openDb', () => {
  it('creates the file (and its directory) with mode 0600, in WAL mode', () => {
    const file = tempFile();
    const db = open(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('applies every migration once and records it', () => {
    const file = tempFile();
    const db = open(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(
      expect.arrayContaining(['schema_migrations', 'customers', 'customer_phones', 'interactions', 'identify_attempts']),
    );
    db.close();
    const again = open(file);
    expect(migrate(again)).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
  });

  it('applies only the migrations newer than the stored version', () => {
    const db = open(':memory:');
    const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x)' }];
    expect(migrate(db, extra)).toBe(MIGRATIONS.length + 1);
    expect(migrate(db, extra)).toBe(MIGRATIONS.length + 1);
  });

  it('keeps migrations ordered and consecutive', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});

describe('query plans', () => {
  it('identifies by phone through the e164 index, never scanning customer_phones', () => {
    const db = open(':memory:');
    const details = plan(db, FIND_BY_PHONE_SQL, '+14155550100');
    expect(details.some((d) => /^SEARCH \w+ USING (COVERING )?INDEX customer_phones_e164 \(e164=\?\)/.test(d))).toBe(
      true,
    );
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('uses the lower(last_name) and account_number indexes', () => {
    const db = open(':memory:');
    expect(plan(db, 'SELECT * FROM customers WHERE lower(last_name) = lower(?)', 'x').join('\n')).toMatch(
      /INDEX customers_last_name_lower/,
    );
    expect(plan(db, 'SELECT * FROM customers WHERE account_number = ?', 'x').join('\n')).toMatch(
      /INDEX customers_account_number/,
    );
  });
});
