/**
 * `--compare DIR` of bench/api-bench.ts: identify-by-ANI against the server in DIR (an older checkout)
 * and this tree's, and the bare server, alternating for several rounds on the same database, each round
 * a fixed number of requests (the order rotates every round). Besides req/s it reads each server
 * process's CPU time (utime + stime from /proc/PID/stat, every thread) before and after the round: CPU
 * per request moves less with other load on the machine than req/s and latency do. Medians over the
 * rounds make the verdict; each API's identify/bare ratio is taken against the bare server's rounds.
 */
import path from 'node:path';
import { bareLoad, cpuSeconds, load, scenarios, warmUp, WARM_UP_REQUESTS, type Row } from './api-bench-scenarios.ts';
import { BARE_SERVER, startServer, stopChild, type ModeOptions } from './api-bench-setup.ts';

/** What to compare, and how: a mode's options, with the older checkout's command line and this tree's for `apiArgs`. */
export interface CompareOptions extends Omit<ModeOptions, 'apiArgs'> {
  /** The older checkout (its server/main.ts is started) and its command line. */
  dir: string;
  baseArgs: string[];
  /** This tree's command line. */
  thisArgs: string[];
}

/** One identify round of one server. */
export interface CpuRow extends Row {
  label: 'baseline' | 'this tree' | 'bare';
  round: number;
  /** API-process CPU per request in µs; NaN where /proc is missing. */
  cpuUs: number;
  /** The same over the fresh process's warm-up (V8 compiling the hot code). */
  warmUpCpuUs: number;
}

/** Median of `values` (NaN when empty). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Run the alternating rounds (the order of the three servers rotates each round). */
export async function compareIdentify(o: CompareOptions): Promise<CpuRow[]> {
  const servers = [
    { label: 'baseline', args: [path.join(o.dir, 'server', 'main.ts'), '--db', o.database, ...o.baseArgs] },
    { label: 'this tree', args: ['server/main.ts', '--db', o.database, ...o.thisArgs] },
    { label: 'bare', args: ['-e', BARE_SERVER] },
  ] as const;
  const rows: CpuRow[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const order = [...servers.slice((round - 1) % 3), ...servers.slice(0, (round - 1) % 3)];
    for (const { label, args } of order) {
      const child = await startServer([...args], path.join(o.tmp, `cmp-${label.replace(' ', '-')}-${round}.log`));
      o.children.push(child);
      // With `amount`, autocannon ignores the duration.
      const s = scenarios(child.url, o.samples, { connections: o.connections, duration: 60 });
      const run = (amount: number) => ({ ...(label === 'bare' ? bareLoad(child.url, { connections: o.connections, duration: 60 }) : s.identify), amount });
      const warm = await warmUp(run(0), child.process.pid);
      const before = cpuSeconds(child.process.pid);
      const row = await load(`identify, ${label} (round ${round})`, run(o.amount));
      const used = cpuSeconds(child.process.pid) - before;
      rows.push({ ...row, label, round, cpuUs: Math.round((used / o.amount) * 1e6 * 10) / 10, warmUpCpuUs: warm.serverUsPerReq ?? NaN });
      await stopChild(child, o.children);
    }
  }
  return rows;
}

/** Print the rounds and the medians: CPU and req/s of this tree against the baseline, and each one's ratio to bare. */
export function printComparison(rows: CpuRow[], amount: number): void {
  console.log(`\nIdentify, baseline vs this tree vs the bare server: ${amount} requests per round, server-process CPU per request`);
  console.table(rows.map((r) => ({ server: r.label, round: r.round, 'CPU µs/req': r.cpuUs, 'warm-up CPU µs/req': r.warmUpCpuUs, 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, 'client CPU %': r.clientCpu, 'non-2xx': r.failures || 0 })));
  const med = (label: CpuRow['label'], key: 'cpuUs' | 'warmUpCpuUs' | 'rps' | 'p99') => median(rows.filter((r) => r.label === label).map((r) => r[key]));
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const both = (key: 'cpuUs' | 'warmUpCpuUs' | 'rps' | 'p99'): [number, number] => [med('baseline', key), med('this tree', key)];
  const [cpu, rps, p99] = [both('cpuUs'), both('rps'), both('p99')];
  console.log(`median CPU per identify: baseline ${cpu[0]} µs, this tree ${cpu[1]} µs (${pct(cpu[0], cpu[1])}); bare ${med('bare', 'cpuUs')} µs`);
  const warm = both('warmUpCpuUs');
  console.log(`median CPU per request over a fresh server's first ${WARM_UP_REQUESTS} (V8 compiling): baseline ${warm[0]} µs, this tree ${warm[1]} µs; bare ${med('bare', 'warmUpCpuUs')} µs`);
  console.log(`median identify req/s: baseline ${rps[0]}, this tree ${rps[1]} (${pct(rps[0], rps[1])}); bare ${med('bare', 'rps')}`);
  console.log(`median p99: baseline ${r2(p99[0])} ms, this tree ${r2(p99[1])} ms; bare ${r2(med('bare', 'p99'))} ms`);
  console.log(`identify / bare, req/s: baseline ${r2(rps[0] / med('bare', 'rps'))}, this tree ${r2(rps[1] / med('bare', 'rps'))}; server CPU per request, bare / identify: baseline ${r2(med('bare', 'cpuUs') / cpu[0])}, this tree ${r2(med('bare', 'cpuUs') / cpu[1])}`);
}
