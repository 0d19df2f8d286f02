/**
 * Fixed-window rate limits kept in the database (table rate_counters), so several API replicas on one
 * database share them. A bucket is e.g. `token:<hash prefix>` or `customer:<id>`; each window is one
 * minute. Over the limit: 429 rate_limited with Retry-After (seconds to the end of the window).
 *
 * Hits are written behind: counted in memory and added to the database in one transaction every
 * `flushMs` (default 20 ms), instead of one commit per request. A replica's view of a bucket is the
 * database count when it last read or flushed it plus its own unflushed hits, so replicas see each
 * other's traffic within one flush interval. `flushMs: 0` writes every hit at once.
 */
import { stmt, type Db } from './db.ts';
import { HttpError } from './errors.ts';

/** Length of one rate-limit window. */
export const RATE_WINDOW_MS = 60_000;

const HIT_SQL = `INSERT INTO rate_counters (bucket, window_start, count) VALUES (?, ?, ?)
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = count + excluded.count
  RETURNING count`;
const READ_SQL = 'SELECT count FROM rate_counters WHERE bucket = ? AND window_start = ?';

interface Entry {
  bucket: string;
  windowStart: number;
  /** Count in the database when last read or flushed (all replicas). */
  stored: number;
  /** Hits of this process not yet in the database. */
  pending: number;
}

/** Add `n` hits to a bucket's window in the database; returns the new count. */
export function addHits(db: Db, bucket: string, windowStart: number, n: number): number {
  return (stmt(db, HIT_SQL).get(bucket, windowStart, n) as { count: number }).count;
}

/** Counts hits per bucket and window, writing them to the database behind (see the file comment). */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  private readonly db: Db;
  private readonly flushMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(db: Db, flushMs: number, onError: (err: unknown) => void = () => undefined) {
    this.db = db;
    this.flushMs = flushMs;
    this.onError = onError;
  }

  /** Count one hit; returns the bucket's count in this window including it. */
  hit(bucket: string, now: number): { count: number; windowEnd: number } {
    const windowStart = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
    const windowEnd = windowStart + RATE_WINDOW_MS;
    if (this.flushMs <= 0) return { count: addHits(this.db, bucket, windowStart, 1), windowEnd };
    const key = `${windowStart}|${bucket}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const row = stmt(this.db, READ_SQL).get(bucket, windowStart) as { count: number } | undefined;
      entry = { bucket, windowStart, stored: row?.count ?? 0, pending: 0 };
      this.entries.set(key, entry);
    }
    entry.pending++;
    this.timer ??= setTimeout(() => this.flushSafely(), this.flushMs).unref();
    return { count: entry.stored + entry.pending, windowEnd };
  }

  /** Count a hit against `bucket` and throw 429 (with Retry-After) when it is over `limit` (0: no limit). */
  enforce(bucket: string, limit: number, now: number, what: string): void {
    if (limit <= 0) return;
    const { count, windowEnd } = this.hit(bucket, now);
    if (count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    throw new HttpError(429, 'rate_limited', `Too many requests for this ${what}; retry later`, undefined, {
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  /** Write pending hits in one transaction and forget buckets without pending hits (re-read on next use). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const dirty = [...this.entries.values()].filter((e) => e.pending > 0);
    this.entries.clear();
    if (dirty.length === 0) return;
    this.db.transaction(() => {
      for (const e of dirty) {
        e.stored = addHits(this.db, e.bucket, e.windowStart, e.pending);
        e.pending = 0;
      }
    })();
  }

  /** flush(), reporting (not throwing) errors such as a closed database. */
  flushSafely(): void {
    try {
      this.flush();
    } catch (err) {
      this.onError(err);
    }
  }
}

/** Delete windows that ended before `now` (they can never be hit again). */
export function sweepRateCounters(db: Db, now: number): number {
  return stmt(db, 'DELETE FROM rate_counters WHERE window_start < ?').run(now - RATE_WINDOW_MS).changes;
}
