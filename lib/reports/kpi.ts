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
 *   reasksAvoided) took no verification and are left out. null when there is none.
 * - reasksAvoided = verified calls verified earlier: verifiedBy 'ivr', or 'agent' with attempts.verify 0
 *   (a previous agent); reasksAvoidedShare = that count / verified.
 */
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

/** Times to verify (ms, ascending) of the calls the agent verified in the call. */
export function timesToVerify(rows: readonly ReportRow[]): Float64Array {
  const out: number[] = [];
  for (const r of rows) if (r.outcome === 'verified' && !isReaskAvoided(r)) out.push(r.durationMs);
  return Float64Array.from(out).sort();
}

/** Every KPI over `rows` (one pass, plus a sort of the verification times). */
export function computeKpis(rows: readonly ReportRow[], maxVerifyAttempts = 3): Kpis {
  let verified = 0, identified = 0, optOuts = 0, aniMatches = 0, verifyTried = 0, failures = 0, lockouts = 0, reasks = 0;
  for (const r of rows) {
    if (r.outcome === 'verified') verified++;
    else if (r.outcome === 'identified') identified++;
    if (r.optOutReason !== undefined) optOuts++;
    if (r.outcome !== 'not_identified' && r.methods.includes('ani')) aniMatches++;
    if (r.verifyAttempts >= 1) {
      verifyTried++;
      if (r.outcome !== 'verified') {
        failures++;
        if (r.verifyAttempts >= maxVerifyAttempts) lockouts++;
      }
    }
    if (isReaskAvoided(r)) reasks++;
  }
  const total = rows.length;
  const ttv = timesToVerify(rows);
  return {
    total, verified, identified, notIdentified: total - verified - identified, optOuts, aniMatches, verifyTried, failures, lockouts,
    identificationRate: ratio(verified + identified, total),
    aniMatchRate: ratio(aniMatches, total),
    verificationRate: ratio(verified, total),
    failureRate: ratio(failures, verifyTried),
    lockoutRate: ratio(lockouts, verifyTried),
    optOutRate: ratio(optOuts, total),
    medianTtvMs: percentile(ttv, 0.5),
    p90TtvMs: percentile(ttv, 0.9),
    reasksAvoided: reasks,
    reasksAvoidedShare: ratio(reasks, verified),
  };
}
