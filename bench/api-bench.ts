/**
 * Load test of the reference API on 127.0.0.1 with autocannon, next to a bare Node `http` server
 * answering a fixed JSON body (the ceiling on this machine); `--help` for the options (USAGE below).
 * Measures identify-by-ANI and challenge+verify pairs (req/s, p50/p99 from every response, in ms; the
 * server's and the client's CPU use, server CPU per request) on SQLite, on PostgreSQL (one replica)
 * and on two replicas sharing that PostgreSQL, plus the identify/bare ratio and start-up times.
 * PostgreSQL: BENCH_POSTGRES_URL, else a local throwaway cluster (scripts/pg-test-cluster.sh; skipped
 * with a reason when PostgreSQL is not installed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pgServer, preparePg } from './api-bench-pg.ts';
import { compareIdentify, printComparison } from './api-bench-compare.ts';
import { profileIdentify } from './api-bench-profile.ts';
import { measureLayers } from './api-bench-layers.ts';
import { compareClients } from './api-bench-client.ts';
import { bareLoad, load, loadAverage, scenarios, TOKEN, warmUp, WARM_UP_REQUESTS, type Row } from './api-bench-scenarios.ts';
import { BARE_SERVER, prepareData, sampleCustomers, startServer, stopChild, type Child, type Sample } from './api-bench-setup.ts';

const TARGET = { identifyRps: 5000, p99Ms: 10, ratio: 0.3 };

const USAGE = `node bench/api-bench.ts [--customers 1000000] [--duration 10] [--connections 16] [--data-dir .data/bench] [--no-postgres]
  [--compare DIR [--rounds 4] [--amount 20000] [--compare-only] [--same-args]] [--profile DIR [--top 25] [--profile-only]] [--layers] [--client-compare]
--compare DIR: also run identify on SQLite against the server in DIR (an older checkout: \`git worktree add DIR
  <commit>\`, with node_modules linked), alternating --rounds times with this one on the same database, --amount
  requests a round, and print the API process's CPU per request (bench/api-bench-compare.ts); --compare-only: only that;
  --same-args: the older server gets this one's command line (token scopes, config file), else a plain token file.
--profile DIR: profile (node --cpu-prof) the bare server and the API during identify on SQLite, print where the time
  goes in the load window (top --top functions and areas) and keep the .cpuprofile files in DIR; --profile-only: only that.
--layers: only server CPU per request layer by layer (bare http, Fastify, our hooks, identify without and with the access
  log; bench/api-bench-layers.ts), --rounds rounds of --amount requests.
--client-compare: only the load generator's CPU per request, identify built per request vs pre-built vs bare, against
  one API and one bare server (bench/api-bench-client.ts), --rounds rounds of --amount requests.`;

interface Context {
  samples: Sample[];
  base: { connections: number; duration: number };
  tmp: string;
  apiArgs: string[];
  children: Child[];
  /** The machine's load average when the bench started (other load moves every figure). */
  loadAtStart: string;
}

/** Process ids of the started servers by URL (their CPU use is read during the load). */
const pids = new Map<string, number | undefined>();

/** Start an API process on `database` (SQLite file or postgres URL), logging to tmp/<name>.log. */
async function startApi(ctx: Context, database: string, name: string): Promise<Child> {
  const child = await startServer(['server/main.ts', '--db', database, ...ctx.apiArgs], path.join(ctx.tmp, `${name}.log`));
  ctx.children.push(child);
  pids.set(child.url, child.process.pid);
  return child;
}

/** Warm up, then identify and verify rows against `urls`, named after `backend`. */
async function measure(ctx: Context, backend: string, urls: string[]): Promise<Row[]> {
  const s = scenarios(urls.length === 1 ? (urls[0] as string) : urls, ctx.samples, ctx.base);
  await warmUp(s.identify);
  const pid = urls.length === 1 ? pids.get(urls[0] as string) : undefined;
  const identify = await load(`${backend}: POST /v1/identify (ani)`, s.identify, pid);
  await warmUp(s.verify, undefined, 5_000); // its own handlers (identify warmed the shared ones)
  return [identify, await load(`${backend}: challenge + verify (pairs)`, s.verify, pid)];
}

/** Stop API children (SIGTERM, then wait). */
async function stop(ctx: Context, ...children: Child[]): Promise<void> {
  await Promise.all(children.map((c) => stopChild(c, ctx.children)));
}

