/**
 * The KPI tiles of the Reports page, computed over the rows of the current filter. N is the number of
 * rows (calls); every rate is a fraction in [0, 1], null when its denominator is 0.
 *
 * - identificationRate = (verified + identified) / N: a verified caller was identified too (as the API's
 *   summary counts it).
 * - aniMatchRate = calls whose methods include 'ani' and that ended verified or identified, / N.
 *   Approximate: the record lists the methods tried, not the one that found the customer, so a call where
 *   the number lookup failed and a manual search succeeded counts too (an upper bound).
 * - verificationRate = verified / N.
 * - failureRate = calls where verification was tried (attempts.verify ≥ 1) that did not end verified,
 *   / calls where verification was tried.
 * - lockoutRate = calls that did not end verified after attempts.verify ≥ maxVerifyAttempts (the policy's
 *   verification.maxAttempts, default 3), / calls where verification was tried. Approximate: the record
 *   does not say why the flow stopped, so a lock announced by the API before the limit is missed, and a
 *   limit changed since the call is applied to it.
 * - optOutRate = calls with an opt-out reason / N.
 * - medianTtvMs, p90TtvMs = nearest-rank median and 90th percentile of endedAt − startedAt over the calls
 *   the agent verified in the call (verified with attempts.verify ≥ 1); calls verified earlier (see
 *   reasksAvoided) took no verification and are left out. null when there is none. Precision: whole
 *   seconds, floored (a call of 42.9 s counts as 42 s), capped at TTV_CAP_S (24 h), because the page
 *   reads them from the rollups' 1-second histogram (lib/results/rollup.ts); `computeKpis` over raw rows
 *   counts the same way, so both give equal figures.
 * - reasksAvoided = verified calls verified earlier: verifiedBy 'ivr', or 'agent' with attempts.verify 0
 *   (a previous agent); reasksAvoidedShare = that count / verified.
 */
import { TTV_CAP_S } from '../results/rollup';
import { isReaskAvoided, type ReportRow } from './row';

export interface Kpis {
  total: number;
  verified: number;
  identified: number;
  notIdentified: number;
  optOuts: number;
  aniMatches: number;
  verifyTried: number;
  failures: number;
  lockouts: number;
  identificationRate: number | null;
  aniMatchRate: number | null;
  verificationRate: number | null;
  failureRate: number | null;
  lockoutRate: number | null;
  optOutRate: number | null;
  medianTtvMs: number | null;
  p90TtvMs: number | null;
  reasksAvoided: number;
  reasksAvoidedShare: number | null;
}

/** Nearest-rank percentile (p in (0, 1]) of ascending-sorted values; null for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** A call's time to verify as the KPIs count it (ms): whole seconds, floored, at most TTV_CAP_S. */
export function ttvMs(durationMs: number): number {
  return Math.min(TTV_CAP_S, Math.max(0, Math.floor(durationMs / 1000))) * 1000;
}

/**
 * Nearest-rank percentile of a histogram given as [value, count] pairs in ascending value order with
 * `total` = the sum of the counts; null when empty. Same result as `percentile` over the expanded values.
 */
export function percentileOfCounts(entries: readonly (readonly [number, number])[], total: number, p: number): number | null {
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(p * total)));
  let seen = 0;
  for (const [value, count] of entries) if ((seen += count) >= rank) return value;
  return null; // counts summing to less than `total`: not reached with consistent input
}

/** Times to verify (ms, ascending, see ttvMs) of the calls the agent verified in the call. */
export function timesToVerify(rows: readonly ReportRow[]): Float64Array {
  const out: number[] = [];
  for (const r of rows) if (r.outcome === 'verified' && !isReaskAvoided(r)) out.push(ttvMs(r.durationMs));
  return Float64Array.from(out).sort();
}

/** The counts every KPI is made of. */
export type KpiCounts = Pick<Kpis, 'total' | 'verified' | 'identified' | 'optOuts' | 'aniMatches' | 'verifyTried' | 'failures' | 'lockouts' | 'reasksAvoided'>;

/** The KPIs of `c`, with the time-to-verify percentiles already worked out. */
export function kpisOf(c: KpiCounts, medianTtvMs: number | null, p90TtvMs: number | null): Kpis {
  return {
    ...c,
    notIdentified: c.total - c.verified - c.identified,
    identificationRate: ratio(c.verified + c.identified, c.total),
    aniMatchRate: ratio(c.aniMatches, c.total),
    verificationRate: ratio(c.verified, c.total),
    failureRate: ratio(c.failures, c.verifyTried),
    lockoutRate: ratio(c.lockouts, c.verifyTried),
    optOutRate: ratio(c.optOuts, c.total),
    medianTtvMs,
    p90TtvMs,
    reasksAvoidedShare: ratio(c.reasksAvoided, c.verified),
  };
}

/** Every KPI over raw `rows` (one pass, plus a sort of the verification times); the reference for the rollups. */
export function computeKpis(rows: readonly ReportRow[], maxVerifyAttempts = 3): Kpis {
  const c: KpiCounts = { total: rows.length, verified: 0, identified: 0, optOuts: 0, aniMatches: 0, verifyTried: 0, failures: 0, lockouts: 0, reasksAvoided: 0 };
  for (const r of rows) {
    if (r.outcome === 'verified') c.verified++;
    else if (r.outcome === 'identified') c.identified++;
    if (r.optOutReason !== undefined) c.optOuts++;
    if (r.outcome !== 'not_identified' && r.methods.includes('ani')) c.aniMatches++;
    if (r.verifyAttempts >= 1) {
      c.verifyTried++;
      if (r.outcome !== 'verified') {
        c.failures++;
        if (r.verifyAttempts >= maxVerifyAttempts) c.lockouts++;
      }
    }
    if (isReaskAvoided(r)) c.reasksAvoided++;
  }
  const ttv = timesToVerify(rows);
  return kpisOf(c, percentile(ttv, 0.5), percentile(ttv, 0.9));
}
