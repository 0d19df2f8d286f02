/** The CPU profile and CDP metrics bench/detect.ts reads for each setup. */
import type { Session } from './detect-setups.ts';

type Frame = { url: string; functionName?: string; lineNumber?: number };
export type Profile = { nodes: { id: number; callFrame: Frame; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] };

/**
 * Milliseconds of samples with a frame of one of `scripts` on the stack (their own code and the DOM calls it
 * makes). `capUs`: count each sample as at most that long. On a loaded machine a sample after the thread was
 * descheduled carries the whole gap (wall time): capped samples estimate the time the thread ran our code.
 */
export function attributedMs(profile: Profile, scripts: string[], capUs = Infinity): number {
  if (scripts.length === 0) return 0;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    if (!ours.has(id)) ours.set(id, scripts.some((u) => byId.get(id)?.callFrame.url.endsWith(u)) || isOurs(parent.get(id)));
    return ours.get(id) as boolean;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let us = 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  const name = (f: Frame): string => `${f.functionName || '(anonymous)'}:${f.lineNumber ?? ''}`;
  samples.forEach((id, i) => {
    if (!isOurs(id)) return;
    const d = Math.min(deltas[i + 1] ?? 0, capUs);
    us += d;
    if (!process.env.BENCH_DEBUG || capUs === Infinity) return;
    // Self time by leaf (with the innermost of our functions under a native leaf); inclusive by our functions.
    const seen = new Set<string>();
    let inner = '';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = (byId.get(at) as { callFrame: Frame }).callFrame;
      if (!scripts.some((u) => f.url.endsWith(u))) continue;
      inner ||= name(f);
      seen.add(name(f));
    }
    const leaf = (byId.get(id) as { callFrame: Frame }).callFrame;
    add(self, leaf.url ? name(leaf) : `${leaf.functionName} < ${inner}`, d);
    for (const k of seen) add(inclusive, k, d);
  });
  const table = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `  ${(v / 1000).toFixed(1)} ms ${k}`).join('\n');
  if (process.env.BENCH_DEBUG && capUs !== Infinity) console.log(`self:\n${table(self)}\ninclusive:\n${table(inclusive)}`);
  return us / 1000;
}

/** The sampling interval (µs) probesOf sets; capped attribution counts a sample as at most two of them. */
export const SAMPLE_US = 250;

/** CDP Performance metrics and a sampling CPU profile of the page, on one session. */
export async function probesOf(s: Session) {
  const cdp = await s.page.context().newCDPSession(s.page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
  return {
    metrics: async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>,
    startProfile: () => cdp.send('Profiler.start'),
    stopProfile: async () => (await cdp.send('Profiler.stop')).profile as Profile,
  };
}

