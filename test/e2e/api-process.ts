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

/** Start the API on a temporary SQLite file (seeded with the demo customers) and wait until it listens. */
export async function startApi(extraArgs: string[] = []): Promise<ApiProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cv-api-'));
  const dbFile = join(dir, 'api.sqlite');
  const child: ChildProcess = spawn(process.execPath, [MAIN, '--port', '0', '--db', dbFile, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
