/**
 * Step-up for the agent: start one on a channel the customer has on file, check the code the caller reads
 * out, resend, read its status. Every limit is counted here, in the database, so replicas agree: attempts,
 * resends and their cool-down, starts per interaction, expiry. The customer's verification lockout is
 * shared: a locked customer gets no step-up, and a step-up that runs out of attempts locks the customer
 * (for questions too). A passed step-up is recorded on its row and, by default, verifies the interaction.
 * Code checks run in two short transactions around the slow part (scrypt or the provider's answer), each
 * under the customer's row lock, so two replicas racing on one step-up count every attempt once.
 */
import { randomUUID } from 'node:crypto';
import type { StepUp, StepUpCheckRequest, StepUpStartRequest } from '../../../lib/api/contract-stepup.ts';
import type { Queryable } from '../../db/sql.ts';
import { outboxSender, clearOutbox } from '../senders/outbox.ts';
import type { StepUpSender } from '../senders/types.ts';
import type { ApiContext } from '../context.ts';
import { displayName, type CustomerRow } from '../customers.ts';
import { HttpError } from '../errors.ts';
import { recordVerified } from '../interactions.ts';
import { recordRiskEvent } from '../../db/risk.ts';
import { assertNotLocked, lockCustomer, lockCustomerUntil, lockedUntil, recordSuccess } from '../lockout.ts';
import { stepUpLimits, type StepUpLimits, type StepUpOptions } from './config.ts';
import { codeMatches, codeShapeOk, hashCode, newCode } from './codes.ts';
import { channelsOnFile, effectiveStatus, finish, loadStepUp, toView, type StepUpRow } from './store.ts';

/** Step-ups started for one customer on one interaction (every start is a fresh set of attempts). */
const MAX_STARTS_PER_INTERACTION = 3;

/** The step-up settings of a running app. */
export interface StepUpRuntime {
  limits: StepUpLimits;
  sender: StepUpSender;
  demo: boolean;
}

/** Settings from buildApp's options over the defaults; throws on bad limits. */
export function stepUpRuntime(opts: StepUpOptions = {}, now: () => number = Date.now): StepUpRuntime {
  return { limits: stepUpLimits(opts.limits), sender: opts.sender ?? outboxSender(now), demo: opts.demo ?? false };
}

const notFound = () => new HttpError(404, 'not_found', 'No such step-up for this interaction');

/** A step-up of this interaction, else 404. */
async function stepUpOf(db: Queryable, id: string, interactionId: string): Promise<StepUpRow> {
  const row = await loadStepUp(db, id);
  if (!row || row.interaction_id !== interactionId) throw notFound();
  return row;
}

/** Record a passed step-up: the customer's failures are cleared and (by default) the interaction is verified. */
export async function recordPassed(tx: Queryable, rt: StepUpRuntime, row: StepUpRow, customer: CustomerRow | undefined, now: number): Promise<void> {
  await finish(tx, row.step_up_id, 'approved', now);
  await clearOutbox(tx, row.step_up_id);
  await recordSuccess(tx, row.customer_id);
  if (rt.limits.verifies && customer) {
    await recordVerified(tx, { interactionId: row.interaction_id, customerId: row.customer_id, displayName: displayName(customer), verifiedBy: 'agent', now });
  }
}

/** 409 once the customer had MAX_STARTS_PER_INTERACTION step-ups on this interaction. */
async function assertStartsLeft(db: Queryable, req: StepUpStartRequest): Promise<void> {
  const started = await db.get<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM step_ups WHERE interaction_id = ? AND customer_id = ?', [req.interactionId, req.customerId]);
  if (Number(started?.n ?? 0) >= MAX_STARTS_PER_INTERACTION) {
    throw new HttpError(409, 'conflict', 'No more step-ups for this customer on this interaction');
  }
}

