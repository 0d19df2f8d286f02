/**
 * Fixed-window rate limits kept in the database (table rate_counters), so several API replicas on one
 * database share them. A bucket is e.g. `token:<hash prefix>` or `customer:<id>`; each window is one
 * minute. Over the limit: 429 rate_limited with Retry-After (seconds to the end of the window).
 *
 * Hits are written behind: counted in memory and added to the database every `flushMs` (default 20 ms)
 * in one atomic statement (`count = count + excluded.count`, so concurrent replicas never lose an
 * increment), instead of one commit per request. A replica's view of a bucket is the database count
 * when it last read or flushed it plus its own unflushed hits, so replicas see each other's traffic
 * within one flush interval; a replica killed outright loses at most its last `flushMs` of hits (a
 * limit enforced slightly late, never a stored result). `flushMs: 0` writes every hit at once.
 */
import { HttpError } from './errors.ts';
import { valuesList, type Db, type Queryable } from '../db/sql.ts';

/** Length of one rate-limit window (the per-token and per-customer limits). */
const RATE_WINDOW_MS = 60_000;
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
const ADD_RETURNING = (rows: number) => `${ADD(rows)} RETURNING bucket, window_start, count`;
const READ_SQL = 'SELECT count FROM rate_counters WHERE bucket = ? AND window_start = ?';
/** Buckets written per statement. */
const BATCH = 200;

interface Entry {
  bucket: string;
  windowStart: number;
  /** Count in the database when last read or written (all replicas). */
  stored: number;
  /** Hits of this process not yet sent to the database. */
  pending: number;
  /** Hits being written by the running flush. */
  inFlight: number;
  /** Whether a write's result has set `stored` (a slower first read must not overwrite it). */
  written: boolean;
  /** Settles when the first read of `stored` is done. */
  ready?: Promise<void>;
}

const keyOf = (bucket: string, windowStart: number) => `${windowStart}|${bucket}`;

/** Add `n` hits to a bucket's window in the database; returns the new count. */
async function addHits(db: Queryable, bucket: string, windowStart: number, n: number): Promise<number> {
  const row = await db.get<{ count: number }>(ADD_ONE, [bucket, windowStart, n]);
  return row?.count ?? n;
}

