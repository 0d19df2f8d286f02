/**
 * PostgreSQL for bench/api-bench.ts: a server (BENCH_POSTGRES_URL, else a throwaway cluster from
 * scripts/pg-test-cluster.sh kept under /tmp/cv-bench-pg between runs so the seeded data is reused),
 * and one database per data-set size seeded from the same generated JSON as the SQLite file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { countCustomers, openDb } from '../server/db/open.ts';
import { seedFromFile } from '../server/seed/seed.ts';
import { since } from './api-bench-setup.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/pg-test-cluster.sh');
const CLUSTER_ENV = { ...process.env, CV_PG_DIR: '/tmp/cv-bench-pg', CV_PG_PORT: '54339', CV_PG_KEEP: '1' };

/** A PostgreSQL server for the bench and how to let it go afterwards. */
export interface PgServer {
  url: string;
  release(): void;
}

/** BENCH_POSTGRES_URL, or a local throwaway cluster; undefined (with the reason on stderr) when neither works. */
export function pgServer(): PgServer | undefined {
  const given = process.env.BENCH_POSTGRES_URL;
  if (given) return { url: given, release: () => undefined };
  try {
    const out = execFileSync(SCRIPT, ['start'], { env: CLUSTER_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const url = /TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
    if (!url) throw new Error(`unexpected output: ${out}`);
    // Stopped (data kept) at the end, so a later run reuses the seeded database.
    return { url, release: () => void execFileSync(SCRIPT, ['stop'], { env: CLUSTER_ENV, stdio: 'ignore' }) };
  } catch (err) {
    process.stderr.write(`bench: PostgreSQL rows skipped: ${(err as Error).message.split('\n')[0]}\n`);
    return undefined;
  }
}

/** `url` pointing at database `name` instead. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Create (if missing) and seed (if not holding exactly `n` customers) database cv_bench_<n>; returns its URL. */
export async function preparePg(server: string, n: number, seedJson: string): Promise<{ url: string; seedS?: number }> {
  const name = `cv_bench_${n}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, name);
  const db = await openDb(url);
  try {
    if ((await countCustomers(db)) === n) return { url };
    if (!fs.existsSync(seedJson)) throw new Error(`missing ${seedJson}`);
    process.stderr.write(`Seeding ${n} customers into PostgreSQL ${name} ...\n`);
    const t = performance.now();
    await db.exec('TRUNCATE customers, customer_phones');
    await seedFromFile(db, seedJson);
    await db.exec('ANALYZE');
    return { url, seedS: since(t) };
  } finally {
    await db.close();
  }
}
