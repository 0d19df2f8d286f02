/**
 * Set-up for bench/api-bench.ts: the generated customers and seeded database (cached under
 * .data/bench/), child servers on 127.0.0.1 (the API and a bare `http` ceiling), and a sample of
 * customers with their numbers and answers to drive the load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { countCustomers, openDb } from '../server/db/open.ts';
import { seedFromFile } from '../server/seed/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A customer to identify and verify during the bench. */
export interface Sample {
  customerId: string;
  phone: string;
  dob: string;
  pin: string;
}

/** Seconds since `start` (a performance.now() value), 1 decimal. */
export function since(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}

/** Run a node script to completion; rejects on a non-zero exit. */
function runNode(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
  });
}

/** Generate (if missing) and seed (if missing) `n` customers; returns the database file and timings. */
export async function prepareData(n: number, dir: string): Promise<{ db: string; json: string; generateS?: number; seedS?: number }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const json = path.join(dir, `customers-${n}.json`);
  const db = path.join(dir, `api-${n}.sqlite`);
  const out: { db: string; json: string; generateS?: number; seedS?: number } = { db, json };
  if (!fs.existsSync(json)) {
    const t = performance.now();
    await runNode(['server/seed/generate.ts', String(n), '--out', `${json}.tmp`]);
    fs.renameSync(`${json}.tmp`, json);
    out.generateS = since(t);
  }
  const existing = fs.existsSync(db) ? await openDb(db) : undefined;
  const ready = existing !== undefined && (await countCustomers(existing)) === n;
  await existing?.close();
  if (!ready) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const t = performance.now();
    const handle = await openDb(db);
    await seedFromFile(handle, json);
    await handle.close();
    out.seedS = since(t);
  }
  return out;
}

/** `count` customers spread over the database, with their first phone and answers. */
export function sampleCustomers(dbFile: string, count: number): Sample[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const max = (db.prepare('SELECT MAX(rowid) AS m FROM customers').get() as { m: number }).m;
    const step = Math.max(1, Math.floor(max / count));
    const rows = db
      .prepare(`SELECT c.customer_id AS id, c.answers_json AS answers,
        (SELECT e164 FROM customer_phones p WHERE p.customer_id = c.customer_id ORDER BY position LIMIT 1) AS phone
        FROM customers c WHERE c.rowid % ? = 0 LIMIT ?`)
      .all(step, count) as { id: string; answers: string; phone: string }[];
    return rows.map((r) => {
      const a = JSON.parse(r.answers) as Record<string, string>;
      return { customerId: r.id, phone: r.phone, dob: a.dob ?? '', pin: a.pin_last4 ?? '' };
    });
  } finally {
    db.close();
  }
}

/** A child server and the base URL it printed. */
export interface Child {
  process: ChildProcess;
  url: string;
  startS: number;
}

/** What a measuring mode (layers, client compare) is told: the database and API arguments, rounds, and where to keep its children. */
export interface ModeOptions {
  database: string;
  apiArgs: string[];
  samples: Sample[];
  rounds: number;
  /** Requests per round (after the warm-up). */
  amount: number;
  connections: number;
  tmp: string;
  /** Keeps started children so the caller can kill them on a time-out. */
  children: Child[];
}

/**
 * Spawn `node args...` (its stderr, i.e. its log, going to `logFile`) and wait for a line with
 * http://127.0.0.1:PORT on stdout (at most 120 s).
 */
export function startServer(args: string[], logFile: string): Promise<Child> {
  const t = performance.now();
  const log = fs.openSync(logFile, 'w', 0o600);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', log] });
  fs.closeSync(log);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error('server did not start within 120 s')), 120_000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`));
    };
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ process: child, url: `http://127.0.0.1:${m[1]}`, startS: since(t) });
      }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
}

/** Stop `child` with SIGTERM (a profiled one writes its profile on exit), wait for it, and drop it from `children`. */
export function stopChild(child: Child, children?: Child[]): Promise<void> {
  if (children?.includes(child)) children.splice(children.indexOf(child), 1);
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

/** A bare Node http server answering every request with a fixed JSON body (the ceiling). */
export const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ candidates: [{ customerId: 'C-1', displayName: 'Ada Lovelace', kind: 'person' }], attemptsRemaining: 3 });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
});
server.listen(0, '127.0.0.1', () => console.log('bare listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0)); // an exit that writes a --cpu-prof profile
`;
