/**
 * `--client-compare` of bench/api-bench.ts: what the load generator costs per request, which it takes from the
 * server on a machine where both share the cores. One API server and one bare server; rounds alternate identify
 * with each request built as it is sent (autocannon's `setupRequest`, as the bench did before), identify from the
 * pre-built pool (bench/api-bench-requests.ts, as it does now) and the bare load, with the client's and the server's
 * CPU per request of each (medians over the rounds).
 */
import path from 'node:path';
import { ROUTES } from '../lib/api/contract.ts';
import { median } from './api-bench-compare.ts';
import { bareLoad, cpuSeconds, load, loadAverage, scenarios, TOKEN, warmUp, type Row } from './api-bench-scenarios.ts';
import { BARE_SERVER, startServer, stopChild, type Child, type ModeOptions, type Sample } from './api-bench-setup.ts';

/** What to measure. */
export type ClientCompareOptions = ModeOptions;

/** Identify with a new body built in autocannon's `setupRequest` for every request (the bench's load until 2026-12-07). */
function perRequestIdentify(url: string, samples: Sample[], base: { connections: number; duration: number }) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  const run = `pr-${Date.now().toString(36)}`;
  let next = 0;
  const pick = () => samples[next++ % samples.length] as Sample;
  const setupRequest = (req: object) => ({ ...req, body: JSON.stringify({ interactionId: `bench-${run}-${next}`, method: 'ani', value: pick().phone }) });
  return { ...base, url, requests: [{ method: 'POST', path: ROUTES.identify.path, headers, setupRequest }] };
}

type Kind = 'identify, built per request' | 'identify, pre-built' | 'bare';

/** Run the rounds (order rotating) and print each round and the medians. */
export async function compareClients(o: ClientCompareOptions): Promise<void> {
  const base = { connections: o.connections, duration: 60 };
  const api = await startServer(['server/main.ts', '--db', o.database, ...o.apiArgs], path.join(o.tmp, 'client-api.log'));
  o.children.push(api);
  const bare = await startServer(['-e', BARE_SERVER], path.join(o.tmp, 'client-bare.log'));
  o.children.push(bare);
  const kinds: { kind: Kind; child: Child; opts: () => Parameters<typeof load>[1] }[] = [
    { kind: 'identify, built per request', child: api, opts: () => perRequestIdentify(api.url, o.samples, base) },
    { kind: 'identify, pre-built', child: api, opts: () => scenarios(api.url, o.samples, base).identify },
    { kind: 'bare', child: bare, opts: () => bareLoad(bare.url, base) },
  ];
  for (const k of kinds.slice(1)) await warmUp(k.opts());
  const rows: (Row & { kind: Kind; round: number; serverUs: number })[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    for (const k of [...kinds.slice((round - 1) % 3), ...kinds.slice(0, (round - 1) % 3)]) {
      const before = cpuSeconds(k.child.process.pid);
      const row = await load(`${k.kind} (round ${round})`, { ...k.opts(), amount: o.amount });
      const serverUs = Math.round(((cpuSeconds(k.child.process.pid) - before) / o.amount) * 1e6 * 10) / 10;
      rows.push({ ...row, kind: k.kind, round, serverUs });
    }
  }
  await Promise.all([stopChild(api, o.children), stopChild(bare, o.children)]);
  console.log(`\nLoad generator cost: ${o.rounds} rounds of ${o.amount} requests, ${o.connections} connections, one warm API and one bare server`);
  console.table(rows.map((r) => ({ load: r.kind, round: r.round, 'client µs/req': r.clientUsPerReq, 'server µs/req': r.serverUs, 'req/s': r.rps, 'p99 ms': r.p99, 'non-2xx': r.failures || 0, 'late builds': r.lateRequests })));
  const med = (kind: Kind, key: 'clientUsPerReq' | 'serverUs' | 'rps') => median(rows.filter((r) => r.kind === kind).map((r) => r[key]));
  for (const { kind } of kinds) {
    console.log(`median ${kind}: client ${med(kind, 'clientUsPerReq')} µs/req, server ${med(kind, 'serverUs')} µs/req, ${med(kind, 'rps')} req/s`);
  }
  const ratio = (kind: Kind) => Math.round((med(kind, 'rps') / med('bare', 'rps')) * 100) / 100;
  console.log(`identify / bare, req/s: built per request ${ratio('identify, built per request')}, pre-built ${ratio('identify, pre-built')}`);
  console.log(`load average (1, 5, 15 min) at the end: ${loadAverage()}`);
}
