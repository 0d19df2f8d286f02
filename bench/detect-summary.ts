/**
 * The issue-25 figures of bench/detect.ts in one table: per build of ours, the detection p95 (call view
 * inserted → call.detected handed to the extension's messaging) beside selector-observer's on the same page
 * (target: within 2×), and the content script's added main-thread time with calls (capped samples; target
 * ≤ 1 %), with the machine's load average over the run (2 cores shared: figures from a loaded run are rough).
 * The same p95 is also shown without each round's first WARM_UP calls, and the first call apart: a detector's
 * code that only a call runs is compiled and optimised during the first calls of a page (selector-observer's
 * runs on every mutation of the churn, so it is warm before the first call), and those calls held most of
 * the tail in a 90-call trace (first call 4–5.5 ms; calls 2–16: 2–3.7 ms; calls 31–90 at most 1.3 ms, but one).
 */
import { loadavg } from 'node:os';

interface Row {
  name: string;
  p95?: number;
  first?: number;
  steadyP95?: number;
  cap: { idlePct: number; ownPct: number };
}

/** Calls at the start of each round left out of the "after warm-up" p95. */
export const WARM_UP = 10;

/** Nearest-rank percentile (NaN for none). */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) : NaN;
};

/** The load average now, as "1 min / 5 min / 15 min". */
export const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** Print the summary table of `results` (the merged rows of bench/detect.ts). */
export function printSummary(results: Row[], loads: { start: string; end: string }, f: (n: number, d?: number) => string): void {
  const observer = results.find((r) => r.name === '(d) selector-observer');
  const ours = results.filter((r) => r.name.endsWith('call.detected sent') && !r.name.includes('guards off'));
  if (ours.length === 0) return;
  console.log(`Issue 25 targets (load average 1/5/15 min: ${loads.start} at start, ${loads.end} at the end):`);
  console.table(ours.map((r) => {
    const ratio = observer?.p95 && r.p95 !== undefined ? r.p95 / observer.p95 : NaN;
    const steady = observer?.steadyP95 && r.steadyP95 !== undefined ? r.steadyP95 / observer.steadyP95 : NaN;
    return {
      build: r.name.split(':')[0],
      'p95 ms': f(r.p95 ?? NaN),
      'selector-observer p95 ms': f(observer?.p95 ?? NaN),
      'p95 ratio (≤ 2×)': Number.isFinite(ratio) ? `${f(ratio)}×` : '-',
      [`p95 after ${WARM_UP} calls (ratio)`]: `${f(r.steadyP95 ?? NaN)} / ${f(observer?.steadyP95 ?? NaN)} (${Number.isFinite(steady) ? `${f(steady)}×` : '-'})`,
      'first call ms (observer)': `${f(r.first ?? NaN)} (${f(observer?.first ?? NaN)})`,
      '% with calls (≤ 1 %)': f(r.cap.ownPct, 2),
      '% idle churn': f(r.cap.idlePct, 2),
      'selector-observer % with calls': f(observer?.cap.ownPct ?? NaN, 2),
    };
  }));
  console.log(`  p95 after ${WARM_UP} calls: each round's calls after its first ${WARM_UP} (medians over rounds); first call: each round's first.`);
  console.log('  % = the content script\'s main-thread time (capped CPU-profile samples with its script on the stack, panel host and guards included), % of wall time.');
}
