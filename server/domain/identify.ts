/**
 * Identification: find candidate customers for an interaction by ANI, phone, customer id,
 * account number or last name. Failed manual look-ups (0 candidates) use up the interaction's
 * identify attempts, which are kept in the database; once they are used, the interaction gets no more
 * look-ups. Every look-up (ANI too) also counts against budgets kept on the server, so neither a fresh
 * interaction id nor ANI look-ups give a sweep of numbers or names room: per interaction, and per hour
 * per token and per client address, all look-ups and those that found nobody (the sweep signature).
 * Past a budget: 429 with Retry-After, logged as a security event.
 */
import type { IdentifyRequest, IdentifyResponse } from '../../lib/api/contract.ts';
import type { CountryCode } from '../../lib/phone.ts';
import {
  findByAccountNumber,
  findByCustomerId,
  findByLastName,
  findByPhone,
  toCandidate,
  type CustomerRow,
} from './customers.ts';
import { toE164 } from './e164.ts';
import { HttpError } from './errors.ts';
import type { Queryable } from '../db/sql.ts';
import type { IdentifyBudget } from '../config.ts';
import type { ApiContext } from './context.ts';
import { LONGEST_WINDOW_MS, windowStart } from './ratelimit.ts';

/** Failed identify attempts allowed per interaction. */
export const MAX_IDENTIFY_ATTEMPTS = 3;

/** Record one failed identify attempt for an interaction (one atomic upsert); returns the attempts left. */
async function recordFailedAttempt(db: Queryable, interactionId: string): Promise<number> {
  const row = await db.get<{ failures: number }>(
    `INSERT INTO identify_attempts (interaction_id, failures, updated_at) VALUES (?, 1, ?)
     ON CONFLICT (interaction_id) DO UPDATE SET failures = identify_attempts.failures + 1, updated_at = excluded.updated_at
     RETURNING failures`,
    [interactionId, new Date().toISOString()],
  );
  return Math.max(0, MAX_IDENTIFY_ATTEMPTS - (row?.failures ?? 0));
}

/** Run the look-up for one validated request. */
function lookUp(db: Queryable, req: IdentifyRequest, region: CountryCode): Promise<CustomerRow[]> {
  const value = req.value.trim();
  switch (req.method) {
    case 'ani':
    case 'phone': {
      const ani = toE164(value, region);
      if (ani.kind !== 'number') {
        const why = ani.kind === 'withheld' ? 'The number is withheld' : 'The value is not a valid phone number';
        throw new HttpError(400, 'invalid_request', 'Invalid phone number', [{ path: 'value', message: why }]);
      }
      return findByPhone(db, ani.e164);
    }
    case 'customerId':
      return findByCustomerId(db, value);
    case 'accountNumber':
      return findByAccountNumber(db, value);
    case 'lastName':
      return findByLastName(db, value);
  }
}

/** Who is looking up: the token's and the client address's rate-limit buckets and the budget of its kind. */
export interface IdentifyCaller {
  token: string;
  source: string;
  budget: IdentifyBudget;
}

const HOUR = LONGEST_WINDOW_MS;

/**
 * The interaction's attempts left and its look-ups this hour, in one read (the hot path: one query fewer
 * than reading each where it is used).
 */
async function interactionCounts(db: Queryable, interactionId: string, now: number): Promise<{ left: number; looked: number }> {
  const row = await db.get<{ failures: number | null; looked: number | null }>(
    `SELECT (SELECT failures FROM identify_attempts WHERE interaction_id = ?) AS failures,
            (SELECT count FROM rate_counters WHERE bucket = ? AND window_start = ?) AS looked`,
    [interactionId, `idix:${interactionId}`, windowStart(now, HOUR)],
  );
  return { left: Math.max(0, MAX_IDENTIFY_ATTEMPTS - (row?.failures ?? 0)), looked: row?.looked ?? 0 };
}

/** Refuse (429) when the interaction's attempts or a budget of the caller are used up; count this look-up. */
async function admit(ctx: ApiContext, req: IdentifyRequest, caller: IdentifyCaller, counts: { left: number; looked: number }, now: number): Promise<void> {
  const left = counts.left;
  const limiter = ctx.rateLimiter;
  const sweep = { windowMs: HOUR, security: 'identify_sweep' };
  if (left === 0) {
    throw new HttpError(429, 'rate_limited', 'No identification attempts left for this interaction', undefined, {
      headers: { 'retry-after': String(HOUR / 1000) },
      security: 'identify_attempts_used',
    });
  }
  const { perInteraction, lookupsPerHour, missesPerHour, sourceMissesPerHour } = caller.budget;
  await limiter.enforce(`idmiss:${caller.token}`, missesPerHour, now, 'client', { ...sweep, peek: true });
  if (caller.source !== caller.token) {
    await limiter.enforce(`idmiss:${caller.source}`, sourceMissesPerHour, now, 'client address', { ...sweep, peek: true });
  }
  const perIx = { windowMs: HOUR, security: 'identify_interaction', stored: counts.looked };
  await limiter.enforce(`idix:${req.interactionId}`, perInteraction, now, 'interaction', perIx);
  await limiter.enforce(`idlook:${caller.token}`, lookupsPerHour, now, 'client', sweep);
}

/** Look up candidates for one validated request, within the caller's budgets (see the file comment). */
export async function identifyCaller(ctx: ApiContext, req: IdentifyRequest, caller: IdentifyCaller): Promise<IdentifyResponse> {
  const now = ctx.now();
  const counts = await interactionCounts(ctx.db, req.interactionId, now);
  await admit(ctx, req, caller, counts, now);
  const rows = await lookUp(ctx.db, req, ctx.region);
  let remaining = counts.left;
  if (rows.length === 0) {
    if (req.method !== 'ani') remaining = await recordFailedAttempt(ctx.db, req.interactionId);
    await ctx.rateLimiter.hit(`idmiss:${caller.token}`, now, HOUR);
    if (caller.source !== caller.token) await ctx.rateLimiter.hit(`idmiss:${caller.source}`, now, HOUR);
  }
  // Typed, not re-parsed: the hot path (the tests parse every response with IdentifyResponse).
  return { candidates: rows.map(toCandidate), attemptsRemaining: remaining };
}
