/**
 * Chart data for the Reports page, in uPlot's shape: `[x, ...series]`, every array the same length.
 * Outcome series are stacked: each is the running sum of the outcomes before it, so drawing them
 * tallest first (not identified, identified, verified) shows stacked bars.
 */
import type { InteractionOutcome } from '../contract';
import { percentile, timesToVerify } from './kpi';
import { utcDay, type ReportRow } from './row';

export const OUTCOMES: readonly InteractionOutcome[] = ['verified', 'identified', 'not_identified'];
/** Methods in the order the charts show them; 'none' for calls that tried no method. */
export const METHOD_ORDER = ['ani', 'customerId', 'accountNumber', 'phone', 'lastName', 'none'] as const;
export type MethodBucket = (typeof METHOD_ORDER)[number];

const DAY_MS = 86_400_000;
/** Longest run of days drawn (the newest days are kept). */
export const MAX_CHART_DAYS = 400;

export interface StackedCounts {
  /** Raw counts per outcome, per x. */
  counts: Record<InteractionOutcome, number[]>;
  /** Running sums: verified, verified + identified, all three (the bar tops). */
  stacked: [number[], number[], number[]];
}

/** Running sums of the three outcome series (verified at the bottom). */
function stack(counts: Record<InteractionOutcome, number[]>): StackedCounts {
  const a = counts.verified;
  const b = a.map((v, i) => v + (counts.identified[i] ?? 0));
  const c = b.map((v, i) => v + (counts.not_identified[i] ?? 0));
  return { counts, stacked: [a, b, c] };
}

/** Outcomes per UTC day, every day from the first to the last row's day (at most MAX_CHART_DAYS); x in epoch seconds. */
export function outcomesPerDay(rows: readonly ReportRow[]): { days: number[] } & StackedCounts {
  if (rows.length === 0) return { days: [], ...stack({ verified: [], identified: [], not_identified: [] }) };
  let min = Infinity, max = -Infinity;
  for (const r of rows) {
    if (r.endedAtMs < min) min = r.endedAtMs;
    if (r.endedAtMs > max) max = r.endedAtMs;
  }
  const last = Date.parse(utcDay(max));
  const first = Math.max(Date.parse(utcDay(min)), last - (MAX_CHART_DAYS - 1) * DAY_MS);
  const n = (last - first) / DAY_MS + 1;
  const counts = { verified: new Array<number>(n).fill(0), identified: new Array<number>(n).fill(0), not_identified: new Array<number>(n).fill(0) };
  for (const r of rows) {
    const i = Math.floor((r.endedAtMs - first) / DAY_MS);
    if (i >= 0) counts[r.outcome][i]! += 1;
  }
  return { days: Array.from({ length: n }, (_, i) => (first + i * DAY_MS) / 1000), ...stack(counts) };
}

/** Outcomes per identify method (a call counts once under each method it tried; 'none' when it tried none). */
export function outcomesByMethod(rows: readonly ReportRow[]): { methods: MethodBucket[] } & StackedCounts {
  const index = new Map<string, number>(METHOD_ORDER.map((m, i) => [m, i]));
  const zeros = () => new Array<number>(METHOD_ORDER.length).fill(0);
  const counts = { verified: zeros(), identified: zeros(), not_identified: zeros() };
  for (const r of rows) {
    if (r.methods.length === 0) counts[r.outcome][METHOD_ORDER.length - 1]! += 1;
    for (const m of r.methods) counts[r.outcome][index.get(m) ?? METHOD_ORDER.length - 1]! += 1;
  }
  return { methods: [...METHOD_ORDER], ...stack(counts) };
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * Histogram of times to verify (seconds): bins of a "nice" width so that at most `maxBins` cover up to
 * the 99th percentile; slower calls fall in the last bin. `starts` are bin starts in seconds.
 */
export function ttvHistogram(rows: readonly ReportRow[], maxBins = 24): { starts: number[]; counts: number[]; width: number; medianMs: number | null } {
  const ttv = timesToVerify(rows);
  if (ttv.length === 0) return { starts: [], counts: [], width: 0, medianMs: null };
  const top = (ttv[Math.max(0, Math.ceil(0.99 * ttv.length) - 1)] as number) / 1000;
  const width = NICE_STEPS_S.find((s) => s * maxBins > top) ?? Math.ceil(top / maxBins);
  const bins = Math.min(maxBins, Math.floor(top / width) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const ms of ttv) counts[Math.min(bins - 1, Math.floor(ms / 1000 / width))]! += 1;
  return { starts: counts.map((_, i) => i * width), counts, width, medianMs: percentile(ttv, 0.5) };
}
