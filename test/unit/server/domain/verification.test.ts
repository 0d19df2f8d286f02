import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, InteractionStatus, VerifyResponse } from '../../../../lib/api/contract.ts';
import type { AppOptions } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, demoApp, send, testClock, verify, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const open: { app: FastifyInstance; db: Db }[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      if (db.open) await db.close();
    }
  });

  async function start(opts: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; db: Db }> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair;
  }

  /** A fresh challenge for Ada on `interactionId`. */
  async function newChallenge(app: FastifyInstance, extra: Record<string, unknown> = {}, interactionId = 'call-1') {
    const res = await challenge(app, { interactionId, customerId: ADA.customerId, ...extra });
    expect(res.statusCode, res.body).toBe(200);
    return ChallengeResponse.parse(res.json());
  }

  const answers = (pairs: Record<string, string>) => Object.entries(pairs).map(([questionId, answer]) => ({ questionId, answer }));
  const RIGHT = { dob: '10/12/1985', postcode: '94 107' };
  const WRONG = { dob: '11/12/1985', postcode: '94107' };

  /** Challenge and verify once with `given`; returns the verify response. */
  async function attempt(app: FastifyInstance, given: Record<string, string>, interactionId = 'call-1') {
    const { challengeId } = await newChallenge(app, {}, interactionId);
    return verify(app, { interactionId, challengeId, answers: answers(given) });
  }

  describe('POST /v1/verify with answers', () => {
    it('verifies when the required and enough additional answers match, and records the interaction', async () => {
      const { app } = await start();
      const res = await attempt(app, RIGHT);
      expect(res.statusCode, res.body).toBe(200);
      expect(VerifyResponse.parse(res.json())).toEqual({ outcome: 'verified', attemptsRemaining: 3 });
      const status = InteractionStatus.parse((await send(app, 'GET', '/v1/interactions/call-1')).json());
      expect(status).toMatchObject({ status: 'verified', customerId: 'C-1001', displayName: 'Ada Lovelace', verifiedBy: 'agent' });
    });

    it('records verifiedBy ivr when the request says so', async () => {
      const { app } = await start();
      const { challengeId } = await newChallenge(app);
      await verify(app, { interactionId: 'call-1', challengeId, answers: answers({ dob: '1985-12-10', pin_last4: '1815' }), verifiedBy: 'ivr' });
      expect((await send(app, 'GET', '/v1/interactions/call-1')).json()).toMatchObject({ verifiedBy: 'ivr' });
    });

    it.each([
      ['a wrong required answer', WRONG],
      ['no additional answer', { dob: '1985-12-10' }],
      ['a wrong additional answer', { dob: '1985-12-10', postcode: '94108' }],
      ['nothing', {}],
    ])('fails with %s', async (_name, given) => {
      const { app } = await start();
      const res = await attempt(app, given);
      expect(VerifyResponse.parse(res.json())).toEqual({ outcome: 'failed', attemptsRemaining: 2 });
      expect((await send(app, 'GET', '/v1/interactions/call-1')).statusCode).toBe(404);
    });

    it('needs two additional answers after a low-trust ANI', async () => {
      const { app } = await start();
      const low = await newChallenge(app, { aniTrust: { attestation: 'C' } });
      const one = await verify(app, { interactionId: 'call-1', challengeId: low.challengeId, answers: answers(RIGHT) });
      expect(one.json()).toMatchObject({ outcome: 'failed' });
      const again = await newChallenge(app, { aniTrust: { attestation: 'C' } });
      const two = await verify(app, { interactionId: 'call-1', challengeId: again.challengeId, answers: answers({ ...RIGHT, pin_last4: '1815' }) });
      expect(two.json()).toMatchObject({ outcome: 'verified' });
    });

    it('reads numeric dates in the configured order', async () => {
      const { app } = await start({ verification: { dateOrder: 'MDY' } });
      expect((await attempt(app, { dob: '12/10/1985', pin_last4: '1815' })).json()).toMatchObject({ outcome: 'verified' });
    });

    it('a challenge is single use: 409 on reuse', async () => {
      const { app } = await start();
      const { challengeId } = await newChallenge(app);
      expect((await verify(app, { interactionId: 'call-1', challengeId, answers: answers(RIGHT) })).statusCode).toBe(200);
      const again = await verify(app, { interactionId: 'call-1', challengeId, answers: answers(RIGHT) });
      expect(again.statusCode).toBe(409);
      expect(ApiError.parse(again.json()).error.code).toBe('conflict');
    });

    it('409 after the challenge expired (10 minutes)', async () => {
      const clock = testClock();
      const { app } = await start({ now: clock.now });
      const { challengeId } = await newChallenge(app);
      clock.advance(10 * 60_000);
      const res = await verify(app, { interactionId: 'call-1', challengeId, answers: answers(RIGHT) });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/expired/);
    });

    it('404 for an unknown challenge or one of another interaction', async () => {
      const { app } = await start();
      const { challengeId } = await newChallenge(app);
      for (const body of [
        { interactionId: 'call-1', challengeId: 'nope', answers: [] },
        { interactionId: 'call-2', challengeId, answers: answers(RIGHT) },
      ]) {
        const res = await verify(app, body);
        expect(res.statusCode).toBe(404);
        expect(ApiError.parse(res.json()).error.code).toBe('not_found');
      }
    });

    it('400 for questions not in the challenge, duplicates, or answers and marks together, without using the challenge', async () => {
      const { app } = await start();
      const { challengeId } = await newChallenge(app);
      const bad = [
        { answers: [{ questionId: 'shoe_size', answer: '9' }] },
        { answers: [{ questionId: 'dob', answer: '1985-12-10' }, { questionId: 'dob', answer: '1985-12-10' }] },
        { answers: answers(RIGHT), marks: [{ questionId: 'dob', passed: true }] },
        { answers: 'all of them' },
      ];
      for (const extra of bad) {
        const res = await verify(app, { interactionId: 'call-1', challengeId, ...extra });
        expect(res.statusCode, JSON.stringify(extra)).toBe(400);
        expect(ApiError.parse(res.json()).error.details?.length).toBeGreaterThan(0);
      }
      expect((await verify(app, { interactionId: 'call-1', challengeId, answers: answers(RIGHT) })).json()).toMatchObject({ outcome: 'verified' });
    });
  });

  describe('POST /v1/verify with marks (agent-judged)', () => {
    it('accepts marks only for agent-judged challenges', async () => {
      const { app } = await start({ verification: { allowAgentJudged: true } });
      const caller = await newChallenge(app);
      const refused = await verify(app, { interactionId: 'call-1', challengeId: caller.challengeId, marks: [{ questionId: 'dob', passed: true }] });
      expect(refused.statusCode).toBe(400);
      expect(ApiError.parse(refused.json()).error.details?.[0]?.path).toBe('marks');

      const judged = await newChallenge(app, { mode: 'agent-judged' });
      const marks = [{ questionId: 'dob', passed: true }, { questionId: 'postcode', passed: false }, { questionId: 'pin_last4', passed: true }];
      const res = await verify(app, { interactionId: 'call-1', challengeId: judged.challengeId, marks });
      expect(res.json()).toEqual({ outcome: 'verified', attemptsRemaining: 3 });

      const failing = await newChallenge(app, { mode: 'agent-judged' });
      const failed = await verify(app, { interactionId: 'call-1', challengeId: failing.challengeId, marks: [{ questionId: 'dob', passed: false }, { questionId: 'postcode', passed: true }] });
      expect(failed.json()).toEqual({ outcome: 'failed', attemptsRemaining: 2 });
    });
  });
});