/** Counts hits per bucket and window, writing them to the database behind (see the file comment). */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  /** The flush being written, if any (settles, never rejects). */
  private running: Promise<void> | undefined;

  private readonly db: Db;
  private readonly flushMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(db: Db, flushMs: number, onError: (err: unknown) => void = () => undefined) {
    this.db = db;
    this.flushMs = flushMs;
    this.onError = onError;
  }

  /**
   * Count one hit (`n` = 0: only read); resolves to the bucket's count in this window including it. `stored`:
   * the bucket's count in the database, when the caller has just read it (saves this read).
   */
  async hit(bucket: string, now: number, windowMs = RATE_WINDOW_MS, n = 1, stored?: number): Promise<{ count: number; windowEnd: number }> {
    const start = windowStart(now, windowMs);
    const windowEnd = start + windowMs;
    if (this.flushMs <= 0) {
      if (n === 0) return { count: (await this.db.get<{ count: number }>(READ_SQL, [bucket, start]))?.count ?? 0, windowEnd };
      return { count: await addHits(this.db, bucket, start, n), windowEnd };
    }
    const key = keyOf(bucket, start);
    let entry = this.entries.get(key);
    if (!entry) {
      const fresh: Entry = { bucket, windowStart: start, stored: stored ?? 0, pending: 0, inFlight: 0, written: false };
      fresh.ready = stored !== undefined ? undefined : this.db.get<{ count: number }>(READ_SQL, [bucket, start]).then(
        (row) => void (fresh.written || (fresh.stored = row?.count ?? 0)),
        () => undefined, // unreadable: count from 0 (the hits are still added on flush)
      );
      this.entries.set(key, (entry = fresh));
    }
    entry.pending += n;
    this.timer ??= setTimeout(() => void this.flushSafely(), this.flushMs).unref();
    if (entry.ready) await entry.ready;
    return { count: entry.stored + entry.inFlight + entry.pending, windowEnd };
  }

  /**
   * Count a hit against `bucket` and throw 429 (with Retry-After) when it is over `limit` (0: no limit).
   * `opts.peek`: count nothing, only refuse when the bucket is already at its limit; `opts.security`: the
   * refusal is logged as a security event with that name.
   */
  async enforce(
    bucket: string, limit: number, now: number, what: string,
    opts: { windowMs?: number; peek?: boolean; security?: string; stored?: number } = {},
  ): Promise<void> {
    if (limit <= 0) return;
    const { count, windowEnd } = await this.hit(bucket, now, opts.windowMs, opts.peek ? 0 : 1, opts.stored);
    if (opts.peek ? count < limit : count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    throw new HttpError(429, 'rate_limited', `Too many requests for this ${what}; retry later`, undefined, {
      headers: { 'retry-after': String(retryAfter) },
      ...(opts.security ? { security: opts.security } : {}),
    });
  }

  /**
   * Add pending hits to the database, after any flush still running: when this settles, every hit counted
   * before the call has been written (or its error reported), which close and shutdown rely on.
   */
  flush(): Promise<void> {
    // Without this wait, a flush during the timer's write found nothing pending and returned at once,
    // so the app closed (and a sweep or db.close ran) before those hits reached the database.
    const run = this.running ? this.running.then(() => this.writePending()) : this.writePending();
    const settled = run.catch(() => undefined);
    this.running = settled;
    void settled.then(() => { if (this.running === settled) this.running = undefined; });
    return run;
  }

  /**
   * Write the pending hits; buckets stay known (counting their in-flight hits) until the write ends, then
   * buckets without new hits are forgotten (re-read on next use, to see other replicas).
   */
  private async writePending(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const dirty = [...this.entries.values()].filter((e) => e.pending > 0);
    // A fixed order of rows, so two replicas' statements lock shared rows in the same order (no deadlock).
    dirty.sort((a, b) => a.windowStart - b.windowStart || (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
    for (const e of dirty) [e.inFlight, e.pending] = [e.pending, 0];
    // Hits meanwhile count stored + inFlight + pending without waiting for the write (it may wait on
    // another replica's row lock); the write's RETURNING then refreshes `stored`.
    try {
      await this.write(dirty);
    } finally {
      for (const e of dirty) e.inFlight = 0; // written, or lost with the error reported by flushSafely
      for (const [key, e] of this.entries) if (e.pending === 0 && e.inFlight === 0) this.entries.delete(key);
    }
  }

  /** Add the in-flight hits of `dirty` in batched atomic upserts, taking the new totals. */
  private async write(dirty: Entry[]): Promise<void> {
    const byKey = new Map(dirty.map((e) => [keyOf(e.bucket, e.windowStart), e]));
    for (let i = 0; i < dirty.length; i += BATCH) {
      const batch = dirty.slice(i, i + BATCH);
      const params = batch.flatMap((e) => [e.bucket, e.windowStart, e.inFlight]);
      const rows = await this.db.all<{ bucket: string; window_start: number; count: number }>(ADD_RETURNING(batch.length), params);
      for (const row of rows) {
        const e = byKey.get(keyOf(row.bucket, row.window_start));
        if (e) [e.stored, e.inFlight, e.written] = [row.count, 0, true];
      }
    }
  }

  /** flush(), reporting (not throwing) errors such as a closed database. */
  async flushSafely(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.onError(err);
    }
  }
}

/** Delete windows that ended before `now` (they can never be hit again). */
export function sweepRateCounters(db: Queryable, now: number): Promise<number> {
  return db.run('DELETE FROM rate_counters WHERE window_start < ?', [now - LONGEST_WINDOW_MS]);
}
