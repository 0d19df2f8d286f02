/**
 * API replicas as real processes for the multi-replica tests: `node server/main.ts --db <postgres URL>`
 * on a free loopback port each, with helpers to send JSON and to kill one outright (SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '../../../../server/main.ts');

export interface Replica {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for the exit (no-op when it already exited). */
  stop(): Promise<void>;
}

/** Start one replica on `database` and wait until it listens (rate limits off unless `args` say otherwise). */
export function startReplica(database: string, args: string[] = []): Promise<Replica> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--db', database, '--log-level', 'warn', '--rate-limit', '0',
    '--customer-rate-limit', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`replica did not start:\n${out}`)), 30_000);
    child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1] as string, child, output: () => out, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`replica exited with ${code}:\n${out}`));
    });
  });
}

/** Send JSON to a replica; resolves to status and body, or status 0 when the connection failed. */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { status: 0, body: undefined };
  }
}
