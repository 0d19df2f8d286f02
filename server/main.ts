/**
 * CLI entry point of the reference verification API (flags: server/cli.ts, or --help):
 *   node server/main.ts [--port N] [--host 127.0.0.1] [--db FILE] [--seed FILE.json] [--token-file FILE] ...
 * Prints exactly one line to stdout once listening; logs and diagnostics go to stderr.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { parseCli, redactDatabase, USAGE, type Cli } from './cli.ts';
import { hasCustomers, openDb, type Db } from './db/open.ts';
import { stderrDestination } from './http/logging.ts';
import { seedFromFile, SeedError } from './seed/seed.ts';
import { stepUpFromEnv } from './domain/stepup/config.ts';

const DEMO_SEED = path.join(import.meta.dirname, 'seed', 'demo-customers.json');

/** Write one diagnostic line to stderr. */
function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Seed the requested file, or the demo customers when the database has none. */
async function seed(db: Db, cli: Cli): Promise<void> {
  if (cli.seed !== undefined) {
    const started = Date.now();
    const n = await seedFromFile(db, cli.seed, cli.region);
    note(`Seeded ${n} customers from ${cli.seed} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (!(await hasCustomers(db))) {
    try {
      note(`Empty database: seeded ${await seedFromFile(db, DEMO_SEED, cli.region)} demo customers`);
    } catch (err) {
      // Replicas starting together on an empty PostgreSQL: one seeds, the others' inserts collide.
      if (!(await hasCustomers(db))) throw err;
      note('Empty database: demo customers seeded by another replica');
    }
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
    db = await openDb(cli.db);
  } catch (err) {
    note(`Error: cannot open database ${redactDatabase(cli.db)}: ${(err as Error).message}`);
    return 1;
  }
  try {
    await seed(db, cli);
  } catch (err) {
    note(err instanceof SeedError ? `Error: ${err.message}` : `Error: seeding failed: ${(err as Error).message}`);
    await db.close();
    return 1;
  }

  let app: ReturnType<typeof buildApp>;
  try {
    app = buildApp({
      db,
      defaultRegion: cli.region,
      logger: { level: cli.logLevel, stream: stderrDestination() },
      tokens: cli.tokens,
      corsOrigins: cli.corsOrigins,
      allowedHosts: cli.publicHosts,
      verification: cli.config.verification,
      rateLimits: cli.config.rateLimits,
      timeouts: cli.config.timeouts,
      risk: cli.config.risk,
      stepUp: stepUpFromEnv(process.env),
      ...(cli.maxEventLoopDelayMs === undefined ? {} : { pressure: { maxEventLoopDelayMs: cli.maxEventLoopDelayMs } }),
    });
  } catch (err) {
    note(`Error: ${(err as Error).message}`);
    await db.close();
    return 1;
  }
  try {
    await app.listen({ port: cli.port, host: cli.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'address already in use' : (err as Error).message;
    note(`Error: cannot listen on ${cli.host}:${cli.port}: ${why}`);
    await app.close().catch(() => undefined);
    await db.close();
    return 1;
  }

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`Caller Verify API listening on http://${host}:${address.port}\n`);
  note(cli.tokens.length > 0 ? `Bearer tokens required (${cli.tokens.length} configured)` : 'No API tokens: open on loopback only');

  // Fastify's close stops accepting connections, closes idle keep-alive ones, answers 503 to new requests on busy
  // ones, and waits for in-flight requests (each bounded by the request timeout); then the pool closes.
  const graceMs = (cli.config.timeouts?.requestMs || 10_000) + 5_000;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1); // second signal: give up waiting
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const started = Date.now();
    // Past the longest a request may take something is stuck: exit non-zero rather than hang until SIGKILL.
    setTimeout(() => {
      app.log.error({ graceMs }, 'shutdown timed out');
      process.exit(1);
    }, graceMs).unref();
    const step = async (what: string, close: () => Promise<void>): Promise<void> => {
      try {
        await close();
      } catch (err) {
        app.log.error({ err }, `error while closing the ${what}`);
        process.exitCode = 1;
      }
    };
    void step('server', async () => {
      await app.close();
    })
      .then(() => step('database', () => db.close()))
      .then(() => app.log.info({ ms: Date.now() - started }, 'shutdown complete: server and database closed'));
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