/** The PostgreSQL rows: one replica, then two replicas on the same database. */
async function postgresRows(ctx: Context, n: number, seedJson: string, notes: string[]): Promise<Row[]> {
  const server = pgServer();
  if (!server) {
    notes.push('PostgreSQL: skipped (not installed or not reachable; set BENCH_POSTGRES_URL)');
    return [];
  }
  try {
    const pg = await preparePg(server.url, n, seedJson);
    notes.push(`PostgreSQL: ${pg.seedS !== undefined ? `seeded in ${pg.seedS} s` : 'database cached'}`);
    const one = await startApi(ctx, pg.url, 'pg-1');
    const rows = await measure(ctx, 'PostgreSQL', [one.url]);
    const two = await startApi(ctx, pg.url, 'pg-2');
    rows.push(...(await measure(ctx, 'PostgreSQL, 2 replicas', [one.url, two.url])));
    notes.push(`PostgreSQL API start-up: ${one.startS} s`);
    await stop(ctx, one, two);
    return rows;
  } finally {
    server.release();
  }
}

/** The bench proper: the bare ceiling, identify and verify on SQLite, then PostgreSQL; prints the table. */
async function fullBench(ctx: Context, n: number, data: Awaited<ReturnType<typeof prepareData>>, noPostgres: boolean): Promise<void> {
  const api = await startApi(ctx, data.db, 'api');
  const bare = await startServer(['-e', BARE_SERVER], path.join(ctx.tmp, 'bare.log'));
  ctx.children.push(bare);
  process.stderr.write('Warming up ...\n');
  const bareRun = bareLoad(bare.url, ctx.base);
  await warmUp(bareRun);
  const rows: Row[] = [await load('bare node http (ceiling)', bareRun, bare.process.pid)];
  rows.push(...(await measure(ctx, 'SQLite', [api.url])));
  const logLines = fs.readFileSync(path.join(ctx.tmp, 'api.log'), 'utf8').split('\n').length;
  await stop(ctx, api, bare);
  const notes: string[] = [];
  if (!noPostgres) rows.push(...(await postgresRows(ctx, n, data.json, notes)));

  const [ceiling, identify] = [rows[0] as Row, rows[1] as Row];
  const r2 = (x: number) => Math.round(x * 100) / 100;
  // Each row against the bare ceiling: by req/s, and by server CPU per request (bare µs ÷ this row's µs), the ratio
  // req/s would have with both servers CPU-bound (less moved by other load than req/s).
  const vsBare = (r: Row) => ({ '÷ bare req/s': r2(r.rps / ceiling.rps), '÷ bare CPU': r2((ceiling.serverUsPerReq ?? NaN) / (r.serverUsPerReq ?? NaN)) });
  const { '÷ bare req/s': ratio, '÷ bare CPU': cpuRatio } = vsBare(identify);
  console.log(`\nCaller Verify API bench: ${n} customers, ${ctx.base.connections} connections, ${ctx.base.duration} s per run, ${os.cpus().length} CPUs, node ${process.version}`);
  const table = rows.map((r) => ({ scenario: r.name, 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors, 'non-2xx': r.non2xx, 'server CPU %': r.serverCpu, 'client CPU %': r.clientCpu, 'server µs/req': r.serverUsPerReq, 'client µs/req': r.clientUsPerReq, ...vsBare(r) }));
  console.table(table);
  console.log(`SQLite identify / bare ratio: ${ratio} (target >= ${TARGET.ratio}); server CPU per request, bare / identify: ${cpuRatio}`);
  console.log(`SQLite identify: ${identify.rps} req/s (target >= ${TARGET.identifyRps}), p99 ${identify.p99} ms (target <= ${TARGET.p99Ms}); access log on (info, one line per request)`);
  const split = (r: Row) => `${r.serverUsPerReq} µs (main thread ${r.serverMainUsPerReq} µs, other threads ${(r.serverUsPerReq ?? NaN) - (r.serverMainUsPerReq ?? NaN)} µs)`;
  console.log(`Server CPU per request after a warm-up of ${WARM_UP_REQUESTS} requests: SQLite identify ${split(identify)}; bare ${split(ceiling)}`);
  const late = rows.reduce((sum, r) => sum + r.lateRequests, 0);
  console.log(`Load generator CPU per request (shares the cores): SQLite identify ${identify.clientUsPerReq} µs (requests built before the clock${late > 0 ? `; ${late} built late, the pool ran out` : ''}), bare ${ceiling.clientUsPerReq} µs`);
  const prepared = `${data.seedS !== undefined ? `; seeding: ${data.seedS} s` : ' (database cached)'}${data.generateS !== undefined ? `; generating: ${data.generateS} s` : ''}`;
  console.log(`SQLite API start-up on the seeded database: ${api.startS} s${prepared}`);
  for (const note of notes) console.log(note);
  console.log(`load average (1, 5, 15 min): at the start ${ctx.loadAtStart}, at the end ${loadAverage()}`);
  console.log(`SQLite API log (info level, one line per request): ${logLines} lines`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '1000000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      'data-dir': { type: 'string', default: path.join('.data', 'bench') },
      'no-postgres': { type: 'boolean', default: false },
      compare: { type: 'string' },
      rounds: { type: 'string', default: '4' },
      amount: { type: 'string', default: '20000' },
      'compare-only': { type: 'boolean', default: false },
      'same-args': { type: 'boolean', default: false },
      profile: { type: 'string' },
      top: { type: 'string', default: '25' },
      'profile-only': { type: 'boolean', default: false },
      layers: { type: 'boolean', default: false },
      'client-compare': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const n = Number(values.customers);
  const base = { connections: Number(values.connections), duration: Number(values.duration) };
  const ctx: Context = { samples: [], base, tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'cv-bench-')), apiArgs: [], children: [], loadAtStart: loadAverage() };
  const stopAll = () => ctx.children.forEach((c) => c.process.kill('SIGKILL'));
  const guard = setTimeout(() => {
    process.stderr.write('bench: overall time limit reached, stopping\n');
    stopAll();
    process.exit(2);
  }, 45 * 60_000);
  guard.unref();
  try {
    process.stderr.write(`Preparing ${n} customers in ${values['data-dir']} ...\n`);
    const data = await prepareData(n, path.resolve(values['data-dir']));
    ctx.samples = sampleCustomers(data.db, 20_000);
    const tokenFile = path.join(ctx.tmp, 'tokens');
    // The load is an IVR's (every caller of the centre); verify records verifiedBy agent, hence both scopes.
    fs.writeFileSync(tokenFile, `${TOKEN} agent ivr\n`, { mode: 0o600 });
    // Limits high enough not to trigger, but counted (and written behind) as in production.
    const huge = 100_000_000;
    const configFile = path.join(ctx.tmp, 'config.json');
    const budget = { perInteraction: 1000, lookupsPerHour: huge, missesPerHour: huge, sourceMissesPerHour: huge };
    fs.writeFileSync(configFile, JSON.stringify({ rateLimits: { identify: { ivr: budget } } }));
    const limits = ['--rate-limit', String(huge), '--customer-rate-limit', '1000'];
    // autocannon keeps sending on a socket the server asked to close (Connection: close after
    // maxRequestsPerSocket), and Node answers those requests 503: no per-socket limit under load.
    ctx.apiArgs = ['--port', '0', '--host', '127.0.0.1', '--token-file', tokenFile, '--config', configFile, ...limits, '--max-requests-per-socket', '0'];
    const only = values['compare-only'] || values['profile-only'] || values.layers || values['client-compare'];
    if (!only) await fullBench(ctx, n, data, values['no-postgres']);
    const rounds = { rounds: Number(values.rounds), amount: Number(values.amount), connections: base.connections };
    const local = { database: data.db, apiArgs: ctx.apiArgs, samples: ctx.samples, ...rounds, tmp: ctx.tmp, children: ctx.children };
    if (values.layers) await measureLayers(local);
    if (values['client-compare']) await compareClients(local);
    if (values.profile !== undefined) {
      const top = Number(values.top);
      await profileIdentify({ dir: path.resolve(values.profile), database: data.db, apiArgs: ctx.apiArgs, samples: ctx.samples, ...base, top, tmp: ctx.tmp, children: ctx.children });
    }
    if (values.compare !== undefined) {
      const plainTokens = path.join(ctx.tmp, 'tokens-plain');
      fs.writeFileSync(plainTokens, `${TOKEN}\n`, { mode: 0o600 }); // a server before token scopes
      const baseArgs = ['--port', '0', '--host', '127.0.0.1', '--token-file', plainTokens, ...limits];
      const cmp = { dir: path.resolve(values.compare), baseArgs: values['same-args'] ? ctx.apiArgs : baseArgs, thisArgs: ctx.apiArgs, database: data.db, samples: ctx.samples };
      const rows = await compareIdentify({ ...cmp, ...rounds, tmp: ctx.tmp, children: ctx.children });
      printComparison(rows, rounds.amount);
      console.log(`load average (1, 5, 15 min): at the start ${ctx.loadAtStart}, at the end ${loadAverage()}`);
    }
  } finally {
    stopAll();
    clearTimeout(guard);
    fs.rmSync(ctx.tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
