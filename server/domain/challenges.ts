/**
 * Challenges: pick the questions to ask a caller identified as `customerId`. Required and
 * additional questions come from the server config; questions without a stored answer are skipped;
 * a low-trust ANI (STIR/SHAKEN attestation C or high risk) needs one more additional answer, or the
 * client's `extraQuestions` more when that is higher (never fewer than the server asks). The
 * challenge is stored (single use, expires after challengeTtlMinutes) for verification.
 */
import { randomUUID } from 'node:crypto';
import { ChallengeResponse, type ChallengeMode, type ChallengeRequest, type Question } from '../../lib/api/contract.ts';
import { HttpError } from './errors.ts';
import type { ApiContext } from './context.ts';
import { findByCustomerId, storedAnswers } from './customers.ts';
import { assertNotLocked } from './lockout.ts';
import { LONGEST_WINDOW_MS } from './ratelimit.ts';
import type { Queryable } from '../db/sql.ts';
import { stepUpStandsIn } from './stepup/housekeeping.ts';

/** A stored challenge as verification needs it. */
export interface StoredChallenge {
  challengeId: string;
  interactionId: string;
  customerId: string;
  required: string[];
  additional: string[];
  needed: number;
  mode: ChallengeMode;
  expiresAt: number;
  used: boolean;
  /** The caller's number the client sent (risk: failures per number). */
  callerE164: string | null;
}

interface ChallengeRow {
  challenge_id: string;
  interaction_id: string;
  customer_id: string;
  required_json: string;
  additional_json: string;
  needed: number;
  mode: ChallengeMode;
  expires_at: number;
  used: number;
  caller_e164: string | null;
}

/** Load a challenge by id, if it exists. */
export async function loadChallenge(db: Queryable, challengeId: string): Promise<StoredChallenge | undefined> {
  const row = await db.get<ChallengeRow>('SELECT * FROM challenges WHERE challenge_id = ?', [challengeId]);
  if (!row) return undefined;
  return {
    challengeId: row.challenge_id,
    interactionId: row.interaction_id,
    customerId: row.customer_id,
    required: JSON.parse(row.required_json) as string[],
    additional: JSON.parse(row.additional_json) as string[],
    needed: row.needed,
    mode: row.mode,
    expiresAt: row.expires_at,
    used: row.used !== 0,
    callerE164: row.caller_e164,
  };
}

/** Mark a challenge used; false when it already was (a concurrent verify won). */
export async function useChallenge(tx: Queryable, challengeId: string): Promise<boolean> {
  return (await tx.run('UPDATE challenges SET used = 1 WHERE challenge_id = ? AND used = 0', [challengeId])) === 1;
}

/** Delete challenges that expired more than an hour ago. */
export function sweepChallenges(db: Queryable, now: number): Promise<number> {
  return db.run('DELETE FROM challenges WHERE expires_at < ?', [now - 3_600_000]);
}

/** The mode a request gets, or a 400 when it asks for agent-judged and the server does not allow it. */
function chooseMode(ctx: ApiContext, asked: ChallengeMode | undefined): ChallengeMode {
  const cfg = ctx.verification;
  const mode = asked ?? cfg.mode;
  if (mode === 'agent-judged' && cfg.mode !== 'agent-judged' && !cfg.allowAgentJudged) {
    throw new HttpError(400, 'invalid_request', 'Invalid challenge request', [
      { path: 'mode', message: 'Agent-judged challenges are not enabled on this server' },
    ]);
  }
  return mode;
}

const INSERT = `INSERT INTO challenges (challenge_id, interaction_id, customer_id, required_json, additional_json,
  needed, mode, created_at, expires_at, caller_e164) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Who asks for a challenge: its rate-limit bucket, and whether its token may see expected answers. */
export interface ChallengeCaller {
  bucket: string;
  agentJudged: boolean;
}

/**
 * Agent-judged challenges carry the expected answers: only a token with the agent-judged scope gets them,
 * and only `agentJudgedPerHour` of them, so no client can harvest every customer's answers.
 */
async function admitAgentJudged(ctx: ApiContext, caller: ChallengeCaller, now: number): Promise<void> {
  if (!caller.agentJudged) throw new HttpError(403, 'forbidden', 'Agent-judged challenges need the "agent-judged" scope', undefined, { security: 'agent_judged_denied' });
  await ctx.rateLimiter.enforce(`judged:${caller.bucket}`, ctx.rateLimits.agentJudgedPerHour, now, 'client', {
    windowMs: LONGEST_WINDOW_MS,
    security: 'agent_judged_budget',
  });
}

/** Create and store a challenge for a validated request (404 unknown customer, 423 locked, 409 no answers). */
export async function createChallenge(ctx: ApiContext, req: ChallengeRequest, caller: ChallengeCaller): Promise<ChallengeResponse> {
  const cfg = ctx.verification;
  const now = ctx.now();
  const mode = chooseMode(ctx, req.mode);
  if (mode === 'agent-judged') await admitAgentJudged(ctx, caller, now);
  await ctx.rateLimiter.enforce(`customer:${req.customerId}`, ctx.rateLimits.perCustomerPerMinute, now, 'customer');
  const row = (await findByCustomerId(ctx.db, req.customerId))[0];
  if (!row) throw new HttpError(404, 'not_found', 'No such customer');
  await assertNotLocked(ctx.db, row.customer_id, now);

  const answers = storedAnswers(row.answers_json);
  const required = cfg.required.filter((id) => id in answers);
  // A passed step-up may stand in for the additional questions (the client's policy asks; the server checks).
  const additional = (await stepUpStandsIn(ctx.db, req, required.length)) ? [] : cfg.additional.filter((id) => id in answers);
  if (required.length + additional.length === 0) {
    throw new HttpError(409, 'conflict', 'The customer has no verification answers on file');
  }
  const lowTrust = req.aniTrust?.attestation === 'C' || req.aniTrust?.risk === 'high';
  // The server's own low-trust rule adds one; a client policy may ask for more, never for fewer.
  const extra = Math.max(lowTrust ? 1 : 0, req.extraQuestions ?? 0);
  const needed = Math.min(cfg.additionalNeeded + extra, additional.length);
  const challengeId = randomUUID();
  const expiresAt = now + cfg.challengeTtlMinutes * 60_000;
  await ctx.db.run(INSERT, [challengeId, req.interactionId, row.customer_id, JSON.stringify(required),
    JSON.stringify(additional), needed, mode, now, expiresAt, req.ani ?? null]);

  const question = (id: string): Question => {
    const def = cfg.questions[id] ?? { label: id, inputKind: 'text' };
    const q: Question = { id, label: def.label, inputKind: def.inputKind };
    if (mode === 'agent-judged') q.expected = answers[id];
    return q;
  };
  return ChallengeResponse.parse({
    challengeId,
    mode,
    required: required.map(question),
    additional: additional.map(question),
    additionalNeeded: needed,
  });
}
