/**
 * CLI entry point of the reference verification API:
 *   node server/main.ts [--port N] [--host 127.0.0.1] [--db FILE] [--seed FILE.json] [--region GB]
 * Prints exactly one line to stdout once listening; logs and diagnostics go to stderr.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { isSupportedCountry } from 'libphonenumber-js/min';
import type { CountryCode } from '../lib/phone.ts';
import { buildApp } from './app.ts';
import { countCustomers, openDb, type Db } from './db.ts';
import { seedFromFile, SeedError } from './seed.ts';

const USAGE =
  'Usage: node server/main.ts [--port N] [--host 127.0.0.1] [--db FILE] [--seed FILE.json] [--region GB]';
const DEMO_SEED = path.join(import.meta.dirname, 'demo-customers.json');

interface Cli {
  port: number;
  host: string;
  db: string;
  seed: string | undefined;
  region: CountryCode;
}

/** Parse the command line; throws an Error with a readable message on bad input. */
function parseCli(argv: string[]): Cli | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: path.join('.data', 'api.sqlite') },
      seed: { type: 'string' },
      region: { type: 'string', default: 'US' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const region = values.region.toUpperCase();
  if (!isSupportedCountry(region)) throw new Error(`--region must be a region code such as GB or US, got "${values.region}"`);
  return { port, host: values.host, db: values.db, seed: values.seed, region };
}

/** Write one diagnostic line to stderr. */
function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Seed the requested file, or the demo customers when the database has none. */
function seed(db: Db, cli: Cli): void {
  if (cli.seed !== undefined) {
    note(`Seeded ${seedFromFile(db, cli.seed, cli.region)} customers from ${cli.seed}`);
  } else if (countCustomers(db) === 0) {
    note(`Empty database: seeded ${seedFromFile(db, DEMO_SEED, cli.region)} demo customers`);
  }
}

async function main(): Promise<number> {
  let cli: Cli | 'help';
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    note(`Error: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (cli === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let db: Db;
  try {
    db = openDb(cli.db);
  } catch (err) {
    note(`Error: cannot open database ${cli.db}: ${(err as Error).message}`);
    return 1;
  }
  try {
    seed(db, cli);
  } catch (err) {
    note(err instanceof SeedError ? `Error: ${err.message}` : `Error: seeding failed: ${(err as Error).message}`);
    db.close();
    return 1;
  }

  const app = buildApp({ db, defaultRegion: cli.region, logger: { level: 'info', stream: process.stderr } });
  try {
    await app.listen({ port: cli.port, host: cli.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'address already in use' : (err as Error).message;
    note(`Error: cannot listen on ${cli.host}:${cli.port}: ${why}`);
    await app.close().catch(() => undefined);
    db.close();
    return 1;
  }

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`Caller Verify API listening on http://${host}:${address.port}\n`);
  if (!['127.0.0.1', '::1', 'localhost'].includes(cli.host)) {
    note(`Warning: listening on ${cli.host}, not loopback; this reference API has no authentication.`);
  }

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1); // second signal: give up waiting
    closing = true;
    note(`${signal} received, shutting down`);
    app.close().then(
      () => db.close(),
      (err: unknown) => {
        note(`Error while closing: ${(err as Error).message}`);
        db.close();
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    note(`Error: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  },
);
