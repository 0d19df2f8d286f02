/**
 * Chart data for the Reports page, in uPlot's shape: `[x, ...series]`, every array the same length.
 * Outcome series are stacked: each is the running sum of the outcomes before it, so drawing them
 * tallest first (not identified, identified, verified) shows stacked bars. Each chart has a core over
 * weighted items (`n` calls each), fed by raw rows here and by rollup rows in rollup-view.ts.
 */
import type { InteractionOutcome } from '../api/contract';
import { percentileOfCounts, timesToVerify } from './kpi';
import { SEARCH_METHODS } from '../values';
import { utcDay, type ReportRow } from './row';

/** Methods in the order the charts show them; 'none' for calls that tried no method. */
export const METHOD_ORDER = ['ani', ...SEARCH_METHODS, 'none'] as const;
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

/** `n` calls with one outcome, ended at `atMs` (any time in their UTC day). */
export interface DayItem {
  atMs: number;
  outcome: InteractionOutcome;
  n: number;
}

/** Outcomes per UTC day of weighted items (see outcomesPerDay). */
export function outcomesPerDayOf(items: readonly DayItem[]): { days: number[] } & StackedCounts {
  if (items.length === 0) return { days: [], ...stack({ verified: [], identified: [], not_identified: [] }) };
  let min = Infinity, max = -Infinity;
  for (const r of items) {
    if (r.atMs < min) min = r.atMs;
    if (r.atMs > max) max = r.atMs;
  }
  const last = Date.parse(utcDay(max));
  const first = Math.max(Date.parse(utcDay(min)), last - (MAX_CHART_DAYS - 1) * DAY_MS);
  const n = (last - first) / DAY_MS + 1;
  const counts = { verified: new Array<number>(n).fill(0), identified: new Array<number>(n).fill(0), not_identified: new Array<number>(n).fill(0) };
  for (const r of items) {
    const i = Math.floor((r.atMs - first) / DAY_MS);
    if (i >= 0) counts[r.outcome][i]! += r.n;
  }
  return { days: Array.from({ length: n }, (_, i) => (first + i * DAY_MS) / 1000), ...stack(counts) };
}

/** Outcomes per UTC day, every day from the first to the last row's day (at most MAX_CHART_DAYS); x in epoch seconds. */
export function outcomesPerDay(rows: readonly ReportRow[]): { days: number[] } & StackedCounts {
  return outcomesPerDayOf(rows.map((r) => ({ atMs: r.endedAtMs, outcome: r.outcome, n: 1 })));
}

/** `n` calls with one outcome that tried `methods`. */
export interface MethodItem {
  methods: readonly string[];
  outcome: InteractionOutcome;
  n: number;
}

/** Outcomes by method of weighted items (see outcomesByMethod). */
export function outcomesByMethodOf(items: readonly MethodItem[]): { methods: MethodBucket[] } & StackedCounts {
  const index = new Map<string, number>(METHOD_ORDER.map((m, i) => [m, i]));
  const zeros = () => new Array<number>(METHOD_ORDER.length).fill(0);
  const counts = { verified: zeros(), identified: zeros(), not_identified: zeros() };
  for (const r of items) {
    if (r.methods.length === 0) counts[r.outcome][METHOD_ORDER.length - 1]! += r.n;
    for (const m of r.methods) counts[r.outcome][index.get(m) ?? METHOD_ORDER.length - 1]! += r.n;
  }
  return { methods: [...METHOD_ORDER], ...stack(counts) };
}

/** Outcomes per identify method (a call counts once under each method it tried; 'none' when it tried none). */
export function outcomesByMethod(rows: readonly ReportRow[]): { methods: MethodBucket[] } & StackedCounts {
  return outcomesByMethodOf(rows.map((r) => ({ methods: r.methods, outcome: r.outcome, n: 1 })));
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

export interface TtvHistogram {
  starts: number[];
  counts: number[];
  width: number;
  medianMs: number | null;
}

/**
 * Histogram of times to verify given as [whole seconds, calls] pairs in ascending order: bins of a "nice"
 * width (whole seconds, so binning whole seconds is exact) such that at most `maxBins` cover up to the
 * 99th percentile; slower calls fall in the last bin. `starts` are bin starts in seconds.
 */
export function ttvHistogramOf(seconds: readonly (readonly [number, number])[], maxBins = 24): TtvHistogram {
  const total = seconds.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return { starts: [], counts: [], width: 0, medianMs: null };
  const top = percentileOfCounts(seconds, total, 0.99) as number;
  const width = NICE_STEPS_S.find((s) => s * maxBins > top) ?? Math.ceil(top / maxBins);
  const bins = Math.min(maxBins, Math.floor(top / width) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const [s, n] of seconds) counts[Math.min(bins - 1, Math.floor(s / width))]! += n;
  return { starts: counts.map((_, i) => i * width), counts, width, medianMs: (percentileOfCounts(seconds, total, 0.5) as number) * 1000 };
}

/** The time-to-verify histogram of raw rows (times as the KPIs count them, see ttvMs in kpi.ts). */
export function ttvHistogram(rows: readonly ReportRow[], maxBins = 24): TtvHistogram {
  const bySecond = new Map<number, number>();
  for (const ms of timesToVerify(rows)) bySecond.set(ms / 1000, (bySecond.get(ms / 1000) ?? 0) + 1);
  return ttvHistogramOf([...bySecond].sort((a, b) => a[0] - b[0]), maxBins);
}
