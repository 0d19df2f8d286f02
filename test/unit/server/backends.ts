/**
 * The database backends the server tests run on: SQLite always; PostgreSQL when TEST_POSTGRES_URL is
 * set (scripts/pg-test-cluster.sh start prints one). Each PostgreSQL database handed out is a fresh
 * schema (search_path), dropped after the file's tests. In CI (CI=true) a missing PostgreSQL fails the
 * PostgreSQL tests instead of skipping them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDb, type Db } from '../../../server/db/open.ts';

export type BackendName = 'sqlite' | 'postgres';

const PG_URL = process.env.TEST_POSTGRES_URL;
const CI = process.env.CI === 'true';

/** Backends to run: PostgreSQL only when reachable, or always in CI (where its absence is a failure). */
export const BACKENDS: readonly BackendName[] = PG_URL || CI ? ['sqlite', 'postgres'] : ['sqlite'];
if (!BACKENDS.includes('postgres')) {
  // Skipped with a reason (2026-11-23): no PostgreSQL configured on this machine.
  console.warn('server tests: PostgreSQL variants skipped: TEST_POSTGRES_URL is not set (run: eval "$(scripts/pg-test-cluster.sh start)")');
}

let admin: pg.Pool | undefined;
const schemas: string[] = [];
const dirs: string[] = [];
let counter = 0;

/** `url` with its search_path set to `schema` (libpq `options`, understood by pg). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A new empty schema on the test PostgreSQL; returns a URL using it. */
export async function freshPostgresUrl(): Promise<string> {
  if (!PG_URL) throw new Error('PostgreSQL is required in CI: TEST_POSTGRES_URL is not set (see scripts/pg-test-cluster.sh)');
  admin ??= new pg.Pool({ connectionString: PG_URL, max: 2 });
  const schema = `cv_t${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return withSchema(PG_URL, schema);
}

/** Where a fresh database of `backend` lives: a new SQLite file, or a URL of a new PostgreSQL schema. */
export async function freshTarget(backend: BackendName): Promise<string> {
  if (backend === 'postgres') return freshPostgresUrl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-db-'));
  dirs.push(dir);
  return path.join(dir, 'api.sqlite');
}

/** A fresh migrated database: in-memory SQLite, or a new PostgreSQL schema. */
export async function freshDb(backend: BackendName): Promise<Db> {
  return openDb(backend === 'postgres' ? await freshPostgresUrl() : ':memory:');
}

let current: BackendName = 'sqlite';
/** The backend of the tests running now (set by forEachBackend). */
export function currentBackend(): BackendName {
  return current;
}

/** Define the enclosed tests once per backend, in describe blocks named after it. */
export function forEachBackend(define: (backend: BackendName) => void): void {
  describe.each(BACKENDS)('%s', (backend) => {
    beforeAll(() => void (current = backend));
    afterAll(() => void (current = 'sqlite'));
    define(backend);
  });
}

afterAll(async () => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  if (!admin) return;
  for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  admin = undefined;
});
