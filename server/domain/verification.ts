/**
 * Verification: check the caller's answers (or, for agent-judged challenges, the agent's marks)
 * against a stored challenge. Verified only when every required question and at least
 * `additionalNeeded` additional ones pass. Failures count towards the customer's lockout; a
 * verification records the interaction as verified (verifiedBy from the request, default 'agent').
 */
import { VerifyResponse, type VerifyRequest } from '../../lib/api/contract.ts';
import { HttpError } from './errors.ts';
import { answersMatch } from './answers.ts';
import { loadChallenge, useChallenge, type StoredChallenge } from './challenges.ts';
import type { ApiContext } from './context.ts';
import { displayName, storedAnswers } from './customers.ts';
import { recordVerified } from './interactions.ts';
import { assertNotLocked, lockCustomer, recordFailure, recordSuccess } from './lockout.ts';
import { recordQuestions, recordRiskEvent } from '../db/risk.ts';

/** Which questions passed, by id: from marks, or from answers compared with the stored ones. */
function passedQuestions(ctx: ApiContext, challenge: StoredChallenge, req: VerifyRequest, stored: Record<string, string>): Set<string> {
  const asked = new Set([...challenge.required, ...challenge.additional]);
  const given = 'marks' in req ? req.marks.map((m) => m.questionId) : req.answers.map((a) => a.questionId);
  const details = given.flatMap((id, i) => {
    const key = 'marks' in req ? `marks[${i}].questionId` : `answers[${i}].questionId`;
    if (!asked.has(id)) return [{ path: key, message: 'Not a question of this challenge' }];
    return given.indexOf(id) !== i ? [{ path: key, message: 'Question answered twice' }] : [];
  });
  if (details.length > 0) throw new HttpError(400, 'invalid_request', 'Invalid verify request', details);

  const passed = new Set<string>();
  if ('marks' in req) {
    for (const mark of req.marks) if (mark.passed) passed.add(mark.questionId);
    return passed;
  }
  for (const { questionId, answer } of req.answers) {
    const kind = ctx.verification.questions[questionId]?.inputKind ?? 'text';
    const expected = stored[questionId] ?? '';
    if (answersMatch(kind, answer, expected, ctx.verification.dateOrder)) passed.add(questionId);
  }
  return passed;
}

/** Check a validated verify request against its stored challenge, recording the outcome. */
export async function verifyAnswers(ctx: ApiContext, req: VerifyRequest): Promise<VerifyResponse> {
  const policy = ctx.verification.lockout;
  const now = ctx.now();
  const challenge = await loadChallenge(ctx.db, req.challengeId);
  if (!challenge || challenge.interactionId !== req.interactionId) {
    throw new HttpError(404, 'not_found', 'No such challenge for this interaction');
  }
  if ('marks' in req && challenge.mode !== 'agent-judged') {
    throw new HttpError(400, 'invalid_request', 'Invalid verify request', [
      { path: 'marks', message: 'Marks are only accepted for agent-judged challenges' },
    ]);
  }
  await ctx.rateLimiter.enforce(`customer:${challenge.customerId}`, ctx.rateLimits.perCustomerPerMinute, now, 'customer');

  const outcome = await ctx.db.transaction(async (tx): Promise<VerifyResponse> => {
    // Reading the customer locks its row (PostgreSQL): one verification of a customer at a time.
    const customer = (await lockCustomer(tx, challenge.customerId))[0];
    await assertNotLocked(tx, challenge.customerId, now);
    if (challenge.expiresAt <= now) throw new HttpError(409, 'conflict', 'The challenge has expired; start a new one');
    if (challenge.used || !(await useChallenge(tx, challenge.challengeId))) {
      throw new HttpError(409, 'conflict', 'The challenge has already been used; start a new one');
    }
    const stored = customer ? storedAnswers(customer.answers_json) : {};
    const passed = passedQuestions(ctx, challenge, req, stored);
    const additionalPassed = challenge.additional.filter((id) => passed.has(id)).length;
    const verified = !!customer && challenge.required.every((id) => passed.has(id)) && additionalPassed >= challenge.needed;
    const asked = 'marks' in req ? req.marks.map((m) => m.questionId) : req.answers.map((a) => a.questionId);
    await recordQuestions(tx, req.interactionId, asked.map((questionId) => ({ questionId, passed: passed.has(questionId) })), now);
    if (!verified) {
      const event = { kind: 'verify_failed' as const, interactionId: req.interactionId, customerId: challenge.customerId, e164: challenge.callerE164, at: now };
      await recordRiskEvent(tx, event); // kept past a lock or a later success: risk counts across calls
      const failure = await recordFailure(tx, challenge.customerId, policy, now);
      const res: VerifyResponse = { outcome: 'failed', attemptsRemaining: failure.attemptsRemaining };
      if (failure.lockedUntil !== undefined) res.lockedUntil = new Date(failure.lockedUntil).toISOString();
      return res;
    }
    await recordSuccess(tx, challenge.customerId);
    await recordVerified(tx, {
      interactionId: req.interactionId,
      customerId: challenge.customerId,
      displayName: displayName(customer),
      verifiedBy: req.verifiedBy ?? 'agent',
      now,
    });
    // recordSuccess cleared the failures and the customer's row lock keeps others out: all attempts are left.
    return { outcome: 'verified', attemptsRemaining: policy.maxFailures };
  });
  return VerifyResponse.parse(outcome);
}
