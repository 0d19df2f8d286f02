/**
 * KPIs, chart data and filter menus of the Reports page from the results store's rollups
 * (lib/results/rollup.ts) instead of the records: a few thousand rows for any number of calls. Every
 * filter of the page is a rollup dimension (dates are whole UTC days), so the figures are exactly those
 * `computeKpis` and the chart functions give over the matching records; the one difference in precision,
 * times to verify in whole seconds, applies to both (see kpi.ts). test/unit/lib/reports/rollup-view.test.ts checks
 * the equality on random records and filters.
 */
import type { IdentifyMethod } from '../api/contract';
import { countsTimeToVerify, METHOD_BITS, type RollupRow } from '../results/rollup';
import { outcomesByMethodOf, outcomesPerDayOf, ttvHistogramOf, type TtvHistogram } from './charts';
import { NONE, type ReportFilter } from './filter';
import { kpisOf, percentileOfCounts, type KpiCounts, type Kpis } from './kpi';
import { dayEnd, dayStart } from './row';

const METHODS = Object.entries(METHOD_BITS) as [IdentifyMethod, number][];

/** The methods of a rollup's bit mask. */
export function methodsOf(mask: number): IdentifyMethod[] {
  return METHODS.filter(([, bit]) => (mask & bit) !== 0).map(([m]) => m);
}

/** A predicate on rollup rows for `filter`, with the same meaning as `rowMatcher` on records. */
export function rollupMatcher(filter: ReportFilter): (row: RollupRow) => boolean {
  const from = filter.from ? dayStart(filter.from) : -Infinity;
  const to = filter.to ? dayEnd(filter.to) : Infinity;
  const lo = Number.isNaN(from) ? -Infinity : from;
  const hi = Number.isNaN(to) ? Infinity : to;
  const bit = filter.method === '' || filter.method === NONE ? 0 : METHOD_BITS[filter.method];
  const { outcome, method, adapterId, crmHost } = filter;
  // A record ends inside its rollup's UTC day, and both bounds are day boundaries: the day decides.
  return (row) => {
    const start = dayStart(row.day);
    return start >= lo && start <= hi &&
      (outcome === '' || row.outcome === outcome) &&
      (method === '' || (method === NONE ? row.methods === 0 : (row.methods & bit) !== 0)) &&
      (adapterId === '' || (row.adapterId ?? NONE) === adapterId) &&
      (crmHost === '' || (row.crmHost ?? NONE) === crmHost);
  };
}

/** The rollup rows that match `filter`. */
export function selectRollups(rows: readonly RollupRow[], filter: ReportFilter): RollupRow[] {
  return rows.filter(rollupMatcher(filter));
}

/** Calls counted by `rows`. */
export function callCount(rows: readonly RollupRow[]): number {
  return rows.reduce((sum, r) => sum + r.count, 0);
}

/** The merged time-to-verify histogram of `rows`: [whole seconds, calls], ascending. */
export function mergedTtv(rows: readonly RollupRow[]): [number, number][] {
  const merged = new Map<number, number>();
  for (const r of rows) {
    if (!r.ttv || !countsTimeToVerify(r)) continue;
    for (let i = 0; i + 1 < r.ttv.length; i += 2) {
      const s = r.ttv[i] as number;
      merged.set(s, (merged.get(s) ?? 0) + (r.ttv[i + 1] as number));
    }
  }
  return [...merged].sort((a, b) => a[0] - b[0]);
}

/** Every KPI over the (already filtered) rollup rows; `maxVerifyAttempts` ≤ VERIFY_ATTEMPTS_CAP stays exact. */
export function kpisFromRollups(rows: readonly RollupRow[], maxVerifyAttempts = 3): Kpis {
  const c: KpiCounts = { total: 0, verified: 0, identified: 0, optOuts: 0, aniMatches: 0, verifyTried: 0, failures: 0, lockouts: 0, reasksAvoided: 0 };
  for (const r of rows) {
    const n = r.count;
    c.total += n;
    if (r.outcome === 'verified') c.verified += n;
    else if (r.outcome === 'identified') c.identified += n;
    if (r.optOut) c.optOuts += n;
    if (r.outcome !== 'not_identified' && (r.methods & METHOD_BITS.ani) !== 0) c.aniMatches += n;
    if (r.verifyAttempts >= 1) {
      c.verifyTried += n;
      if (r.outcome !== 'verified') {
        c.failures += n;
        if (r.verifyAttempts >= maxVerifyAttempts) c.lockouts += n;
      }
    }
    if (r.outcome === 'verified' && (r.verifiedBy === 'ivr' || r.verifyAttempts === 0)) c.reasksAvoided += n;
  }
  const ttv = mergedTtv(rows);
  const timed = ttv.reduce((s, [, n]) => s + n, 0);
  const at = (p: number): number | null => {
    const s = percentileOfCounts(ttv, timed, p);
    return s === null ? null : s * 1000;
  };
  return kpisOf(c, at(0.5), at(0.9));
}

/** The three charts' data from (already filtered) rollup rows. */
export function chartsFromRollups(rows: readonly RollupRow[]): {
  perDay: ReturnType<typeof outcomesPerDayOf>;
  byMethod: ReturnType<typeof outcomesByMethodOf>;
  ttv: TtvHistogram;
} {
  return {
    perDay: outcomesPerDayOf(rows.map((r) => ({ atMs: dayStart(r.day), outcome: r.outcome, n: r.count }))),
    byMethod: outcomesByMethodOf(rows.map((r) => ({ methods: methodsOf(r.methods), outcome: r.outcome, n: r.count }))),
    ttv: ttvHistogramOf(mergedTtv(rows)),
  };
}
