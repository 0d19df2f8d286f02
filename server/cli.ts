/**
 * Command line of server/main.ts: flags, their environment variables (ENV_VARS; a flag wins), token and
 * config files, and the rule that an API without tokens may only listen on a loopback address.
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
mean event-loop delay is over 1000 ms (--max-event-loop-delay, 0: off).
Environment: every flag has a variable, CV_API_ and the flag's name (CV_API_PORT, CV_API_TOKEN_FILE, ...; repeatable
ones plural and comma-separated: CV_API_CORS_ORIGINS, CV_API_PUBLIC_HOSTS); a flag given wins over its variable.
Step-up (environment only): CV_API_VERIFY_URL, CV_API_VERIFY_SERVICE_SID, CV_API_VERIFY_USERNAME and CV_API_VERIFY_PASSWORD
send codes through a Twilio Verify-compatible provider (default: the outbox table); CV_API_DEMO=1 also serves
GET /dev/outbox and the demo customer app at /dev/customer-app (never in production); CV_API_STEP_UP_TTL_SECONDS
and CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS change a code's lifetime (default 300) and the resend cool-down (30).`;

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

/** The environment variable of each flag; repeatable flags take a comma-separated list. */
export const ENV_VARS = {
  port: 'CV_API_PORT', host: 'CV_API_HOST', db: 'CV_API_DB', seed: 'CV_API_SEED', region: 'CV_API_REGION',
  'token-file': 'CV_API_TOKEN_FILE', 'cors-origin': 'CV_API_CORS_ORIGINS', 'public-host': 'CV_API_PUBLIC_HOSTS',
  config: 'CV_API_CONFIG', 'rate-limit': 'CV_API_RATE_LIMIT', 'customer-rate-limit': 'CV_API_CUSTOMER_RATE_LIMIT',
  'request-timeout': 'CV_API_REQUEST_TIMEOUT', 'connection-timeout': 'CV_API_CONNECTION_TIMEOUT',
  'keep-alive-timeout': 'CV_API_KEEP_ALIVE_TIMEOUT', 'max-requests-per-socket': 'CV_API_MAX_REQUESTS_PER_SOCKET',
  'max-event-loop-delay': 'CV_API_MAX_EVENT_LOOP_DELAY', 'log-level': 'CV_API_LOG_LEVEL',
} as const;
type Flag = keyof typeof ENV_VARS;

/** A setting's value and the name to blame in an error (the flag, or the variable it came from). */
type Setting<T> = { value: T; name: string };

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

/** A non-negative integer setting. */
function count({ value, name }: Setting<string | undefined>): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Each flag's value, else its environment variable's (an empty variable counts as unset). */
function settings(values: Partial<Record<Flag, string | string[]>>, env: NodeJS.ProcessEnv) {
  const fromEnv = (flag: Flag): string | undefined => env[ENV_VARS[flag]]?.trim() || undefined;
  const one = (flag: Flag): Setting<string | undefined> => {
    const given = values[flag];
    if (given !== undefined) return { value: given as string, name: `--${flag}` };
    return { value: fromEnv(flag), name: ENV_VARS[flag] };
  };
  const many = (flag: Flag): Setting<string[] | undefined> => {
    const given = values[flag];
    if (given !== undefined) return { value: given as string[], name: `--${flag}` };
    const list = fromEnv(flag)?.split(',').map((item) => item.trim()).filter((item) => item !== '');
    return { value: list, name: ENV_VARS[flag] };
  };
  return { one, many };
}

/** Parse the command line and environment; throws an Error with a readable message on bad input. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Cli | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      region: { type: 'string' },
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
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const { one, many } = settings(values, env);
  const dbSetting = one('db');
  const db = dbSetting.value ?? databaseFromEnv(env) ?? path.join('.data', 'api.sqlite');
  const portSetting = one('port');
  const portText = portSetting.value ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`${portSetting.name} must be 0-65535, got "${portText}"`);
  const regionSetting = one('region');
  const region = (regionSetting.value ?? 'US').toUpperCase();
  if (!isSupportedCountry(region)) throw new Error(`${regionSetting.name} must be a region code such as GB or US, got "${regionSetting.value}"`);
  const host = one('host').value ?? '127.0.0.1';

  const tokens: TokenEntry[] = [];
  const tokenFile = one('token-file').value;
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(tokenFile, 'utf8');
    } catch (err) {
      throw new Error(`cannot read token file ${tokenFile}: ${(err as Error).message}`, { cause: err });
    }
    tokens.push(...parseTokens(text));
  }
  if (env.CV_API_TOKENS) tokens.push(...parseTokens(env.CV_API_TOKENS));
  if (tokens.length === 0 && !isLoopback(host)) {
    throw new Error(`refusing to listen on ${host} without API tokens; use --token-file FILE or CV_API_TOKENS, or a loopback --host`);
  }

  const { value: origins, name: originsName } = many('cors-origin');
  for (const origin of origins ?? []) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(origin)) throw new Error(`${originsName} must be an origin like https://crm.example, got "${origin}"`);
  }
  const { value: logLevel = 'info', name: logLevelName } = one('log-level');
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`${logLevelName} must be one of ${LOG_LEVELS.join(', ')}`);
  const configFile = one('config').value;
  const config = configFile === undefined ? {} : readConfig(configFile);
  const perToken = count(one('rate-limit'));
  const perCustomer = count(one('customer-rate-limit'));
  config.rateLimits = {
    ...config.rateLimits,
    ...(perToken === undefined ? {} : { perTokenPerMinute: perToken }),
    ...(perCustomer === undefined ? {} : { perCustomerPerMinute: perCustomer }),
  };
  const timeouts = {
    requestMs: count(one('request-timeout')),
    connectionMs: count(one('connection-timeout')),
    keepAliveMs: count(one('keep-alive-timeout')),
    maxRequestsPerSocket: count(one('max-requests-per-socket')),
  };
  config.timeouts = { ...config.timeouts, ...Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined)) };
  const { value: publicHosts = [], name: publicHostsName } = many('public-host');
  for (const name of publicHosts) {
    if (!/^[a-z0-9.-]+$/i.test(name)) throw new Error(`${publicHostsName} must be a host name like api.example.com, got "${name}"`);
  }
  const maxEventLoopDelayMs = count(one('max-event-loop-delay'));
  const seed = one('seed').value;
  return { port, host, db, seed, region, tokens, corsOrigins: origins, publicHosts, maxEventLoopDelayMs, config, logLevel };
}
