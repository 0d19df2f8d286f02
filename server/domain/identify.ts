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
import { LOOK_UP_SQL, toCandidate, type CandidateRow } from './customers.ts';
import { toE164 } from './e164.ts';
import { HttpError } from './errors.ts';
import type { Queryable } from '../db/sql.ts';
import type { IdentifyBudget } from '../config.ts';
import type { ApiContext } from './context.ts';
import { LONGEST_WINDOW_MS, windowStart } from './ratelimit.ts';
import { NUMBER_MISSES_SQL, RISK_COLUMNS, type RiskColumns } from '../db/risk.ts';
import { assessIdentify, callerNumberOf, riskSince } from './risk/assess.ts';

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

/** Who is looking up: the token's and the client address's rate-limit buckets and the budget of its kind. */
export interface IdentifyCaller {
  token: string;
  source: string;
  budget: IdentifyBudget;
}

const HOUR = LONGEST_WINDOW_MS;

/** A caller's rate-limit bucket names; sourceMisses undefined when the token bucket is the address's (open mode). */
interface CallerKeys {
  tokenMisses: string;
  tokenLookups: string;
  sourceMisses: string | undefined;
}

/**
 * Bucket names by caller (token bucket, then address bucket): the same few callers make every request, and a name
 * built per request is a new string each time that the limiter's maps hash again. Bounded: cleared when full.
 */
const keysByCaller = new Map<string, Map<string, CallerKeys>>();
const MAX_CALLER_KEYS = 10_000;

/** The bucket names of `caller` (see keysByCaller). */
function callerKeys(caller: IdentifyCaller): CallerKeys {
  let bySource = keysByCaller.get(caller.token);
  let keys = bySource?.get(caller.source);
  if (keys !== undefined) return keys;
  keys = {
    tokenMisses: `idmiss:${caller.token}`,
    tokenLookups: `idlook:${caller.token}`,
    sourceMisses: caller.source !== caller.token ? `idmiss:${caller.source}` : undefined,
  };
  if (bySource === undefined) {
    if (keysByCaller.size >= MAX_CALLER_KEYS) keysByCaller.clear();
    keysByCaller.set(caller.token, (bySource = new Map()));
  }
  if (bySource.size >= MAX_CALLER_KEYS) bySource.clear();
  bySource.set(caller.source, keys);
  return keys;
}

/** The interaction's failed attempts and its look-ups this hour (three parameters: id, idix bucket, window). */
const COUNTS_SQL = `SELECT (SELECT failures FROM identify_attempts WHERE interaction_id = ?) AS attempt_failures,
  (SELECT count FROM rate_counters WHERE bucket = ? AND window_start = ?) AS interaction_looked`;

/** The counts with the misses from the caller's number (risk); two more parameters: number, window start. */
const RISK_COUNTS_SQL = `${COUNTS_SQL}, ${NUMBER_MISSES_SQL}`;

/**
 * A look-up joined to the interaction's counts and each candidate's risk signals, so a request reads once. On SQLite each statement outside a
 * transaction takes and releases the WAL read lock (system calls costing more than these index probes), and on
 * PostgreSQL each is a round trip. The counts row comes back even when nobody matched (customer columns NULL).
 * No ORDER BY here: the few candidates are sorted by byCustomerId (an ORDER BY cost SQLite a temporary b-tree per request).
 */
const counted = (lookUp: string) => `SELECT k.attempt_failures, k.interaction_looked, k.number_misses, c.*, ${RISK_COLUMNS}
  FROM (${RISK_COUNTS_SQL}) AS k LEFT JOIN (${lookUp}) AS c ON TRUE`;

