import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, parseCli, redactDatabase, type Cli } from '../../../server/cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Write `content` to a temp file and return its path. */
function temp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-cli-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCli(argv, env) as Cli;

describe('parseCli', () => {
  it('defaults: loopback, open, no config, info logs', () => {
    expect(parse([])).toMatchObject({ port: 8787, host: '127.0.0.1', tokens: [], corsOrigins: undefined, config: { rateLimits: {} }, logLevel: 'info' });
    expect(parseCli(['--help'], {})).toBe('help');
  });

  it('reads tokens from --token-file and CV_API_TOKENS, and then allows any host', () => {
    const file = temp('tokens', '# comment\nfile-token-0123456789 ivr reports\n');
    const cli = parse(['--token-file', file, '--host', '0.0.0.0'], { CV_API_TOKENS: 'env-token-0123456789,env-token-9876543210' });
    expect(cli.tokens).toEqual([
      { token: 'file-token-0123456789', scopes: ['ivr', 'reports'] },
      { token: 'env-token-0123456789', scopes: ['agent'] },
      { token: 'env-token-9876543210', scopes: ['agent'] },
    ]);
    expect(cli.host).toBe('0.0.0.0');
    expect(() => parse(['--token-file', `${file}.missing`])).toThrow(/cannot read token file/);
    expect(() => parse([], { CV_API_TOKENS: 'short' })).toThrow(/at least 16/);
  });

  it('refuses a non-loopback host without tokens', () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'api.example']) {
      expect(() => parse(['--host', host])).toThrow(/refusing to listen/);
    }
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(host)).toBe(true);
  });

  it('collects repeated --cors-origin values and rejects non-origins', () => {
    expect(parse(['--cors-origin', 'https://a.example', '--cors-origin', 'chrome-extension://abc']).corsOrigins).toEqual([
      'https://a.example',
      'chrome-extension://abc',
    ]);
    expect(() => parse(['--cors-origin', 'https://a.example/path'])).toThrow(/--cors-origin/);
    expect(() => parse(['--cors-origin', '*'])).toThrow(/--cors-origin/);
  });

  it('reads --config and lets --rate-limit / --customer-rate-limit / --request-timeout override it', () => {
    const config = temp('config.json', JSON.stringify({
      verification: { dateOrder: 'MDY', lockout: { maxFailures: 5 } },
      rateLimits: { perTokenPerMinute: 100, flushMs: 0 },
      timeouts: { keepAliveMs: 2000 },
    }));
    const cli = parse(['--config', config, '--customer-rate-limit', '7', '--request-timeout', '5000']);
    expect(cli.config).toEqual({
      verification: { dateOrder: 'MDY', lockout: { maxFailures: 5 } },
      rateLimits: { perTokenPerMinute: 100, flushMs: 0, perCustomerPerMinute: 7 },
      timeouts: { keepAliveMs: 2000, requestMs: 5000 },
    });
    expect(() => parse(['--config', temp('bad.json', '{"verification":{"mode":"psychic"}}')])).toThrow(/invalid config[\s\S]*mode/);
    expect(() => parse(['--config', temp('bad2.json', '{"extra":1}')])).toThrow(/invalid config/);
    expect(() => parse(['--rate-limit', '1.5'])).toThrow(/whole number/);
  });

  it('selects the database: --db, else DATABASE_URL (postgres:// only), else .data/api.sqlite', () => {
    const pgUrl = 'postgres://cv:s3cret@db.internal:5432/callerverify';
    expect(parse([]).db).toBe(path.join('.data', 'api.sqlite'));
    expect(parse([], { DATABASE_URL: pgUrl }).db).toBe(pgUrl);
    expect(parse(['--db', 'x.sqlite'], { DATABASE_URL: pgUrl }).db).toBe('x.sqlite');
    expect(() => parse([], { DATABASE_URL: 'mysql://db/x' })).toThrow(/DATABASE_URL must be a postgres/);
    expect(redactDatabase(pgUrl)).toBe('postgres://cv:***@db.internal:5432/callerverify');
    expect(redactDatabase('.data/api.sqlite')).toBe('.data/api.sqlite');
  });

  it('validates the log level', () => {
    expect(parse(['--log-level', 'warn']).logLevel).toBe('warn');
    expect(() => parse(['--log-level', 'loud'])).toThrow(/--log-level/);
  });
});
