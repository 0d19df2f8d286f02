/**
 * The outbox: at-least-once delivery of stored result records with PUT /v1/interactions/{id}, which is
 * idempotent on the server. Pending rows of the results store are the outbox (see store.ts).
 *
 * Crash safety: nothing is marked synced before the server said so, and each mark names the revision
 * that was sent. A worker killed mid-flush leaves the record it was sending pending (it is sent again:
 * the server's idempotency absorbs the duplicate); a record replaced while its older version was in
 * flight stays pending for its new revision. The "one flush at a time" flag lives in memory only, so it
 * dies with the worker and can never be left stuck.
 *
 * Answers, by status:
 * - 2xx: synced.
 * - 409: the server already holds a different record for this interaction (another agent after a
 *   transfer, the IVR, or a newer save). The server is the system of record and sending again cannot
 *   change its mind, so the record counts as delivered: synced, with `conflict` and the error kept for
 *   support; it is purged with the others at retention.
 * - 408, 429, 5xx, timeouts, no network, an unreadable 2xx answer, and 401/403 (a token or configuration
 *   problem, not the record's fault): retried with exponential backoff and full jitter, never given up.
 * - any other 4xx (400, 404, 413, 423...): rejected. Kept (not retried, not purged); `requeueRejected`
 *   puts them back once the cause is fixed.
 */
import type { ApiFailure } from '../api/failure';
import type { ApiResult } from '../api/client';
import type { ResultRecord } from './record';
import { firstPending, getResult, markRejected, markSynced, pendingDue, scheduleRetry } from './store';
import type { ResultsDb } from './schema';

export interface BackoffConfig {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 5_000, capMs: 3_600_000 };

export interface FlushOptions {
  db: ResultsDb;
  now: () => number;
  /** Sends one record; resolves with the API result and should never throw (a throw ends the flush as a crash would). */
  put: (record: ResultRecord) => Promise<ApiResult<unknown>>;
  /** Uniform in [0, 1). */
  random: () => number;
  backoff?: BackoffConfig;
  /** End the flush after this many retryable failures in a row (the API is down: don't walk the whole queue). */
  maxFailuresInRow?: number;
  batchSize?: number;
}

export interface FlushReport {
  synced: number;
  conflicts: number;
  retrying: number;
  rejected: number;
  /** Ended by `maxFailuresInRow`: due records may remain. */
  stoppedEarly: boolean;
}

/** Delay before attempt `failures + 1`: uniform in [0, min(cap, base · 2^(failures − 1))) ("full jitter"). */
export function backoffDelay(failures: number, random: () => number, cfg: BackoffConfig = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(cfg.capMs, cfg.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}

type Verdict = 'synced' | 'conflict' | 'retry' | 'rejected';

/** How the outbox treats one PUT result (see the module comment). */
export function verdictOf(res: ApiResult<unknown>): Verdict {
  if (res.ok) return 'synced';
  const { kind, status } = res.error;
  if (status === 409) return 'conflict';
  if (status === 408) return 'retry';
  return kind === 'rejected' || kind === 'locked' ? 'rejected' : 'retry';
}

async function flushOnce(opts: FlushOptions, report: FlushReport): Promise<void> {
  const { db, now } = opts;
  const batch = opts.batchSize ?? 50;
  const maxInRow = opts.maxFailuresInRow ?? 3;
  const tried = new Set<string>();
  let failuresInRow = 0;
  for (;;) {
    const due = (await pendingDue(db, now(), batch + tried.size)).filter((r) => !tried.has(r.interactionId));
    if (due.length === 0) return;
    for (const row of due.slice(0, batch)) {
      tried.add(row.interactionId);
      const { interactionId, sync } = row;
      // Re-read: another context may have synced or replaced it since the batch was read.
      const fresh = await getResult(db, interactionId);
      if (fresh?.sync.state !== 'pending' || fresh.sync.revision !== sync.revision) continue;
      const res = await opts.put(row.record);
      const verdict = verdictOf(res);
      const error: ApiFailure | undefined = res.ok ? undefined : res.error;
      failuresInRow = verdict === 'retry' ? failuresInRow + 1 : 0;
      if (verdict === 'synced' || verdict === 'conflict') {
        if (await markSynced(db, interactionId, sync.revision, now(), error)) report[verdict === 'synced' ? 'synced' : 'conflicts']++;
      } else if (verdict === 'rejected' && error) {
        if (await markRejected(db, interactionId, sync.revision, error)) report.rejected++;
      } else if (error) {
        const at = now() + backoffDelay(sync.attempts + 1, opts.random, opts.backoff);
        if (await scheduleRetry(db, interactionId, sync.revision, at, error)) report.retrying++;
        if (failuresInRow >= maxInRow) return void (report.stoppedEarly = true);
      }
    }
  }
}

const running = new WeakMap<ResultsDb, { again: boolean; promise: Promise<FlushReport> }>();

/**
 * Send every due pending record, one at a time. A call while a flush of the same db runs joins it (and
 * makes it look again for due records at its end), so there is never more than one flush per worker.
 */
export function flushOutbox(opts: FlushOptions): Promise<FlushReport> {
  const current = running.get(opts.db);
  if (current) {
    current.again = true;
    return current.promise;
  }
  const entry = { again: false } as { again: boolean; promise: Promise<FlushReport> };
  running.set(opts.db, entry);
  entry.promise = (async () => {
    const report: FlushReport = { synced: 0, conflicts: 0, retrying: 0, rejected: 0, stoppedEarly: false };
    try {
      do {
        entry.again = false;
        await flushOnce(opts, report);
      } while (entry.again && !report.stoppedEarly);
      return report;
    } finally {
      running.delete(opts.db);
    }
  })();
  return entry.promise;
}

/** Epoch ms when the next pending record is due (possibly in the past), or undefined when none is pending. */
export async function nextWakeUp(db: ResultsDb): Promise<number | undefined> {
  return (await firstPending(db))?.sync.nextAttemptAt;
}
