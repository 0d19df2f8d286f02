/**
 * Rollups of the results store: per combination of the dimensions the Reports filters and KPIs use, how
 * many calls there are, and (for calls the agent verified) a histogram of their times to verify. Kept by
 * the store in the same transaction as every record it adds, replaces or purges (rollup-store.ts), so
 * the Reports page reads a few thousand rows instead of every record.
 *
 * Dimensions (the key): UTC day of endedAt, outcome, the set of identify methods tried (a bit mask),
 * verifiedBy, attempts.verify (capped at VERIFY_ATTEMPTS_CAP, the policy's largest limit, so "≥ limit"
 * stays exact), whether there is an opt-out reason, adapterId and crmHost. Times to verify are counted in
 * whole seconds (endedAt − startedAt, floored), a call over TTV_CAP_S seconds counting as TTV_CAP_S.
 */
import type { IdentifyMethod, InteractionOutcome, VerifiedBy } from '../api/contract';
import type { ResultRecord } from './record';

/** The policy's verification.maxAttempts is 1–10; attempts above this count as this. */
export const VERIFY_ATTEMPTS_CAP = 10;
/** Longest time to verify the histogram tells apart (24 h); longer calls count as this. */
export const TTV_CAP_S = 86_400;
/** One bit per identify method, in the contract's order. */
export const METHOD_BITS: Readonly<Record<IdentifyMethod, number>> = { ani: 1, customerId: 2, accountNumber: 4, phone: 8, lastName: 16 };

export interface RollupDims {
  /** UTC day of endedAt, YYYY-MM-DD. */
  day: string;
  outcome: InteractionOutcome;
  /** OR of METHOD_BITS of the methods tried; 0 for none. */
  methods: number;
  verifiedBy: VerifiedBy;
  /** attempts.verify, at most VERIFY_ATTEMPTS_CAP. */
  verifyAttempts: number;
  optOut: boolean;
  adapterId?: string;
  crmHost?: string;
}

export interface RollupRow extends RollupDims {
  /** JSON of the dimensions, the object store's key. */
  key: string;
  /** Calls with these dimensions (> 0: a row that reaches 0 is deleted). */
  count: number;
  /**
   * Only for rows of calls the agent verified (see countsTimeToVerify): the time-to-verify histogram as
   * flat pairs [seconds, calls, seconds, calls, …], ascending by seconds, no zero counts. A typed array
   * because the page reads thousands of these: it clones as one block, not as many small objects.
   */
  ttv?: Uint32Array;
}

/** Whether calls with these dimensions count in the time-to-verify KPIs: verified by the agent in the call. */
export function countsTimeToVerify(d: Pick<RollupDims, 'outcome' | 'verifiedBy' | 'verifyAttempts'>): boolean {
  return d.outcome === 'verified' && d.verifiedBy !== 'ivr' && d.verifyAttempts > 0;
}

/** The bit mask of a list of methods. */
export function methodMask(methods: readonly IdentifyMethod[]): number {
  return methods.reduce((mask, m) => mask | METHOD_BITS[m], 0);
}

/** The rollup dimensions of one record (`endedAtMs` as the store keeps it). */
export function rollupDims(record: ResultRecord, endedAtMs: number): RollupDims {
  return {
    day: new Date(endedAtMs).toISOString().slice(0, 10),
    outcome: record.outcome,
    methods: methodMask(record.methods),
    verifiedBy: record.verifiedBy,
    verifyAttempts: Math.min(record.attempts.verify, VERIFY_ATTEMPTS_CAP),
    optOut: record.optOutReason !== undefined,
    ...(record.adapterId !== undefined ? { adapterId: record.adapterId } : {}),
    ...(record.crmHost !== undefined ? { crmHost: record.crmHost } : {}),
  };
}

/** The key of a set of dimensions (fixed field order, absent ids as null). */
export function rollupKey(d: RollupDims): string {
  return JSON.stringify([d.day, d.outcome, d.methods, d.verifiedBy, d.verifyAttempts, d.optOut, d.adapterId ?? null, d.crmHost ?? null]);
}

/** Time to verify of a record in whole seconds, floored and capped (negative spans count as 0). */
export function ttvSeconds(record: ResultRecord, endedAtMs: number): number {
  const ms = endedAtMs - Date.parse(record.startedAt);
  return Math.min(TTV_CAP_S, Math.max(0, Math.floor(ms / 1000)));
}

/** `pairs` (see RollupRow.ttv) with `delta` calls added at `second`; a new array, pairs left at 0 dropped. */
export function addToHistogram(pairs: Uint32Array, second: number, delta: number): Uint32Array {
  let lo = 0, hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pairs[2 * mid] as number) < second) lo = mid + 1;
    else hi = mid;
  }
  const at = 2 * lo;
  if (at < pairs.length && pairs[at] === second) {
    const n = (pairs[at + 1] as number) + delta;
    if (n > 0) {
      const out = pairs.slice();
      out[at + 1] = n;
      return out;
    }
    const out = new Uint32Array(pairs.length - 2);
    out.set(pairs.subarray(0, at));
    out.set(pairs.subarray(at + 2), at);
    return out;
  }
  if (delta <= 0) return pairs; // nothing there to remove: left as it is
  const out = new Uint32Array(pairs.length + 2);
  out.set(pairs.subarray(0, at));
  out[at] = second;
  out[at + 1] = delta;
  out.set(pairs.subarray(at), at + 2);
  return out;
}

/** An empty row for a record's dimensions. */
function emptyRow(record: ResultRecord, endedAtMs: number): RollupRow {
  const dims = rollupDims(record, endedAtMs);
  return { ...dims, key: rollupKey(dims), count: 0, ...(countsTimeToVerify(dims) ? { ttv: new Uint32Array(0) } : {}) };
}

/** Add (sign 1) or remove (sign −1) one record's contribution to `row`, in place (its histogram is replaced, not changed). */
function mutate(row: RollupRow, record: ResultRecord, endedAtMs: number, sign: 1 | -1): number {
  row.count += sign;
  if (row.ttv) row.ttv = addToHistogram(row.ttv, ttvSeconds(record, endedAtMs), sign);
  return row.count;
}

/**
 * `row` (the stored row for the record's key, undefined when absent) with one record added (sign 1) or
 * removed (sign −1); null when no call is left (delete the row). Pure: returns a new row.
 */
export function applyRecord(row: RollupRow | undefined, record: ResultRecord, endedAtMs: number, sign: 1 | -1): RollupRow | null {
  const base = emptyRow(record, endedAtMs);
  const next: RollupRow = { ...base, count: row?.count ?? 0, ...(base.ttv && row?.ttv ? { ttv: row.ttv } : {}) };
  return mutate(next, record, endedAtMs, sign) > 0 ? next : null;
}

/** Rollups of a set of records, built in memory (the store's one-off upgrade and the tests); adds to `rows`. */
export function buildRollups(records: Iterable<{ record: ResultRecord; endedAtMs: number }>, rows = new Map<string, RollupRow>()): Map<string, RollupRow> {
  for (const { record, endedAtMs } of records) {
    const fresh = emptyRow(record, endedAtMs);
    const row = rows.get(fresh.key) ?? fresh;
    rows.set(row.key, row);
    mutate(row, record, endedAtMs, 1);
  }
  return rows;
}
