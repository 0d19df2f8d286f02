/**
 * Verification lockout, kept in the database: every failed verification of a customer is recorded;
 * when `maxFailures` fall within `windowMinutes`, the customer is locked for `lockMinutes` (423 locked
 * with lockedUntil, and no answer is checked). A successful verification clears the failures.
 */
import type { VerificationConfig } from './config.ts';
import { stmt, type Db } from './db.ts';
import { HttpError } from './errors.ts';

type Policy = VerificationConfig['lockout'];

const MINUTE = 60_000;

/** End of the customer's lock (epoch ms) if it is locked at `now`. */
export function lockedUntil(db: Db, customerId: string, now: number): number | undefined {
  const row = stmt(db, 'SELECT locked_until FROM lockouts WHERE customer_id = ? AND locked_until > ?').get(customerId, now) as
    | { locked_until: number }
    | undefined;
  return row?.locked_until;
}

/** Throw 423 locked (with lockedUntil) when the customer is locked. */
export function assertNotLocked(db: Db, customerId: string, now: number): void {
  const until = lockedUntil(db, customerId, now);
  if (until === undefined) return;
  const iso = new Date(until).toISOString();
  throw new HttpError(423, 'locked', 'Verification is locked for this customer after too many failures', undefined, {
    lockedUntil: iso,
  });
}

/** Failures of the customer within the policy window ending at `now`. */
function recentFailures(db: Db, customerId: string, policy: Policy, now: number): number {
  const since = now - policy.windowMinutes * MINUTE;
  const row = stmt(db, 'SELECT COUNT(*) AS n FROM verify_failures WHERE customer_id = ? AND failed_at > ?').get(
    customerId,
    since,
  ) as { n: number };
  return row.n;
}

/** Verification attempts the customer has left before a lock. */
export function attemptsLeft(db: Db, customerId: string, policy: Policy, now: number): number {
  return Math.max(0, policy.maxFailures - recentFailures(db, customerId, policy, now));
}

/** Record a failed verification; locks the customer (and resets the count) when the limit is reached. */
export function recordFailure(db: Db, customerId: string, policy: Policy, now: number): { attemptsRemaining: number; lockedUntil?: number } {
  stmt(db, 'INSERT INTO verify_failures (customer_id, failed_at) VALUES (?, ?)').run(customerId, now);
  const remaining = attemptsLeft(db, customerId, policy, now);
  if (remaining > 0) return { attemptsRemaining: remaining };
  const until = now + policy.lockMinutes * MINUTE;
  stmt(
    db,
    `INSERT INTO lockouts (customer_id, locked_until) VALUES (?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET locked_until = excluded.locked_until`,
  ).run(customerId, until);
  stmt(db, 'DELETE FROM verify_failures WHERE customer_id = ?').run(customerId);
  return { attemptsRemaining: 0, lockedUntil: until };
}

/** Record a successful verification: earlier failures no longer count. */
export function recordSuccess(db: Db, customerId: string): void {
  stmt(db, 'DELETE FROM verify_failures WHERE customer_id = ?').run(customerId);
}

/** Delete failures older than the window and locks that have ended. */
export function sweepLockouts(db: Db, policy: Policy, now: number): number {
  const old = stmt(db, 'DELETE FROM verify_failures WHERE failed_at <= ?').run(now - policy.windowMinutes * MINUTE);
  const ended = stmt(db, 'DELETE FROM lockouts WHERE locked_until <= ?').run(now);
  return old.changes + ended.changes;
}
