/**
 * Command line of server/main.ts: flags, environment (CV_API_TOKENS), token and config files, and
 * the rule that an API without tokens may only listen on a loopback address.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isSupportedCountry } from 'libphonenumber-js/min';
import { z } from 'zod';
import type { CountryCode } from '../lib/phone.ts';
import { isLoopback, parseTokens, type TokenEntry } from './http/auth.ts';

export { isLoopback } from './http/auth.ts';
import { ConfigFile } from './config.ts';

export const USAGE = `Usage: node server/main.ts [--port N] [--host 127.0.0.1] [--db FILE] [--seed FILE.json] [--region GB]
  [--token-file FILE] [--cors-origin ORIGIN]... [--public-host NAME]... [--config FILE.json] [--rate-limit N] [--customer-rate-limit N]
  [--request-timeout MS] [--connection-timeout MS] [--keep-alive-timeout MS] [--max-requests-per-socket N]
  [--max-event-loop-delay MS]
  [--log-level info|warn|error|silent]
Database: --db FILE (SQLite, default .data/api.sqlite) or a postgres:// URL; without --db, DATABASE_URL
(postgres://user@host:5432/db) selects PostgreSQL. Tokens: --token-file (one per line, TOKEN [SCOPE ...], default scope
agent; mint one with node server/tokens.ts SCOPE...) and/or CV_API_TOKENS (comma-separated). Without tokens the API is open
and only a loopback --host is allowed; it answers only loopback Host headers (or a --public-host name). --rate-limit: requests/minute per token, --customer-rate-limit:
challenges+verifications/minute per customer (0: no limit). Timeouts (defaults): a whole request within 10000 ms
(else 408), a silent socket closed after 30000 ms, keep-alive 5000 ms, 1000 requests per socket; 503 while the
mean event-loop delay is over 1000 ms (--max-event-loop-delay, 0: off).`;

export interface Cli {
  port: number;
  host: string;
  db: string;
  seed: string | undefined;
  region: CountryCode;
  tokens: TokenEntry[];
  corsOrigins: string[] | undefined;
  /** Host names answered without a token besides loopback ones. */
  publicHosts: string[];
  /** Mean event-loop delay (ms) past which requests get 503 (0: off; undefined: the default). */
  maxEventLoopDelayMs: number | undefined;
  config: ConfigFile;
  logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** DATABASE_URL when set: a postgres:// URL (anything else is an error, not silently SQLite). */
function databaseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return url;
}

/** `target` with any password in a URL replaced by ***, for messages. */
export function redactDatabase(target: string): string {
  return target.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

/** Read and validate a JSON config file. */
function readConfig(file: string): ConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read config ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = ConfigFile.safeParse(data);
  if (!parsed.success) throw new Error(`invalid config ${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A non-negative integer flag. */
function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Parse the command line and environment; throws an Error with a readable message on bad input. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Cli | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      seed: { type: 'string' },
      region: { type: 'string', default: 'US' },
      'token-file': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      'public-host': { type: 'string', multiple: true },
      config: { type: 'string' },
      'rate-limit': { type: 'string' },
      'customer-rate-limit': { type: 'string' },
      'request-timeout': { type: 'string' },
      'connection-timeout': { type: 'string' },
      'keep-alive-timeout': { type: 'string' },
      'max-requests-per-socket': { type: 'string' },
      'max-event-loop-delay': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const db = values.db ?? databaseFromEnv(env) ?? path.join('.data', 'api.sqlite');
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const region = values.region.toUpperCase();
  if (!isSupportedCountry(region)) throw new Error(`--region must be a region code such as GB or US, got "${values.region}"`);

  const tokens: TokenEntry[] = [];
  if (values['token-file'] !== undefined) {
    const file = values['token-file'];
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read token file ${file}: ${(err as Error).message}`, { cause: err });
    }
    tokens.push(...parseTokens(text));
  }
  if (env.CV_API_TOKENS) tokens.push(...parseTokens(env.CV_API_TOKENS));
  if (tokens.length === 0 && !isLoopback(values.host)) {
    throw new Error(`refusing to listen on ${values.host} without API tokens; use --token-file FILE or CV_API_TOKENS, or a loopback --host`);
  }

  const origins = values['cors-origin'];
  for (const origin of origins ?? []) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(origin)) throw new Error(`--cors-origin must be an origin like https://crm.example, got "${origin}"`);
  }
  const logLevel = values['log-level'];
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const config = values.config === undefined ? {} : readConfig(values.config);
  const perToken = count('rate-limit', values['rate-limit']);
  const perCustomer = count('customer-rate-limit', values['customer-rate-limit']);
  config.rateLimits = {
    ...config.rateLimits,
    ...(perToken === undefined ? {} : { perTokenPerMinute: perToken }),
    ...(perCustomer === undefined ? {} : { perCustomerPerMinute: perCustomer }),
  };
  const timeouts = {
    requestMs: count('request-timeout', values['request-timeout']),
    connectionMs: count('connection-timeout', values['connection-timeout']),
    keepAliveMs: count('keep-alive-timeout', values['keep-alive-timeout']),
    maxRequestsPerSocket: count('max-requests-per-socket', values['max-requests-per-socket']),
  };
  config.timeouts = { ...config.timeouts, ...Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined)) };
  const publicHosts = values['public-host'] ?? [];
  for (const name of publicHosts) {
    if (!/^[a-z0-9.-]+$/i.test(name)) throw new Error(`--public-host must be a host name like api.example.com, got "${name}"`);
  }
  const maxEventLoopDelayMs = count('max-event-loop-delay', values['max-event-loop-delay']);
  return { port, host: values.host, db, seed: values.seed, region, tokens, corsOrigins: origins, publicHosts, maxEventLoopDelayMs, config, logLevel };
}
