/**
 * The customer's app: it lists the customer's pending app step-ups and approves or denies one. It
 * authenticates with a per-device secret enrolled for the customer (seed: appDevices), sent as
 * `Authorization: Device <deviceId>.<secret>`; the server keeps only the secret's SHA-256 digest and
 * looks the device up by id, comparing digests in constant time. An agent token is no device secret.
 */
import { recordRiskEvent } from '../../db/risk.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { AppDecisionResult, AppRequestList } from '../../../lib/api/contract-stepup.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { assertNotLocked, lockCustomer } from '../lockout.ts';
import { recordPassed, type StepUpRuntime } from './stepup.ts';
import { effectiveStatus, finish, loadStepUp } from './store.ts';

/** SHA-256 of a device secret, hex. */
export function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const unauthorized = () =>
  new HttpError(401, 'unauthorized', 'A device credential is required', undefined, { headers: { 'www-authenticate': 'Device realm="caller-verify-app"' } });

/** The customer of the device presenting `header`, else 401. */
export async function authenticateDevice(ctx: ApiContext, header: unknown): Promise<{ deviceId: string; customerId: string }> {
  const match = typeof header === 'string' ? /^Device ([A-Za-z0-9_-]{1,64})\.(\S{16,200})$/.exec(header.trim()) : null;
  if (!match) throw unauthorized();
  const [, deviceId = '', secret = ''] = match;
  const row = await ctx.db.get<{ customer_id: string; secret_hash: string }>('SELECT customer_id, secret_hash FROM customer_devices WHERE device_id = ?', [deviceId]);
  const given = Buffer.from(hashDeviceSecret(secret), 'hex');
  const stored = Buffer.from(row?.secret_hash ?? '', 'hex');
  if (!row || stored.length !== given.length || !timingSafeEqual(stored, given)) throw unauthorized();
  return { deviceId, customerId: row.customer_id };
}

/** The customer's pending app step-ups, newest first. */
export async function listAppRequests(ctx: ApiContext, customerId: string): Promise<z.infer<typeof AppRequestList>> {
  const now = ctx.now();
  const rows = await ctx.db.all<{ step_up_id: string; created_at: number | string; expires_at: number | string }>(
    `SELECT step_up_id, created_at, expires_at FROM step_ups
     WHERE customer_id = ? AND channel = 'app' AND status = 'pending' AND expires_at > ? ORDER BY created_at DESC LIMIT 20`,
    [customerId, now],
  );
  return {
    requests: rows.map((r) => ({
      id: r.step_up_id,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      expiresAt: new Date(Number(r.expires_at)).toISOString(),
      message: 'You are on a call with us. Approve only if you are, and the agent asked you to.',
    })),
  };
}

/** Approve or deny one of the customer's pending app step-ups (404 for anyone else's). */
export async function decideAppRequest(
  ctx: ApiContext, rt: StepUpRuntime, customerId: string, id: string, decision: 'approve' | 'deny',
): Promise<z.infer<typeof AppDecisionResult>> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const customer = (await lockCustomer(tx, customerId))[0];
    const row = await loadStepUp(tx, id, true);
    if (!row || row.customer_id !== customerId || row.channel !== 'app') throw new HttpError(404, 'not_found', 'No such request');
    const status = effectiveStatus(row, now);
    if (status !== 'pending') throw new HttpError(409, 'conflict', `The request is ${status}`);
    await assertNotLocked(tx, customerId, now);
    if (decision === 'approve') await recordPassed(tx, rt, row, customer, now);
    else {
      await finish(tx, id, 'denied', now);
      // The customer said no: risk counts it like a failed step-up (someone else may be calling as them).
      await recordRiskEvent(tx, { kind: 'stepup_failed', interactionId: row.interaction_id, customerId, at: now });
    }
    return { id, status: decision === 'approve' ? 'approved' : 'denied' };
  });
}
