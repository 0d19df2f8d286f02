/**
 * Where a V8 CPU profile (`node --cpu-prof`) spends its time:
 *   node bench/cpuprofile-top.ts FILE.cpuprofile [--top 25]
 *   [--from-us T --to-us T]  (only samples in that window of the monotonic clock, process.hrtime in µs)
 *   [--stacks NAME]  (instead: the most frequent call paths into the functions called NAME)
 * Prints the top functions by self time, self time per area (a package, a file of ours, Node's
 * internals by module, GC, idle), and inclusive time per area (samples with a frame of that area
 * anywhere on the stack: e.g. everything pino or zod caused, including Node code it called).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of a .cpuprofile read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock (process.hrtime's, divided by 1,000). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One line of a summary: a name, its time in ms and its share of all sampled time. */
export interface Share {
  name: string;
  ms: number;
  pct: number;
}

/** Wall time per request in µs, when the number of requests in the window is known. */
function perRequest(ms: number, requests: number | undefined): number | undefined {
  return requests === undefined ? undefined : Math.round((ms / requests) * 10000) / 10;
}


/** The area a frame belongs to: a package, one of our files, a Node module, or V8's own entries. */
export function areaOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : `native ${frame.functionName || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').replace(/\/.*$/, '');
  return path.relative(process.cwd(), url);
}

/** `ms` as a Share of `total`. */
function share(name: string, ms: number, total: number): Share {
  return { name, ms: Math.round(ms * 10) / 10, pct: Math.round((ms / total) * 1000) / 10 };
}

/** A time window on the monotonic clock, in µs (e.g. the load phase of a bench, leaving out start-up). */
export interface Window {
  fromUs: number;
  toUs: number;
}

/**
 * Self time per function, self time per area and inclusive time per area, largest first, of the samples
 * inside `window` (all of them without one).
 */
export function summarise(profile: CpuProfile, window?: Window): { totalMs: number; functions: Share[]; selfAreas: Share[]; inclusiveAreas: Share[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const area = areaOf(frame);
    const key = `${frame.functionName || '(anonymous)'}  ${area}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    selfArea.set(area, (selfArea.get(area) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(areaOf((byId.get(at) as ProfileNode).callFrame));
    for (const a of seen) inclusive.set(a, (inclusive.get(a) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([name, ms]) => share(name, ms, totalMs));
  return { totalMs, functions: sorted(fn), selfAreas: sorted(selfArea), inclusiveAreas: sorted(inclusive).filter((s) => s.name !== '(root)') };
}

/** The most frequent call paths (innermost first, `depth` frames) into functions named `name`, with their self time. */
export function stacksInto(profile: CpuProfile, name: string, depth = 8, window?: Window): Share[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const paths = new Map<string, number>();
  let [at, total] = [profile.startTime, 0];
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta * 1000;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    total += delta;
    if ((byId.get(id) as ProfileNode).callFrame.functionName !== name) return;
    const frames: string[] = [];
    for (let n: number | undefined = id; n !== undefined && frames.length < depth; n = parent.get(n)) {
      const f = (byId.get(n) as ProfileNode).callFrame;
      frames.push(`${f.functionName || '(anonymous)'}@${areaOf(f)}`);
    }
    const key = frames.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + delta);
  });
  return [...paths].sort((a, b) => b[1] - a[1]).map(([p, ms]) => share(p, ms, total));
}

/** Print the three tables of `file` (within `window`), `top` lines each; with `requests` (in the window), µs per request. */
export function printProfile(file: string, top: number, window?: Window, requests?: number): void {
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, window);
  const busy = s.functions.filter((f) => !f.name.startsWith('(idle)')).reduce((a, f) => a + f.ms, 0);
  const each = requests === undefined ? '' : `, ${requests} requests: ${perRequest(busy, requests)} µs not idle per request`;
  console.log(`\n${path.basename(file)}: ${Math.round(s.totalMs)} ms sampled, ${Math.round(busy)} ms not idle${each}`);
  const table = (title: string, rows: Share[]) => {
    console.log(title);
    console.table(rows.slice(0, top).map((r) => ({ name: r.name, ms: r.ms, '%': r.pct, 'µs/req': perRequest(r.ms, requests) })));
  };
  table('Top functions by self time', s.functions);
  table('Self time by area', s.selfAreas);
  table('Inclusive time by area (a frame of the area anywhere on the stack)', s.inclusiveAreas);
}

if (import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, 'from-us': { type: 'string' }, 'to-us': { type: 'string' }, stacks: { type: 'string' } },
  });
  if (positionals.length === 0) {
    process.stderr.write('usage: node bench/cpuprofile-top.ts FILE.cpuprofile [--top 25] [--from-us T --to-us T] [--stacks NAME]\n');
    process.exitCode = 2;
  }
  const window = values['from-us'] === undefined ? undefined : { fromUs: Number(values['from-us']), toUs: Number(values['to-us'] ?? Infinity) };
  for (const file of positionals) {
    if (values.stacks === undefined) printProfile(file, Number(values.top), window);
    else for (const s of stacksInto(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, values.stacks, 8, window).slice(0, Number(values.top))) console.log(`${s.ms} ms (${s.pct} %)  ${s.name}`);
  }
}
