/**
 * `--profile DIR` of bench/api-bench.ts: identify on SQLite against an API process started with
 * `node --cpu-prof`, then where its time went during the load (bench/cpuprofile-top.ts, only the
 * samples of the load window, so start-up and warm-up are left out). The bare server is profiled the
 * same way, as the floor that Node's HTTP and the loopback socket cost alone. The .cpuprofile files
 * are kept in DIR (open them in Chrome DevTools, Performance panel, for the call tree).
 */
import fs from 'node:fs';
import path from 'node:path';
import { printProfile, summarise, type CpuProfile, type Window } from './cpuprofile-top.ts';
import { bareLoad, load, scenarios, warmUp, type Row } from './api-bench-scenarios.ts';
import { BARE_SERVER, startServer, stopChild, type Child, type Sample } from './api-bench-setup.ts';

/** What to profile. */
export interface ProfileOptions {
  dir: string;
  database: string;
  apiArgs: string[];
  samples: Sample[];
  connections: number;
  duration: number;
  top: number;
  tmp: string;
  children: Child[];
}

/** Now on the monotonic clock in µs, the clock of a CPU profile's sample times. */
function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Start `args` under --cpu-prof into `dir/name`, load it with `run` after a warm-up, stop it; the profile's path and window. */
async function profiled(o: ProfileOptions, name: string, args: string[], run: (url: string) => Parameters<typeof load>[1]): Promise<{ file: string; row: Row; window: { fromUs: number; toUs: number } }> {
  const out = path.join(o.dir, name);
  fs.rmSync(out, { recursive: true, force: true });
  const child = await startServer(['--cpu-prof', '--cpu-prof-dir', out, ...args], path.join(o.tmp, `profile-${name}.log`));
  o.children.push(child);
  await warmUp(run(child.url));
  const fromUs = nowUs();
  const row = await load(`${name} (profiled)`, run(child.url), child.process.pid);
  const toUs = nowUs();
  await stopChild(child, o.children);
  const file = fs.readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no CPU profile written in ${out}`);
  return { file: path.join(out, file), row, window: { fromUs, toUs } };
}

/** The group of a profile area (cpuprofile-top's areaOf) in the roll-up of where a request's time goes. */
function groupOf(area: string): string {
  if (/^native write(v|Buffer|\w*String)$/.test(area)) return 'socket writes (system call: loopback TCP, waking the client)';
  if (area === 'server/db/sqlite.ts' || area === 'better-sqlite3') return 'SQLite (statements, read transactions)';
  if (area === '(idle)' || area === '(garbage collector)') return area;
  if (area === '(program)' || area.startsWith('native ')) return 'other native (libuv, HTTP parser, V8 runtime)';
  if (area === 'node:crypto') return 'node:crypto (token digest, request ids)';
  if (area.startsWith('node:')) return 'Node HTTP, streams, timers, events';
  if (/^(fastify|@fastify\/|find-my-way|secure-json-parse|toad-cache|avvio|fast-json-stringify|light-my-request|fastq|rfdc)/.test(area)) return 'Fastify and its plugins';
  if (/^(pino|sonic-boom|thread-stream)/.test(area)) return 'pino';
  if (area === 'zod' || area === 'libphonenumber-js') return area;
  if (area.startsWith('server/') || area.startsWith('lib/')) return 'our code (routes, auth, identify, rate limits, risk, access line)';
  return 'other';
}

/** Self time of `profile` in `window` rolled up by groupOf, µs per request. */
function groups(profile: CpuProfile, window: Window, requests: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of summarise(profile, window).selfAreas) out.set(groupOf(a.name), (out.get(groupOf(a.name)) ?? 0) + a.ms);
  for (const [name, ms] of out) out.set(name, Math.round((ms / requests) * 10000) / 10);
  return out;
}

/** Print where a request's time went, group by group, for identify next to the bare server (wall µs per request). */
function printGroups(api: { file: string; row: Row; window: Window }, bare: { file: string; row: Row; window: Window }): void {
  const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as CpuProfile;
  const [a, b] = [groups(read(api.file), api.window, api.row.requests), groups(read(bare.file), bare.window, bare.row.requests)];
  const names = [...a.keys()].sort((x, y) => (a.get(y) ?? 0) - (a.get(x) ?? 0));
  console.log('\nWhere a request\'s time goes, µs of wall time per request by group (self time of the load window; "(idle)" is waiting)');
  console.table(names.map((name) => ({ group: name, 'identify µs/req': a.get(name), 'bare µs/req': b.get(name) ?? 0 })));
}

/** Profile the bare server and identify on SQLite, one after the other, and print both summaries. */
export async function profileIdentify(o: ProfileOptions): Promise<void> {
  fs.mkdirSync(o.dir, { recursive: true });
  const bare = await profiled(o, 'bare', ['-e', BARE_SERVER], (url) => bareLoad(url, o));
  const api = await profiled(o, 'identify', ['server/main.ts', '--db', o.database, ...o.apiArgs], (url) => scenarios(url, o.samples, o).identify);
  console.log('\nCPU profiles of the load window (wall time: a function waiting in a system call, or preempted in one, counts as busy)');
  console.table([bare.row, api.row].map((r) => ({ scenario: r.name, 'req/s': r.rps, 'p99 ms': r.p99, 'server CPU %': r.serverCpu, 'client CPU %': r.clientCpu, 'server CPU µs/req': r.serverUsPerReq })));
  printProfile(bare.file, Math.min(o.top, 12), bare.window, bare.row.requests);
  printProfile(api.file, o.top, api.window, api.row.requests);
  printGroups(api, bare);
}
