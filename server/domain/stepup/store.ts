/**
 * Step-up rows: the channels a customer has on file, reading a step-up (locking it in a transaction),
 * and its contract view. A pending step-up past its expiry reads as expired; the row keeps "pending"
 * until something touches it, so reports count such rows as expired too.
 */
import type { StepUp, StepUpChannel, StepUpStatus } from '../../../lib/api/contract-stepup.ts';
import { forUpdate, type Queryable } from '../../db/sql.ts';
import type { StepUpLimits } from './config.ts';
import { maskEmail, maskPhone } from './codes.ts';

export interface StepUpRow {
  step_up_id: string;
  interaction_id: string;
  customer_id: string;
  channel: StepUpChannel;
  destination: string;
  masked: string;
  code_hash: string | null;
  provider_ref: string | null;
  status: StepUpStatus;
  attempts: number;
  resends: number;
  created_at: number;
  sent_at: number;
  expires_at: number;
  decided_at: number | null;
}

/** A channel of a customer with where it goes. */
export interface OnFile {
  channel: StepUpChannel;
  destination: string;
  masked: string;
}

/**
 * The customer's channels in `order`: the first phone for sms and voice, the email on file, the first
 * enrolled app device. undefined when there is no such customer.
 */
export async function channelsOnFile(db: Queryable, customerId: string, order: readonly StepUpChannel[]): Promise<OnFile[] | undefined> {
  const row = await db.get<{ phone: string | null; email: string | null; device: string | null }>(
    `SELECT (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.customer_id ORDER BY p.position LIMIT 1) AS phone,
            (SELECT k.email FROM customer_contacts k WHERE k.customer_id = c.customer_id) AS email,
            (SELECT d.device_id FROM customer_devices d WHERE d.customer_id = c.customer_id ORDER BY d.device_id LIMIT 1) AS device
     FROM customers c WHERE c.customer_id = ?`,
    [customerId],
  );
  if (!row) return undefined;
  const found: Record<StepUpChannel, OnFile | undefined> = {
    sms: row.phone ? { channel: 'sms', destination: row.phone, masked: maskPhone(row.phone) } : undefined,
    voice: row.phone ? { channel: 'voice', destination: row.phone, masked: maskPhone(row.phone) } : undefined,
    email: row.email ? { channel: 'email', destination: row.email, masked: maskEmail(row.email) } : undefined,
    app: row.device ? { channel: 'app', destination: row.device, masked: 'Caller Verify app' } : undefined,
  };
  return order.flatMap((channel) => found[channel] ?? []);
}

/** A step-up by id; in a transaction with `lock`, its row stays locked until the end (PostgreSQL). */
export async function loadStepUp(db: Queryable, id: string, lock = false): Promise<StepUpRow | undefined> {
  const row = await db.get<StepUpRow>(`SELECT * FROM step_ups WHERE step_up_id = ?${lock ? forUpdate(db) : ''}`, [id]);
  if (!row) return undefined;
  // BIGINT columns come back as strings from PostgreSQL.
  for (const key of ['attempts', 'resends', 'created_at', 'sent_at', 'expires_at'] as const) row[key] = Number(row[key]);
  if (row.decided_at !== null) row.decided_at = Number(row.decided_at);
  return row;
}

/** The status at `now`: a pending step-up past its expiry is expired. */
export function effectiveStatus(row: StepUpRow, now: number): StepUpStatus {
  return row.status === 'pending' && now >= row.expires_at ? 'expired' : row.status;
}

/** Move a step-up to a final status. */
export async function finish(tx: Queryable, id: string, status: Exclude<StepUpStatus, 'pending'>, now: number): Promise<void> {
  await tx.run("UPDATE step_ups SET status = ?, decided_at = ? WHERE step_up_id = ? AND status = 'pending'", [status, now, id]);
}

/** The contract view of a step-up at `now` (with the customer's lock end, when locked). */
export function toView(row: StepUpRow, limits: StepUpLimits, now: number, lockedUntil?: number): StepUp {
  const status = effectiveStatus(row, now);
  const resendsRemaining = Math.max(0, limits.maxResends - row.resends);
  const view: StepUp = {
    id: row.step_up_id,
    channel: row.channel,
    maskedDestination: row.masked,
    status,
    expiresAt: new Date(row.expires_at).toISOString(),
    attemptsRemaining: Math.max(0, limits.maxAttempts - row.attempts),
    resendsRemaining,
  };
  if (row.channel !== 'app') view.codeLength = limits.codeLength;
  if (status === 'pending' && resendsRemaining > 0) view.resendAvailableAt = new Date(row.sent_at + limits.resendCooldownSeconds * 1000).toISOString();
  if (lockedUntil !== undefined) view.lockedUntil = new Date(lockedUntil).toISOString();
  // recordPassed verified the interaction (limits.verifies); the panel shows Verified only on this.
  if (status === 'approved' && limits.verifies) view.verifiedInteraction = true;
  return view;
}
