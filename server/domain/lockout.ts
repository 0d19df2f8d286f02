/**
 * Verification lockout, kept in the database: every failed verification of a customer is recorded;
 * when `maxFailures` fall within `windowMinutes`, the customer is locked for `lockMinutes` (423 locked
 * with lockedUntil, and no answer is checked). A successful verification clears the failures.
 * Callers run these inside the verify transaction, after lockCustomer(): one verification of a
 * customer at a time across every replica, so counting and locking never race.
 */
import type { VerificationConfig } from '../config.ts';
import { FIND_BY_ID_SQL, type CustomerRow } from './customers.ts';
import { HttpError } from './errors.ts';
import { forUpdate, type Queryable } from '../db/sql.ts';

type Policy = VerificationConfig['lockout'];

const MINUTE = 60_000;

/**
 * Read the customer and serialise verifications of it until the transaction ends (PostgreSQL: the
 * row is read FOR UPDATE; SQLite: a write transaction already locks the file).
 */
export function lockCustomer(tx: Queryable, customerId: string): Promise<CustomerRow[]> {
  return tx.all<CustomerRow>(`${FIND_BY_ID_SQL}${forUpdate(tx, 'c')}`, [customerId]);
}

/** End of the customer's lock (epoch ms) if it is locked at `now`. */
export async function lockedUntil(db: Queryable, customerId: string, now: number): Promise<number | undefined> {
  const row = await db.get<{ locked_until: number }>(
    'SELECT locked_until FROM lockouts WHERE customer_id = ? AND locked_until > ?',
    [customerId, now],
  );
  return row?.locked_until;
}

/** Throw 423 locked (with lockedUntil) when the customer is locked. */
export async function assertNotLocked(db: Queryable, customerId: string, now: number): Promise<void> {
  const until = await lockedUntil(db, customerId, now);
  if (until === undefined) return;
  const iso = new Date(until).toISOString();
  throw new HttpError(423, 'locked', 'Verification is locked for this customer after too many failures', undefined, {
    lockedUntil: iso,
  });
}

/** Failures of the customer within the policy window ending at `now`. */
async function recentFailures(db: Queryable, customerId: string, policy: Policy, now: number): Promise<number> {
  const since = now - policy.windowMinutes * MINUTE;
  const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM verify_failures WHERE customer_id = ? AND failed_at > ?', [
    customerId,
    since,
  ]);
  return row?.n ?? 0;
}

/** Verification attempts the customer has left before a lock. */
async function attemptsLeft(db: Queryable, customerId: string, policy: Policy, now: number): Promise<number> {
  return Math.max(0, policy.maxFailures - (await recentFailures(db, customerId, policy, now)));
}

/** Record a failed verification; locks the customer (and resets the count) when the limit is reached. */
export async function recordFailure(
  tx: Queryable,
  customerId: string,
  policy: Policy,
  now: number,
): Promise<{ attemptsRemaining: number; lockedUntil?: number }> {
  await tx.run('INSERT INTO verify_failures (customer_id, failed_at) VALUES (?, ?)', [customerId, now]);
  const remaining = await attemptsLeft(tx, customerId, policy, now);
  if (remaining > 0) return { attemptsRemaining: remaining };
  return { attemptsRemaining: 0, lockedUntil: await lockCustomerUntil(tx, customerId, policy, now) };
}

/** Lock the customer for the policy's lock time from `now` (a step-up out of attempts); returns the lock end. */
export async function lockCustomerUntil(tx: Queryable, customerId: string, policy: Policy, now: number): Promise<number> {
  const until = now + policy.lockMinutes * MINUTE;
  await tx.run(
    `INSERT INTO lockouts (customer_id, locked_until) VALUES (?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET locked_until = excluded.locked_until`,
    [customerId, until],
  );
  await tx.run('DELETE FROM verify_failures WHERE customer_id = ?', [customerId]);
  return until;
}

/** Record a successful verification: earlier failures no longer count. */
export async function recordSuccess(tx: Queryable, customerId: string): Promise<void> {
  await tx.run('DELETE FROM verify_failures WHERE customer_id = ?', [customerId]);
}

/** Delete failures older than the window and locks that have ended. */
export async function sweepLockouts(db: Queryable, policy: Policy, now: number): Promise<number> {
  const old = await db.run('DELETE FROM verify_failures WHERE failed_at <= ?', [now - policy.windowMinutes * MINUTE]);
  const ended = await db.run('DELETE FROM lockouts WHERE locked_until <= ?', [now]);
  return old + ended;
}
