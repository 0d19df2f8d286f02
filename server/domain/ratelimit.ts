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
import type { Db, Param } from '../db/sql.ts';
import { addHits, addReturningSql, READ_SQL, windowStart } from './rate-counters.ts';

export { LONGEST_WINDOW_MS, sweepRateCounters, windowStart } from './rate-counters.ts';

/** Length of one rate-limit window (the per-token and per-customer limits); buckets written per statement. */
const [RATE_WINDOW_MS, BATCH] = [60_000, 200];

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

/** Options of RateLimiter.enforce. */
interface EnforceOptions {
  windowMs?: number;
  peek?: boolean;
  security?: string;
  stored?: number;
}
const NO_OPTIONS: EnforceOptions = {};

/** Throw 429 rate_limited when `count` is over `limit` (a peek: at it), with Retry-After for `msLeft`. */
function refuseOver(count: number, limit: number, msLeft: number, what: string, opts: EnforceOptions): undefined {
  if (opts.peek ? count < limit : count <= limit) return undefined;
  throw new HttpError(429, 'rate_limited', `Too many requests for this ${what}; retry later`, undefined, {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(msLeft / 1000))) },
    ...(opts.security ? { security: opts.security } : {}),
  });
}

/** Counts hits per bucket and window, writing them to the database behind (see the file comment). */
export class RateLimiter {
  /** Entries by window start, then bucket (no key string to build and hash per hit). */
  private readonly windows = new Map<number, Map<string, Entry>>();
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
    return { count: await this.count(bucket, start, n, stored), windowEnd: start + windowMs };
  }

  /**
   * Count `n` hits against a bucket's window: the count including them, synchronously when the bucket is known
   * here (the hot path: several buckets per request, no promise each), else once its stored count is read.
   */
  private count(bucket: string, start: number, n: number, stored: number | undefined): number | Promise<number> {
    if (this.flushMs <= 0) return this.countNow(bucket, start, n);
    let buckets = this.windows.get(start);
    if (!buckets) this.windows.set(start, (buckets = new Map()));
    let entry = buckets.get(bucket);
    if (!entry) {
      entry = { bucket, windowStart: start, stored: stored ?? 0, pending: 0, inFlight: 0, written: false };
      if (stored === undefined) entry.ready = this.readStored(entry);
      buckets.set(bucket, entry);
    }
    entry.pending += n;
    this.timer ??= setTimeout(this.onTimer, this.flushMs).unref();
    const known = entry;
    if (known.ready) return known.ready.then(() => known.stored + known.inFlight + known.pending);
    return known.stored + known.inFlight + known.pending;
  }

  /** Read a new entry's stored count (unless a write has set it first); unreadable: count from 0. */
  private readStored(entry: Entry): Promise<void> {
    return this.db.get<{ count: number }>(READ_SQL, [entry.bucket, entry.windowStart]).then(
      (row) => {
        if (!entry.written) entry.stored = row?.count ?? 0;
        entry.ready = undefined;
      },
      () => void (entry.ready = undefined), // the hits are still added on flush
    );
  }

  /** Without write-behind: add the hits (or read the count) in the database at once. */
  private async countNow(bucket: string, start: number, n: number): Promise<number> {
    if (n === 0) return (await this.db.get<{ count: number }>(READ_SQL, [bucket, start]))?.count ?? 0;
    return addHits(this.db, bucket, start, n);
  }

  private readonly onTimer = (): void => void this.flushSafely();

  /**
   * Count a hit against `bucket` and throw 429 (with Retry-After) when it is over `limit` (0: no limit).
   * `opts.peek`: count nothing, only refuse when the bucket is already at its limit; `opts.security`: the
   * refusal is logged as a security event with that name. Returns a promise only when it has to wait (a
   * bucket's first read); `await` it either way.
   */
  enforce(bucket: string, limit: number, now: number, what: string, opts: EnforceOptions = NO_OPTIONS): Promise<void> | undefined {
    if (limit <= 0) return undefined;
    const windowMs = opts.windowMs ?? RATE_WINDOW_MS;
    const start = windowStart(now, windowMs);
    const count = this.count(bucket, start, opts.peek ? 0 : 1, opts.stored);
    if (typeof count === 'number') return refuseOver(count, limit, start + windowMs - now, what, opts);
    return count.then((c) => refuseOver(c, limit, start + windowMs - now, what, opts));
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
    const dirty: Entry[] = [];
    for (const buckets of this.windows.values()) for (const e of buckets.values()) if (e.pending > 0) dirty.push(e);
    // A fixed order of rows, so two replicas' statements lock shared rows in the same order (no deadlock).
    dirty.sort((a, b) => a.windowStart - b.windowStart || (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
    for (const e of dirty) [e.inFlight, e.pending] = [e.pending, 0];
    // Hits meanwhile count stored + inFlight + pending without waiting for the write (it may wait on
    // another replica's row lock); the write's RETURNING then refreshes `stored`.
    try {
      await this.write(dirty);
    } finally {
      for (const e of dirty) e.inFlight = 0; // written, or lost with the error reported by flushSafely
      for (const [start, buckets] of this.windows) {
        for (const [bucket, e] of buckets) if (e.pending === 0 && e.inFlight === 0) buckets.delete(bucket);
        if (buckets.size === 0) this.windows.delete(start);
      }
    }
  }

  /** Add the in-flight hits of `dirty` in batched atomic upserts, taking the new totals. */
  private async write(dirty: Entry[]): Promise<void> {
    for (let i = 0; i < dirty.length; i += BATCH) {
      const batch = dirty.slice(i, i + BATCH);
      const params: Param[] = [];
      for (const e of batch) params.push(e.bucket, e.windowStart, e.inFlight);
      const rows = await this.db.all<{ bucket: string; window_start: number; count: number }>(addReturningSql(batch.length), params);
      // Entries are only dropped after the write, so each row's entry is still the one written.
      for (const row of rows) {
        const e = this.windows.get(Number(row.window_start))?.get(row.bucket);
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
