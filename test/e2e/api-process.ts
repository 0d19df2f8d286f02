/** Runs the reference API (`node server/main.ts`) as a child process on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ApiProcess {
  url: string;
  dbFile: string;
  output: () => string;
  stop(): Promise<void>;
}

const MAIN = resolve(import.meta.dirname, '../../server/main.ts');

/**
 * Start the API and wait until it listens. Without `dbFile`, a temporary SQLite file is used and removed on
 * stop; an empty database is seeded with the demo customers by the server itself. `env`: variables added to
 * this process's environment for the API (CV_API_DEMO, step-up limits).
 */
export async function startApi(extraArgs: string[] = [], opts: { dbFile?: string; port?: number; env?: Record<string, string> } = {}): Promise<ApiProcess> {
  const dir = opts.dbFile ? null : mkdtempSync(join(tmpdir(), 'cv-api-'));
  const dbFile = opts.dbFile ?? join(dir as string, 'api.sqlite');
  const args = [MAIN, '--port', String(opts.port ?? 0), '--db', dbFile, ...extraArgs];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`API did not start:\n${out}`)), 15_000);
    child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); ok(m[1] as string); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`API exited with ${code}:\n${out}`)); });
  });
  return {
    url,
    dbFile,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
