/**
 * Load scenarios of bench/api-bench.ts for autocannon: identify-by-ANI, and challenge + verify pairs,
 * against one API URL or several replicas (autocannon spreads its connections over the URLs).
 */
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { ROUTES } from '../lib/api/contract.ts';
import { IdentifyPool, POOL_RATE, poolOf } from './api-bench-requests.ts';
import type { Sample } from './api-bench-setup.ts';

export const TOKEN = 'bench-token-0123456789abcdef';

/** Scenario sets made so far: each set's interaction ids are new, even against a database kept from earlier runs. */
let sets = 0;

/** One line of the results table. */
export interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Responses received. */
  requests: number;
  /** Count of each non-2xx status, e.g. "503×12" (empty when all were 2xx). */
  failures: string;
  /** CPU use during the run in % of one core: the server process (when its pid is given) and this one (the client). */
  serverCpu?: number;
  clientCpu: number;
  /** Server CPU per request in µs; of it, the main thread's (JavaScript, HTTP, SQLite; the rest: V8's GC and compiler threads, the WAL checkpointer, log writes). */
  serverUsPerReq?: number;
  serverMainUsPerReq?: number;
  /** The client's (this process's: autocannon and the bench) CPU per response in µs: what the load takes from the server's cores. */
  clientUsPerReq: number;
  /** Identify requests built during the load because the pre-built pool ran out (0 unless the pool was too small). */
  lateRequests: number;
}

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on every Linux build in use). */
const USER_HZ = 100;

/** CPU seconds used so far by process `pid` (all its threads; with `mainThread`, its main thread's); NaN without /proc. */
export function cpuSeconds(pid: number | undefined, mainThread = false): number {
  try {
    const stat = fs.readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return NaN;
  }
}

/** The machine's load average over 1, 5 and 15 minutes (printed with every figure: other load moves them). */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** The value at quantile q of sorted `values`. */
function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
}

/**
 * Run autocannon and compute percentiles from every response time (autocannon's histogram is whole ms).
 * With the server's `pid`, also its CPU use and CPU per request; the client's CPU use always (is it the limit?).
 */
export async function load(name: string, opts: Parameters<typeof autocannon>[0], pid?: number): Promise<Row> {
  const pool = poolOf(opts);
  pool?.fill(opts.amount ?? (opts.duration ?? 10) * POOL_RATE);
  const late0 = pool?.late ?? 0;
  const times: number[] = [];
  const [wall0, client0, server0, main0] = [performance.now(), process.cpuUsage(), cpuSeconds(pid), cpuSeconds(pid, true)];
  const instance = autocannon(opts);
  const failed = new Map<number, number>();
  let lastAt = wall0;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    lastAt = performance.now();
    if (status < 200 || status > 299) failed.set(status, (failed.get(status) ?? 0) + 1);
  });
  const result = await instance;
  const wallS = (performance.now() - wall0) / 1000;
  const client = process.cpuUsage(client0);
  const [serverS, mainS] = [cpuSeconds(pid) - server0, cpuSeconds(pid, true) - main0];
  times.sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const perReq = (s: number) => Math.round((s / Math.max(1, times.length)) * 1e6);
  const cpu = pid === undefined ? {} : { serverCpu: Math.round((serverS / wallS) * 100), serverUsPerReq: perReq(serverS), serverMainUsPerReq: perReq(mainS) };
  return {
    name,
    // Responses over the time to the last one: autocannon's own average is per whole second, and it reports up to
    // 1 s after a run of `amount` requests ended (15,000 requests in 2.4 s read as 5,000 or 7,500 req/s).
    rps: Math.round(times.length / ((lastAt - wall0) / 1000)),
    p50: r2(quantile(times, 0.5)),
    p99: r2(quantile(times, 0.99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: times.length,
    failures: [...failed].map(([status, n]) => `${status}×${n}`).join(' '),
    clientCpu: Math.round(((client.user + client.system) / 1e6 / wallS) * 100),
    clientUsPerReq: perReq((client.user + client.system) / 1e6),
    lateRequests: (pool?.late ?? 0) - late0,
    ...cpu,
  };
}

/**
 * Requests sent to a fresh server before anything is measured. V8 runs a new process's code interpreted, then
 * compiles what is hot on background threads: on the 2-core VM an identify server's CPU per request is about
 * 400 µs over its first 5,000 requests, 180 µs over the next 5,000 and steady (120-140 µs) only after about
 * 10,000; a warm-up of 2 s or of a tenth of a round measured that compilation (the compare mode's 212 µs).
 */
export const WARM_UP_REQUESTS = 20_000;

/** Warm `opts`'s server up with WARM_UP_REQUESTS requests (autocannon's `amount` overrides its duration). */
export function warmUp(opts: Parameters<typeof autocannon>[0], pid?: number, requests = WARM_UP_REQUESTS): Promise<Row> {
  return load('warm-up', { ...opts, amount: requests }, pid);
}

/** The load on a bare ceiling server (bare node http or a minimal Fastify app): an identify-shaped POST, same body every time. */
export function bareLoad(url: string, base: { connections: number; duration: number }) {
  const body = JSON.stringify({ interactionId: 'x', method: 'ani', value: '+14155550100' });
  return { ...base, url, method: 'POST', body, headers: { 'content-type': 'application/json' } };
}

/** The scenarios against the API: identify by ANI, and challenge + verify pairs. */
export function scenarios(url: string | string[], samples: Sample[], base: { connections: number; duration: number }) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  let next = 0;
  const run = `${Date.now().toString(36)}-${++sets}`;
  const pick = () => samples[next++ % samples.length] as Sample;
  // Identify's requests are built before the clock (bench/api-bench-requests.ts); verify's depend on the answers.
  const pool = new IdentifyPool(Array.isArray(url) ? url : [url], samples, run, ROUTES.identify.path, headers);
  const identify = { ...base, url, requests: [{ method: 'POST', path: ROUTES.identify.path, headers }], setupClient: pool.setupClient };
  const verify = {
    ...base,
    url,
    requests: [
      {
        method: 'POST',
        path: ROUTES.challenge.path,
        headers,
        setupRequest: (req: object, ctx: Record<string, unknown>) => {
          const s = pick();
          ctx.sample = s;
          ctx.interaction = `bench-v-${run}-${next}`;
          return { ...req, body: JSON.stringify({ interactionId: ctx.interaction, customerId: s.customerId }) };
        },
        onResponse: (_status: number, body: string, ctx: Record<string, unknown>) => {
          ctx.challengeId = (JSON.parse(body) as { challengeId?: string }).challengeId;
        },
      },
      {
        method: 'POST',
        path: ROUTES.verify.path,
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
