import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENV_VARS, isLoopback, parseCli, redactDatabase, USAGE, type Cli } from '../../../server/cli.ts';

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

describe('parseCli environment variables', () => {
  it('has one distinct CV_API_ variable for every flag in the usage, each in the docs table', () => {
    const flags = [...USAGE.matchAll(/\[--([a-z-]+)/g)].map((m) => m[1]);
    expect(Object.keys(ENV_VARS).sort()).toEqual(flags.sort());
    const names = Object.values(ENV_VARS);
    expect(new Set(names).size).toBe(names.length);
    const docs = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/api.md'), 'utf8');
    for (const [flag, name] of Object.entries(ENV_VARS)) {
      expect(name).toMatch(/^CV_API_[A-Z_]+$/);
      expect(docs).toContain(`| \`${name}\` | \`--${flag}\``);
    }
  });

  it('configures every setting from the environment alone', () => {
    const tokens = temp('tokens', 'file-token-0123456789 ivr\n');
    const config = temp('config.json', JSON.stringify({ rateLimits: { flushMs: 0 } }));
    const cli = parse([], {
      CV_API_PORT: '9000', CV_API_HOST: '0.0.0.0', CV_API_DB: 'env.sqlite', CV_API_SEED: 'seed.json', CV_API_REGION: 'gb',
      CV_API_TOKEN_FILE: tokens, CV_API_CORS_ORIGINS: 'https://a.example, chrome-extension://abc', CV_API_PUBLIC_HOSTS: 'api.example.com',
      CV_API_CONFIG: config, CV_API_RATE_LIMIT: '60', CV_API_CUSTOMER_RATE_LIMIT: '5', CV_API_REQUEST_TIMEOUT: '4000',
      CV_API_CONNECTION_TIMEOUT: '20000', CV_API_KEEP_ALIVE_TIMEOUT: '3000', CV_API_MAX_REQUESTS_PER_SOCKET: '50',
      CV_API_MAX_EVENT_LOOP_DELAY: '0', CV_API_LOG_LEVEL: 'warn',
    });
    expect(cli).toEqual({
      port: 9000, host: '0.0.0.0', db: 'env.sqlite', seed: 'seed.json', region: 'GB',
      tokens: [{ token: 'file-token-0123456789', scopes: ['ivr'] }],
      corsOrigins: ['https://a.example', 'chrome-extension://abc'], publicHosts: ['api.example.com'], maxEventLoopDelayMs: 0,
      config: {
        rateLimits: { flushMs: 0, perTokenPerMinute: 60, perCustomerPerMinute: 5 },
        timeouts: { requestMs: 4000, connectionMs: 20000, keepAliveMs: 3000, maxRequestsPerSocket: 50 },
      },
      logLevel: 'warn',
    });
  });

  it('lets a flag win over its variable, and treats an empty variable as unset', () => {
    const env = { CV_API_PORT: '9000', CV_API_LOG_LEVEL: 'error', CV_API_CORS_ORIGINS: 'https://env.example', CV_API_RATE_LIMIT: '60' };
    const cli = parse(['--port', '9001', '--log-level', 'debug', '--cors-origin', 'https://flag.example', '--rate-limit', '61'], env);
    expect(cli).toMatchObject({ port: 9001, logLevel: 'debug', corsOrigins: ['https://flag.example'], config: { rateLimits: { perTokenPerMinute: 61 } } });
    expect(parse([], { CV_API_PORT: '', CV_API_HOST: ' ', CV_API_CORS_ORIGINS: '' })).toMatchObject({ port: 8787, host: '127.0.0.1', corsOrigins: undefined });
    const pgUrl = 'postgres://cv@db.internal:5432/callerverify';
    expect(parse([], { CV_API_DB: 'env.sqlite', DATABASE_URL: pgUrl }).db).toBe('env.sqlite');
    expect(parse(['--db', 'flag.sqlite'], { CV_API_DB: 'env.sqlite' }).db).toBe('flag.sqlite');
  });

  it('rejects invalid values naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CV_API_PORT: 'eighty' }, /^CV_API_PORT must be 0-65535, got "eighty"/],
      [{ CV_API_PORT: '70000' }, /^CV_API_PORT must be 0-65535/],
      [{ CV_API_REGION: 'XX' }, /^CV_API_REGION must be a region code/],
      [{ CV_API_RATE_LIMIT: '1.5' }, /^CV_API_RATE_LIMIT must be a whole number/],
      [{ CV_API_REQUEST_TIMEOUT: '-1' }, /^CV_API_REQUEST_TIMEOUT must be a whole number/],
      [{ CV_API_MAX_EVENT_LOOP_DELAY: 'x' }, /^CV_API_MAX_EVENT_LOOP_DELAY must be a whole number/],
      [{ CV_API_LOG_LEVEL: 'loud' }, /^CV_API_LOG_LEVEL must be one of/],
      [{ CV_API_CORS_ORIGINS: 'https://a.example,*' }, /^CV_API_CORS_ORIGINS must be an origin .* got "\*"/],
      [{ CV_API_PUBLIC_HOSTS: 'bad host' }, /^CV_API_PUBLIC_HOSTS must be a host name/],
      [{ CV_API_HOST: '0.0.0.0' }, /refusing to listen on 0\.0\.0\.0 without API tokens/],
      [{ CV_API_TOKEN_FILE: '/nonexistent/tokens' }, /cannot read token file \/nonexistent\/tokens/],
      [{ CV_API_CONFIG: '/nonexistent/config.json' }, /cannot read config \/nonexistent\/config\.json/],
    ];
    for (const [env, message] of cases) expect(() => parse([], env), JSON.stringify(env)).toThrow(message);
  });
});