/** Start a step-up on a channel the customer has on file. */
export async function startStepUp(ctx: ApiContext, rt: StepUpRuntime, req: StepUpStartRequest): Promise<StepUp> {
  const now = ctx.now();
  await ctx.rateLimiter.enforce(`customer:${req.customerId}`, ctx.rateLimits.perCustomerPerMinute, now, 'customer');
  const onFile = await channelsOnFile(ctx.db, req.customerId, rt.limits.channels);
  if (!onFile) throw new HttpError(404, 'not_found', 'No such customer');
  const target = onFile.find((c) => c.channel === req.channel);
  if (!target) throw new HttpError(409, 'conflict', 'The customer has no such channel on file, or it is not offered');
  if (target.channel !== 'app' && !rt.sender.channels.includes(target.channel)) {
    throw new HttpError(409, 'conflict', 'This channel is not available from the configured sender');
  }
  await assertNotLocked(ctx.db, req.customerId, now);
  await assertStartsLeft(ctx.db, req); // before a provider sends anything; checked again under the lock
  const id = randomUUID();
  const viaProvider = target.channel !== 'app' && rt.sender.ownsCode;
  const code = target.channel === 'app' || viaProvider ? undefined : newCode(rt.limits.codeLength);
  const hash = code === undefined ? null : await hashCode(code);
  const send = { stepUpId: id, channel: target.channel, destination: target.destination, resend: false };
  // A provider is called outside the transaction: no row lock is held across a network round trip.
  const ref = viaProvider ? (await rt.sender.send(send, ctx.db)).ref ?? null : null;
  const row = await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, req.customerId);
    await assertNotLocked(tx, req.customerId, now);
    await assertStartsLeft(tx, req);
    // One live step-up per interaction and customer: an older pending one ends (its code stops working).
    await tx.run("UPDATE step_ups SET status = 'expired', decided_at = ? WHERE interaction_id = ? AND customer_id = ? AND status = 'pending'",
      [now, req.interactionId, req.customerId]);
    const expires = now + rt.limits.ttlMinutes * 60_000;
    await tx.run(
      `INSERT INTO step_ups (step_up_id, interaction_id, customer_id, channel, destination, masked, code_hash, provider_ref,
         status, created_at, sent_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      [id, req.interactionId, req.customerId, target.channel, target.destination, target.masked, hash, ref, now, now, expires]);
    if (code !== undefined) await rt.sender.send({ ...send, code }, tx);
    return loadStepUp(tx, id);
  });
  return toView(row as StepUpRow, rt.limits, now);
}

/** The step-up's state (GET). */
export async function readStepUp(ctx: ApiContext, rt: StepUpRuntime, id: string, interactionId: string): Promise<StepUp> {
  const now = ctx.now();
  const row = await stepUpOf(ctx.db, id, interactionId);
  const until = effectiveStatus(row, now) === 'locked' ? await lockedUntil(ctx.db, row.customer_id, now) : undefined;
  return toView(row, rt.limits, now, until);
}

/** Resend: a new code (the old one stops working) or a new app notification, within the limit and after the cool-down. */
export async function resendStepUp(ctx: ApiContext, rt: StepUpRuntime, id: string, interactionId: string): Promise<StepUp> {
  const now = ctx.now();
  const pre = await stepUpOf(ctx.db, id, interactionId);
  const viaProvider = pre.channel !== 'app' && rt.sender.ownsCode;
  const code = pre.channel === 'app' || viaProvider ? undefined : newCode(rt.limits.codeLength);
  const hash = code === undefined ? null : await hashCode(code);
  const row = await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, pre.customer_id);
    await assertNotLocked(tx, pre.customer_id, now);
    const current = (await loadStepUp(tx, id, true)) as StepUpRow;
    if (effectiveStatus(current, now) !== 'pending') throw new HttpError(409, 'conflict', 'The step-up is over; start a new one');
    if (current.resends >= rt.limits.maxResends) throw new HttpError(409, 'conflict', 'No resends left');
    const wait = current.sent_at + rt.limits.resendCooldownSeconds * 1000 - now;
    if (wait > 0) {
      throw new HttpError(429, 'rate_limited', 'Wait before resending', undefined, { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } });
    }
    await tx.run('UPDATE step_ups SET resends = resends + 1, sent_at = ?, expires_at = ?, code_hash = COALESCE(?, code_hash) WHERE step_up_id = ?',
      [now, now + rt.limits.ttlMinutes * 60_000, hash, id]);
    if (code !== undefined) await rt.sender.send({ stepUpId: id, channel: current.channel, destination: current.destination, code, resend: true }, tx);
    return (await loadStepUp(tx, id)) as StepUpRow;
  });
  if (viaProvider) {
    // Twilio Verify resends a pending verification under the same sid; a provider that makes a new one is followed.
    const { ref } = await rt.sender.send({ stepUpId: id, channel: row.channel, destination: row.destination, resend: true }, ctx.db);
    if (ref !== undefined && ref !== row.provider_ref) await ctx.db.run('UPDATE step_ups SET provider_ref = ? WHERE step_up_id = ?', [ref, id]);
  }
  return toView(row, rt.limits, now);
}

/** Whether the code is right: against the stored digest, or by asking the provider. */
async function codeIsRight(rt: StepUpRuntime, claim: { hash: string | null; ref: string | null; destination: string }, code: string) {
  if (claim.hash !== null) return (await codeMatches(code, claim.hash)) ? 'approved' : 'pending';
  if (claim.ref === null || !rt.sender.check) return 'over';
  return rt.sender.check(claim.ref, claim.destination, code);
}

/** Check a code the caller read out; a wrong one uses an attempt, the last wrong one locks the customer. */
export async function checkStepUp(ctx: ApiContext, rt: StepUpRuntime, id: string, req: StepUpCheckRequest): Promise<StepUp> {
  const now = ctx.now();
  const pre = await stepUpOf(ctx.db, id, req.interactionId);
  if (pre.channel === 'app') throw new HttpError(409, 'conflict', 'An app step-up has no code; wait for the approval');
  if (!codeShapeOk(req.code, rt.limits.codeLength)) {
    throw new HttpError(400, 'invalid_request', 'Invalid code', [{ path: 'code', message: `A code is ${rt.limits.codeLength} digits` }]);
  }
  await ctx.rateLimiter.enforce(`customer:${pre.customer_id}`, ctx.rateLimits.perCustomerPerMinute, now, 'customer');
  // First transaction: claim an attempt (counted even if this process dies before the answer).
  const claim = await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, pre.customer_id);
    const row = (await loadStepUp(tx, id, true)) as StepUpRow;
    const status = effectiveStatus(row, now);
    if (status === 'expired' && row.status === 'pending') {
      await finish(tx, id, 'expired', now);
      await clearOutbox(tx, id);
    }
    if (status !== 'pending') return { over: row };
    await assertNotLocked(tx, row.customer_id, now);
    if (row.attempts >= rt.limits.maxAttempts) throw new HttpError(409, 'conflict', 'No attempts left on this step-up');
    await tx.run('UPDATE step_ups SET attempts = attempts + 1 WHERE step_up_id = ?', [id]);
    return { attempt: row.attempts + 1, hash: row.code_hash, ref: row.provider_ref, destination: row.destination };
  });
  if ('over' in claim) return readStepUp(ctx, rt, id, req.interactionId);
  const verdict = await codeIsRight(rt, claim, req.code);
  // Second transaction: record the outcome, unless a racing check (or a resend) got there first.
  const locked = await ctx.db.transaction(async (tx) => {
    const customer = (await lockCustomer(tx, pre.customer_id))[0];
    const row = (await loadStepUp(tx, id, true)) as StepUpRow;
    if (effectiveStatus(row, now) !== 'pending') return undefined;
    if (verdict === 'approved' && row.code_hash === claim.hash) return void (await recordPassed(tx, rt, row, customer, now));
    if (verdict !== 'over' && claim.attempt < rt.limits.maxAttempts) return undefined;
    await finish(tx, id, 'locked', now);
    await clearOutbox(tx, id);
    await recordRiskEvent(tx, { kind: 'stepup_failed', interactionId: row.interaction_id, customerId: row.customer_id, at: now });
    return lockCustomerUntil(tx, row.customer_id, ctx.verification.lockout, now);
  });
  const view = await readStepUp(ctx, rt, id, req.interactionId);
  return locked === undefined || view.lockedUntil !== undefined ? view : { ...view, lockedUntil: new Date(locked).toISOString() };
}
