/**
 * `--layers` of bench/api-bench.ts: where an identify request's server CPU goes, layer by layer, from
 * servers that each add one layer, measured in alternating rounds (server CPU per request from /proc,
 * medians): bare Node http; a minimal Fastify app (one POST route parsing the JSON body, a fixed reply,
 * no logger); our API's public GET /healthz (Fastify plus our hooks: overload check, CORS, headers,
 * access log); identify with the access log off; identify as run in production. Differences between
 * neighbours are the cost of each layer.
 */
import path from 'node:path';
import { bareLoad, cpuSeconds, load, scenarios, warmUp } from './api-bench-scenarios.ts';
import { median } from './api-bench-compare.ts';
import { BARE_SERVER, startServer, stopChild, type ModeOptions } from './api-bench-setup.ts';

/** One POST route answering the bare server's body, no logger: what Fastify itself costs per request. */
const FASTIFY_SERVER = `
const app = require('fastify')({ logger: false });
const body = { candidates: [{ customerId: 'C-1', displayName: 'Ada Lovelace', kind: 'person' }], attemptsRemaining: 3 };
app.post('/v1/identify', async () => body);
app.listen({ port: 0, host: '127.0.0.1' }).then((url) => console.log('fastify listening on ' + url));
process.on('SIGTERM', () => process.exit(0));
`;

/** What to measure. */
export type LayerOptions = ModeOptions;

type Kind = 'bare' | 'api-get' | 'identify';

/** Run the layers in rotating order for `rounds` rounds and print the medians and the differences. */
export async function measureLayers(o: LayerOptions): Promise<void> {
  const api = (extra: string[]) => ['server/main.ts', '--db', o.database, ...o.apiArgs, ...extra];
  const layers: { name: string; args: string[]; kind: Kind }[] = [
    { name: 'bare node http', args: ['-e', BARE_SERVER], kind: 'bare' },
    { name: 'fastify, one route, no logger', args: ['-e', FASTIFY_SERVER], kind: 'bare' },
    { name: 'our API, GET /healthz', args: api([]), kind: 'api-get' },
    { name: 'identify, access log off', args: api(['--log-level', 'warn']), kind: 'identify' },
    { name: 'identify', args: api([]), kind: 'identify' },
  ];
  const cpu = new Map<string, number[]>();
  const rps = new Map<string, number[]>();
  for (let round = 0; round < o.rounds; round++) {
    const order = [...layers.slice(round % layers.length), ...layers.slice(0, round % layers.length)];
    for (const layer of order) {
      const child = await startServer(layer.args, path.join(o.tmp, `layer-${round}.log`));
      o.children.push(child);
      const base = { connections: o.connections, duration: 60, url: child.url };
      const opts =
        layer.kind === 'identify' ? scenarios(child.url, o.samples, base).identify
        : layer.kind === 'api-get' ? { ...base, url: `${child.url}/healthz` }
        : bareLoad(`${child.url}/v1/identify`, base);
      await warmUp(opts);
      const before = cpuSeconds(child.process.pid);
      const row = await load(layer.name, { ...opts, amount: o.amount });
      const us = ((cpuSeconds(child.process.pid) - before) / o.amount) * 1e6;
      if (row.non2xx > 0 || row.errors > 0) throw new Error(`${layer.name}: ${row.failures || row.non2xx} non-2xx, ${row.errors} errors`);
      cpu.set(layer.name, [...(cpu.get(layer.name) ?? []), us]);
      rps.set(layer.name, [...(rps.get(layer.name) ?? []), row.rps]);
      await stopChild(child, o.children);
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  let previous = 0;
  console.log(`\nServer CPU per request by layer: ${o.rounds} rounds of ${o.amount} requests, medians`);
  console.table(layers.map((l) => {
    const us = median(cpu.get(l.name) ?? []);
    const row = { layer: l.name, 'CPU µs/req': r1(us), 'added µs': r1(us - previous), 'req/s': median(rps.get(l.name) ?? []) };
    previous = us;
    return row;
  }));
}
