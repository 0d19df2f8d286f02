import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachBackend, freshTarget, type BackendName } from './backends.ts';
import { killMains, spawnMain } from './spawn-main.ts';

// The production start is `node server/main.ts` configured by environment variables; systemd and containers stop it with SIGTERM.
const dirs: string[] = [];
afterEach(() => {
  killMains();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Server {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Start the API on a free loopback port with a fresh database (SQLite file or PostgreSQL schema), configured only through the environment. */
async function start(backend: BackendName): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-shutdown-'));
  dirs.push(dir);
  const { child, stdout, stderr, exited } = spawnMain([], dir, { CV_API_PORT: '0', CV_API_HOST: '127.0.0.1', CV_API_DB: await freshTarget(backend) });
  const port = await until(() => /listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(stdout())?.[1], () => `no listening line:\n${stdout()}\n${stderr()}`);
  return { child, port: Number(port), stderr, exited };
}

/** Poll `probe` until it returns a value (10 s at most). */
async function until<T>(probe: () => T | undefined, why: () => string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(why());
}

/** The JSON log lines on stderr. */
function logs(stderr: string): { msg?: string; level?: number; signal?: string }[] {
  return stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg?: string });
}

/** Resolves with the error code of a new TCP connection to `port` ('connected' if it was accepted). */
function connect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('graceful shutdown of node server/main.ts on SIGTERM', () => forEachBackend((backend) => {
  // With PostgreSQL, exiting at all shows the pool closed: its open connections would keep the process alive.
  it('finishes the request in flight with its normal answer, refuses new connections, closes the database and exits 0', async () => {
    const server = await start(backend);
    const body = JSON.stringify({ interactionId: 'shutdown-1', method: 'ani', value: '+1 415 555 0100' });
    const socket = net.connect(server.port, '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const ended = new Promise<void>((resolve) => socket.on('end', resolve));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // Headers and half the body: the request is in flight when the signal arrives.
    const head = `POST /v1/identify HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const half = Math.floor(body.length / 2);
    await new Promise<void>((resolve) => socket.write(head + body.slice(0, half), () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));

    server.child.kill('SIGTERM');
    await until(() => logs(server.stderr()).find((l) => l.signal === 'SIGTERM'), () => `no shutdown log:\n${server.stderr()}`);
    expect(await connect(server.port)).toBe('ECONNREFUSED');
    expect(server.child.exitCode).toBeNull(); // still waiting for the request in flight

    const stopped = Date.now();
    // write, not end: a client's half-close makes Node drop the answer whether or not the server is closing.
    socket.write(body.slice(half));
    await ended;
    const [status, ...rest] = response.split('\r\n');
    expect(status, server.stderr()).toBe('HTTP/1.1 200 OK');
    expect(rest).toContain('connection: close'); // else the keep-alive socket holds the shutdown
    const json = JSON.parse(rest.slice(rest.indexOf('') + 1).join('\r\n')) as { candidates: { displayName: string }[] };
    expect(json.candidates[0]?.displayName).toBe('Ada Lovelace');

    expect(await server.exited).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(3000);
    const messages = logs(server.stderr()).map((l) => l.msg);
    const completed = messages.indexOf('request completed');
    expect(completed).toBeGreaterThan(messages.indexOf('shutting down: finishing in-flight requests'));
    expect(messages.indexOf('shutdown complete: server and database closed')).toBeGreaterThan(completed);
    // Structured logs: besides the start-up notes, stderr is JSON only (no plain-text warnings in between).
    const plain = server.stderr().split('\n').filter((line) => line !== '' && !line.startsWith('{'));
    expect(plain).toEqual(['Empty database: seeded 8 demo customers', 'No API tokens: open on loopback only']);
  }, 20_000);
}));
