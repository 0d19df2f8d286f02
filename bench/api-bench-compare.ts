/**
 * `--compare DIR` of bench/api-bench.ts: identify-by-ANI against the server in DIR (an older checkout)
 * and this tree's, alternating for several rounds on the same database, each round a fixed number of
 * requests. Besides req/s it reads the API process's CPU time (utime + stime from /proc/PID/stat, every
 * thread) before and after the round: CPU per request barely moves with other load on the machine,
 * where req/s and latency follow it. Medians over the rounds make the verdict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { load, scenarios, type Row } from './api-bench-scenarios.ts';
import { startServer, type Child, type Sample } from './api-bench-setup.ts';

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on every Linux build in use). */
const USER_HZ = 100;

/** What to compare, and how. */
export interface CompareOptions {
  /** The older checkout (its server/main.ts is started) and its command line. */
  dir: string;
  baseArgs: string[];
  /** This tree's command line. */
  thisArgs: string[];
  database: string;
  samples: Sample[];
  rounds: number;
  /** Requests per round (after a warm-up of a tenth of that). */
  amount: number;
  connections: number;
  tmp: string;
  /** Keeps started children so the caller can kill them on a time-out. */
  children: Child[];
}

/** One identify round of one server. */
export interface CpuRow extends Row {
  label: 'baseline' | 'this tree';
  round: number;
  /** API-process CPU per request in µs; NaN where /proc is missing. */
  cpuUs: number;
}

/** CPU seconds used so far by process `pid` (all its threads); NaN without /proc. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return NaN;
  }
}

/** Stop a child (SIGTERM) and wait for it. */
function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

/** Median of `values` (NaN when empty). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Run the alternating rounds (baseline first in odd rounds, this tree first in even ones). */
export async function compareIdentify(o: CompareOptions): Promise<CpuRow[]> {
  const servers = [
    { label: 'baseline', main: path.join(o.dir, 'server', 'main.ts'), args: o.baseArgs },
    { label: 'this tree', main: 'server/main.ts', args: o.thisArgs },
  ] as const;
  const rows: CpuRow[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const order = round % 2 === 1 ? servers : [...servers].reverse();
    for (const { label, main, args } of order) {
      const child = await startServer([main, '--db', o.database, ...args], path.join(o.tmp, `cmp-${label.replace(' ', '-')}-${round}.log`));
      o.children.push(child);
      // With `amount`, autocannon ignores the duration.
      const s = scenarios(child.url, o.samples, { connections: o.connections, duration: 60 });
      const run = (amount: number) => ({ ...s.identify, amount });
      await load('warm-up', run(Math.max(1000, Math.round(o.amount / 10))));
      const before = cpuSeconds(child.process.pid);
      const row = await load(`identify, ${label} (round ${round})`, run(o.amount));
      const used = cpuSeconds(child.process.pid) - before;
      rows.push({ ...row, label, round, cpuUs: Math.round((used / o.amount) * 1e6 * 10) / 10 });
      await stopChild(child);
      o.children.splice(o.children.indexOf(child), 1);
    }
  }
  return rows;
}

/** Print the rounds and the medians, with the CPU change of this tree against the baseline. */
export function printComparison(rows: CpuRow[], amount: number): void {
  console.log(`\nIdentify, baseline vs this tree on SQLite: ${amount} requests per round, API-process CPU per request`);
  console.table(rows.map((r) => ({ server: r.label, round: r.round, 'CPU µs/req': r.cpuUs, 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, 'non-2xx': r.non2xx })));
  const of = (label: CpuRow['label']) => rows.filter((r) => r.label === label);
  const [base, mine] = [of('baseline'), of('this tree')];
  const cpu = [median(base.map((r) => r.cpuUs)), median(mine.map((r) => r.cpuUs))] as const;
  const rps = [median(base.map((r) => r.rps)), median(mine.map((r) => r.rps))] as const;
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
  console.log(`median CPU per identify: baseline ${cpu[0]} µs, this tree ${cpu[1]} µs (${pct(cpu[0], cpu[1])}; target within +10 %)`);
  console.log(`median identify req/s: baseline ${rps[0]}, this tree ${rps[1]} (${pct(rps[0], rps[1])})`);
}
