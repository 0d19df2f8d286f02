/** Report rows for the Reports unit tests, built the way the page builds them: record → stored → row. */
import type { ResultInput } from '../../../../lib/results/record.ts';
import type { StoredResult } from '../../../../lib/results/schema.ts';
import { toRow, type ReportRow } from '../../../../lib/reports/row.ts';
import { record, T0, MIN } from '../results/helpers.ts';

export { T0, MIN };
export const SEC = 1000;

/** A stored result of `record(n, endedAt, overrides)`, synced. */
export function stored(n: number, endedAt = T0 + n * 1000, overrides: Partial<ResultInput> = {}): StoredResult {
  const r = record(n, endedAt, overrides);
  return { interactionId: r.interactionId, endedAtMs: Date.parse(r.endedAt), record: r, sync: { state: 'synced', attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } };
}

/** A report row: by default a call verified by the agent on the first attempt after 3 minutes, via ANI. */
export function row(n: number, overrides: Partial<ResultInput> = {}, endedAt = T0 + n * 1000): ReportRow {
  return toRow(stored(n, endedAt, overrides));
}

/** A call opted out with the number withheld: not identified, no method, no attempts. */
export const optOut = (n: number, endedAt?: number): ReportRow =>
  row(n, { outcome: 'not_identified', customerId: undefined, displayName: undefined, methods: [], factorsPassed: [], attempts: { identify: 0, verify: 0 }, optOutReason: 'no_details' }, endedAt);

/** A call identified (by ANI) whose verification failed `attempts` times. */
export const failed = (n: number, attempts: number, endedAt?: number): ReportRow =>
  row(n, { outcome: 'identified', factorsPassed: [], attempts: { identify: 0, verify: attempts } }, endedAt);

/** A call verified in the IVR before the agent answered. */
export const ivr = (n: number, endedAt?: number): ReportRow => row(n, { verifiedBy: 'ivr', attempts: { identify: 0, verify: 0 } }, endedAt);

/** A call the agent verified, `seconds` after it started. */
export const verifiedIn = (n: number, seconds: number, endedAt = T0 + n * 1000): ReportRow =>
  row(n, { startedAt: endedAt - seconds * SEC }, endedAt);