/** Candidates in customer-id order: code-unit order, which for the ids' ASCII is the database's (binary, "C"). */
function byCustomerId(a: { customer_id: string | null }, b: { customer_id: string | null }): number {
  const [x, y] = [a.customer_id ?? '', b.customer_id ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}
const COUNTED = {
  phone: counted(LOOK_UP_SQL.phone),
  customerId: counted(LOOK_UP_SQL.customerId),
  accountNumber: counted(LOOK_UP_SQL.accountNumber),
  lastName: counted(LOOK_UP_SQL.lastName),
};

/** A row of a counted look-up: the counts, and a candidate unless nobody matched. */
type CountedRow = { attempt_failures: number | null; interaction_looked: number | null } & RiskColumns & (CandidateRow | { customer_id: null });

/** The look-up of one validated request (its statement and value), or why its value is no phone number. */
function lookUpOf(req: IdentifyRequest, region: CountryCode): { sql: string; value: string; e164?: string } | { invalid: string } {
  const value = req.value.trim();
  if (req.method === 'ani' || req.method === 'phone') {
    const ani = toE164(value, region);
    if (ani.kind === 'number') return { sql: COUNTED.phone, value: ani.e164, e164: ani.e164 };
    return { invalid: ani.kind === 'withheld' ? 'The number is withheld' : 'The value is not a valid phone number' };
  }
  return { sql: COUNTED[req.method], value };
}

const SWEEP = { windowMs: HOUR, security: 'identify_sweep' };
const SWEEP_PEEK = { ...SWEEP, peek: true };

/** A caller with its bucket names and the interaction's. */
type Admitted = IdentifyCaller & { keys: CallerKeys; interactionBucket: string };

/** The budget checks of admit(), in order: the caller's and its address's misses (peeks), the interaction's look-ups, the caller's look-ups. */
const CHECKS = 4;

/** Check `i` of admit(): a promise only when its bucket has to be read first. */
function check(i: number, ctx: ApiContext, req: IdentifyRequest, caller: Admitted, counts: { looked: number }, now: number): Promise<void> | undefined {
  const limiter = ctx.rateLimiter;
  const { perInteraction, lookupsPerHour, missesPerHour, sourceMissesPerHour } = caller.budget;
  const keys = caller.keys;
  if (i === 0) return limiter.enforce(keys.tokenMisses, missesPerHour, now, 'client', SWEEP_PEEK);
  if (i === 1) return keys.sourceMisses === undefined ? undefined : limiter.enforce(keys.sourceMisses, sourceMissesPerHour, now, 'client address', SWEEP_PEEK);
  if (i === 2) return limiter.enforce(caller.interactionBucket, perInteraction, now, 'interaction', { windowMs: HOUR, security: 'identify_interaction', stored: counts.looked });
  return limiter.enforce(keys.tokenLookups, lookupsPerHour, now, 'client', SWEEP);
}

/** Checks `from`.. of admit(), each after the one before it; undefined when none had to wait (the usual case). */
function admitFrom(from: number, ctx: ApiContext, req: IdentifyRequest, caller: Admitted, counts: { looked: number }, now: number): Promise<void> | undefined {
  for (let i = from; i < CHECKS; i++) {
    const wait = check(i, ctx, req, caller, counts, now);
    if (wait) return wait.then(() => admitFrom(i + 1, ctx, req, caller, counts, now));
  }
  return undefined;
}

/**
 * Refuse (429) when the interaction's attempts or a budget of the caller are used up; count this look-up. The
 * checks run in this order, each waiting only when it has to read its bucket first; when none has to (the usual
 * case) this returns undefined, so the request makes no promise for it. Throws (or rejects) with the 429.
 */
function admit(ctx: ApiContext, req: IdentifyRequest, caller: Admitted, counts: { left: number; looked: number }, now: number): Promise<void> | undefined {
  if (counts.left === 0) {
    throw new HttpError(429, 'rate_limited', 'No identification attempts left for this interaction', undefined, {
      headers: { 'retry-after': String(HOUR / 1000) },
      security: 'identify_attempts_used',
    });
  }
  return admitFrom(0, ctx, req, caller, counts, now);
}

/** Look up candidates for one validated request, within the caller's budgets (see the file comment). */
export async function identifyCaller(ctx: ApiContext, req: IdentifyRequest, caller: IdentifyCaller): Promise<IdentifyResponse> {
  const now = ctx.now();
  const lookUp = lookUpOf(req, ctx.region);
  const interactionBucket = `idix:${req.interactionId}`;
  const params = [req.interactionId, interactionBucket, windowStart(now, HOUR)];
  const since = riskSince(ctx, now);
  const number = 'invalid' in lookUp ? undefined : callerNumberOf(req, lookUp.e164);
  // The look-up runs with the counts and risk signals; nothing it found leaves here unless admit() lets the request through.
  const read = 'invalid' in lookUp
    ? ctx.db.all<CountedRow>(COUNTS_SQL, params)
    : ctx.db.all<CountedRow>(lookUp.sql, [since, number ?? null, since, ...params, number ?? null, since, lookUp.value]);
  const rows = await read;
  if (rows.length > 1) rows.sort(byCustomerId); // several rows: all candidates (nobody matched is one row)
  const failures = rows[0]?.attempt_failures ?? 0;
  const counts = { left: Math.max(0, MAX_IDENTIFY_ATTEMPTS - failures), looked: rows[0]?.interaction_looked ?? 0 };
  const keys = callerKeys(caller);
  const admitted = admit(ctx, req, { ...caller, keys, interactionBucket }, counts, now); // an invalid number is a look-up too: counted, and refused past a budget
  if (admitted) await admitted;
  if ('invalid' in lookUp) throw new HttpError(400, 'invalid_request', 'Invalid phone number', [{ path: 'value', message: lookUp.invalid }]);
  const found = rows.filter((row): row is CountedRow & CandidateRow => row.customer_id !== null);
  let remaining = counts.left;
  if (found.length === 0) {
    if (req.method !== 'ani') remaining = await recordFailedAttempt(ctx.db, req.interactionId);
    await ctx.rateLimiter.hit(keys.tokenMisses, now, HOUR);
    if (keys.sourceMisses !== undefined) await ctx.rateLimiter.hit(keys.sourceMisses, now, HOUR);
  }
  const assessed = assessIdentify(ctx, req, rows, number, now);
  const risk = assessed instanceof Promise ? await assessed : assessed;
  // Typed, not re-parsed: the hot path (the tests parse every response with IdentifyResponse).
  return { candidates: found.map(toCandidate), attemptsRemaining: remaining, risk };
}
