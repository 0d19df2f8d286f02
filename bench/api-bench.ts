/**
 * Load test of the reference API on 127.0.0.1 with autocannon, next to a bare Node `http` server
 * answering a fixed JSON body (the ceiling on this machine):
 *   node bench/api-bench.ts [--customers 1000000] [--duration 10] [--connections 16] [--data-dir .data/bench]
 * Measures identify-by-ANI and challenge+verify pairs, req/s and p50/p99 (from every response, in ms),
 * the identify/bare ratio and the API's start-up time on the seeded database. Stops by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BARE_SERVER, prepareData, sampleCustomers, startServer, type Child, type Sample } from './api-bench-setup.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const TARGET = { identifyRps: 5000, p99Ms: 10, ratio: 0.3 };

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** The value at quantile q of sorted `values`. */
function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
}

/** Run autocannon and compute percentiles from every response time (autocannon's histogram is whole ms). */
async function load(name: string, opts: Parameters<typeof autocannon>[0]): Promise<Row> {
  const times: number[] = [];
  const instance = autocannon(opts);
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: r2(quantile(times, 0.5)),
    p99: r2(quantile(times, 0.99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The scenarios against the API: identify by ANI, and challenge + verify pairs. */
function scenarios(url: string, samples: Sample[], base: { connections: number; duration: number }) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  let next = 0;
  const pick = () => samples[next++ % samples.length] as Sample;
  const identify = {
    ...base,
    url,
    requests: [
      {
        method: 'POST',
        path: '/v1/identify',
        headers,
        setupRequest: (req: object) => {
          const body = JSON.stringify({ interactionId: `bench-${next}`, method: 'ani', value: pick().phone });
          return { ...req, body };
        },
      },
    ],
  };
  const verify = {
    ...base,
    url,
    requests: [
      {
        method: 'POST',
        path: '/v1/challenge',
        headers,
        setupRequest: (req: object, ctx: Record<string, unknown>) => {
          const s = pick();
          ctx.sample = s;
          ctx.interaction = `bench-v-${next}`;
          return { ...req, body: JSON.stringify({ interactionId: ctx.interaction, customerId: s.customerId }) };
        },
        onResponse: (_status: number, body: string, ctx: Record<string, unknown>) => {
          ctx.challengeId = (JSON.parse(body) as { challengeId?: string }).challengeId;
        },
      },
      {
        method: 'POST',
        path: '/v1/verify',
        headers,
        setupRequest: (req: object, ctx: Record<string, unknown>) => {
          const s = ctx.sample as Sample;
          const answers = [{ questionId: 'dob', answer: s.dob }, { questionId: 'pin_last4', answer: s.pin }];
          return { ...req, body: JSON.stringify({ interactionId: ctx.interaction, challengeId: ctx.challengeId, answers }) };
        },
      },
    ],
  };
  return { identify, verify };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '1000000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      'data-dir': { type: 'string', default: path.join('.data', 'bench') },
    },
  });
  const n = Number(values.customers);
  const base = { connections: Number(values.connections), duration: Number(values.duration) };
  const children: Child[] = [];
  const stopAll = () => children.forEach((c) => c.process.kill('SIGKILL'));
  const guard = setTimeout(() => {
    process.stderr.write('bench: overall time limit reached, stopping\n');
    stopAll();
    process.exit(2);
  }, 30 * 60_000);
  guard.unref();
  try {
    process.stderr.write(`Preparing ${n} customers in ${values['data-dir']} ...\n`);
    const data = await prepareData(n, path.resolve(values['data-dir']));
    const samples = sampleCustomers(data.db, 20_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-bench-'));
    const tokenFile = path.join(tmp, 'tokens');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const apiArgs = ['--db', data.db, '--port', '0', '--host', '127.0.0.1', '--token-file', tokenFile];
    // Limits high enough not to trigger, but counted (and written behind) as in production.
    apiArgs.push('--rate-limit', '100000000', '--customer-rate-limit', '1000');
    const api = await startServer(['server/main.ts', ...apiArgs], path.join(tmp, 'api.log'));
    children.push(api);
    const bare = await startServer(['-e', BARE_SERVER], path.join(tmp, 'bare.log'));
    children.push(bare);
    const s = scenarios(api.url, samples, base);
    const warm = { ...base, duration: 2 };
    process.stderr.write('Warming up ...\n');
    await load('warm-up', { ...s.identify, ...warm });
    await load('warm-up', { ...warm, url: bare.url, method: 'POST', body: '{}' });
    const rows: Row[] = [];
    const bareBody = JSON.stringify({ interactionId: 'x', method: 'ani', value: '+14155550100' });
    const bareRun = { ...base, url: bare.url, method: 'POST', body: bareBody, headers: { 'content-type': 'application/json' } };
    rows.push(await load('bare node http (ceiling)', bareRun));
    rows.push(await load('POST /v1/identify (ani)', s.identify));
    rows.push(await load('challenge + verify (pairs)', s.verify));

    const [ceiling, identify] = [rows[0] as Row, rows[1] as Row];
    const ratio = Math.round((identify.rps / ceiling.rps) * 100) / 100;
    const setup = `${base.connections} connections, ${base.duration} s per run, ${os.cpus().length} CPUs, node ${process.version}`;
    console.log(`\nCaller Verify API bench: ${n} customers, ${setup}`);
    const table = rows.map((r) => ({ scenario: r.name, 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors, 'non-2xx': r.non2xx }));
    console.table(table);
    console.log(`identify / bare ratio: ${ratio} (target >= ${TARGET.ratio})`);
    console.log(`identify: ${identify.rps} req/s (target >= ${TARGET.identifyRps}), p99 ${identify.p99} ms (target <= ${TARGET.p99Ms})`);
    const seeded = data.seedS !== undefined ? `; seeding: ${data.seedS} s` : ' (database cached)';
    const generated = data.generateS !== undefined ? `; generating: ${data.generateS} s` : '';
    console.log(`API start-up on the seeded database: ${api.startS} s${seeded}${generated}`);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const logLines = fs.readFileSync(path.join(tmp, 'api.log'), 'utf8').split('\n').length;
    console.log(`API log (info level, one line per request): ${logLines} lines`);
    fs.rmSync(tmp, { recursive: true, force: true });
  } finally {
    stopAll();
    clearTimeout(guard);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
