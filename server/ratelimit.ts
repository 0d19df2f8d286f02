/**
 * Fixed-window rate limits kept in the database (table rate_counters), so several API replicas on one
 * database share them. A bucket is e.g. `token:<hash prefix>` or `customer:<id>`; each window is one
 * minute. Over the limit: 429 rate_limited with Retry-After (seconds to the end of the window).
 */
import { stmt, type Db } from './db.ts';
import { HttpError } from './errors.ts';

/** Length of one rate-limit window. */
export const RATE_WINDOW_MS = 60_000;

const HIT_SQL = `INSERT INTO rate_counters (bucket, window_start, count) VALUES (?, ?, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = count + 1
  RETURNING count`;

/** Count one request in `bucket`'s current window; returns the count including this request. */
export function countHit(db: Db, bucket: string, now: number): { count: number; windowEnd: number } {
  const windowStart = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  const row = stmt(db, HIT_SQL).get(bucket, windowStart) as { count: number };
  return { count: row.count, windowEnd: windowStart + RATE_WINDOW_MS };
}

/** Count a request against `bucket` and throw 429 (with Retry-After) when it is over `limit` (0: no limit). */
export function enforceRateLimit(db: Db, bucket: string, limit: number, now: number, what: string): void {
  if (limit <= 0) return;
  const { count, windowEnd } = countHit(db, bucket, now);
  if (count <= limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
  throw new HttpError(429, 'rate_limited', `Too many requests for this ${what}; retry later`, undefined, {
    headers: { 'retry-after': String(retryAfter) },
  });
}

/** Delete windows that ended before `now` (they can never be hit again). */
export function sweepRateCounters(db: Db, now: number): number {
  return stmt(db, 'DELETE FROM rate_counters WHERE window_start < ?').run(now - RATE_WINDOW_MS).changes;
}
