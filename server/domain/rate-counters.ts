/**
 * The rate_counters table behind the rate limiter (ratelimit.ts): one row per bucket and window, which hits
 * are added to in one atomic statement (`count = count + excluded.count`), so concurrent replicas never lose
 * an increment; windows are swept once no bucket can use them.
 */
import { valuesList, type Queryable } from '../db/sql.ts';

/** The longest window any bucket uses (identification budgets are per hour): older windows are swept. */
export const LONGEST_WINDOW_MS = 3_600_000;

/** Start of the window of length `windowMs` holding `now`. */
export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Add hits to `rows` windows in one atomic statement. */
const ADD = (rows: number) => `INSERT INTO rate_counters (bucket, window_start, count) VALUES ${valuesList(rows, 3)}
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_counters.count + excluded.count`;
const ADD_ONE = `${ADD(1)} RETURNING count`;
const addReturning = new Map<number, string>();

/** The upsert of `rows` windows returning their totals (each text built once: statements are cached by text). */
export function addReturningSql(rows: number): string {
  let sql = addReturning.get(rows);
  if (sql === undefined) addReturning.set(rows, (sql = `${ADD(rows)} RETURNING bucket, window_start, count`));
  return sql;
}

/** The count of one bucket's window (two parameters: bucket, window start). */
export const READ_SQL = 'SELECT count FROM rate_counters WHERE bucket = ? AND window_start = ?';

/** Add `n` hits to a bucket's window in the database; returns the new count. */
export async function addHits(db: Queryable, bucket: string, windowStart: number, n: number): Promise<number> {
  const row = await db.get<{ count: number }>(ADD_ONE, [bucket, windowStart, n]);
  return row?.count ?? n;
}

/** Delete windows that ended before `now` (they can never be hit again). */
export function sweepRateCounters(db: Queryable, now: number): Promise<number> {
  return db.run('DELETE FROM rate_counters WHERE window_start < ?', [now - LONGEST_WINDOW_MS]);
}
