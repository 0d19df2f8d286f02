import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killMains, spawnMain, type MainRun } from './spawn-main.ts';

const LISTENING = /^Caller Verify API listening on http:\/\/127\.0\.0\.1:(\d+)$/;

const dirs: string[] = [];
afterEach(() => {
  killMains();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-main-'));
  dirs.push(dir);
  return dir;
}

type Run = MainRun;
const run = spawnMain;

/** Wait for the listening line and return the base URL. */
async function listening(r: Run): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = r.stdout().split('\n')[0] ?? '';
    const m = LISTENING.exec(line);
    if (m && r.stdout().endsWith('\n')) return `http://127.0.0.1:${m[1]}`;
    if (r.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start:\n${r.stdout()}\n${r.stderr()}`);
}

describe('node server/main.ts', () => {
  it('seeds the demo customers into a new 0600 database, serves, and exits cleanly on SIGTERM', async () => {
    const cwd = tempDir();
    const r = run(['--port', '0'], cwd);
    const base = await listening(r);
    const db = path.join(cwd, '.data', 'api.sqlite');
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const res = await fetch(`${base}/v1/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interactionId: 'cli-1', method: 'ani', value: '+1 415 555 0100' }),
    });
    expect((await res.json()).candidates[0].displayName).toBe('Ada Lovelace');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/^Caller Verify API listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  }, 20_000);

  it('exits 1 with a clear message when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = run(['--port', String(port), '--db', path.join(tempDir(), 'x.sqlite')], tempDir());
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toContain(`cannot listen on 127.0.0.1:${port}: address already in use`);
      expect(r.stdout()).toBe('');
    } finally {
      blocker.close();
    }
  }, 20_000);

  it('exits 1 naming the problem when the seed file is invalid', async () => {
    const dir = tempDir();
    const seed = path.join(dir, 'bad.json');
    fs.writeFileSync(seed, JSON.stringify({ customers: [{ customerId: 'C-9', kind: 'person', firstName: 'A', lastName: 'B', phones: ['12'] }] }));
    const r = run(['--port', '0', '--db', path.join(dir, 'x.sqlite'), '--seed', seed], dir);
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain(`Invalid seed file ${seed}`);
    expect(r.stderr()).toContain('customers[0].phones[0]: customer C-9: phone "12"');
  }, 20_000);

  it('exits 1 on bad arguments', async () => {
    const r = run(['--port', 'eighty'], tempDir());
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toMatch(/--port must be 0-65535[\s\S]*Usage: node server\/main\.ts/);
  }, 20_000);

  it('refuses to listen on a non-loopback address without API tokens', async () => {
    const r = run(['--host', '0.0.0.0', '--port', '0'], tempDir());
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain('refusing to listen on 0.0.0.0 without API tokens');
    expect(r.stdout()).toBe('');
  }, 20_000);

  it('requires a token from --token-file or CV_API_TOKENS and allows the --cors-origin origins', async () => {
    const cwd = tempDir();
    const fileToken = 'file-token-0123456789';
    const envToken = 'env-token-0123456789';
    fs.writeFileSync(path.join(cwd, 'tokens.txt'), `# tokens\n${fileToken}\n`);
    const args = ['--port', '0', '--token-file', 'tokens.txt', '--cors-origin', 'https://a.example', '--cors-origin', 'https://b.example'];
    const r = run(args, cwd, { CV_API_TOKENS: envToken });
    const base = await listening(r);
    const call = (headers: Record<string, string>) =>
      fetch(`${base}/v1/identify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ interactionId: 'cli-2', method: 'customerId', value: 'C-1001' }),
      });
    expect((await call({})).status).toBe(401);
    expect((await call({ authorization: `Bearer ${fileToken}` })).status).toBe(200);
    const fromB = await call({ authorization: `Bearer ${envToken}`, origin: 'https://b.example' });
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('access-control-allow-origin')).toBe('https://b.example');
    expect(r.stderr()).not.toContain(fileToken);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 20_000);
});
