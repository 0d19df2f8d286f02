import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, VerifyResponse } from '../../../../lib/api/contract.ts';
import { buildApp, type AppOptions } from '../../../../server/app.ts';
import { rateLimitConfig, verificationConfig } from '../../../../server/config.ts';
import { sweepExpired } from '../../../../server/domain/housekeeping.ts';
import { RateLimiter } from '../../../../server/domain/ratelimit.ts';
import { ADA, challenge, demoApp, testClock, verify, closeAfterEach, forEachBackend, replicaDbs } from '../helpers.ts';

forEachBackend(() => {

  const { open } = closeAfterEach();

  const MINUTE = 60_000;
  const WRONG = [{ questionId: 'dob', answer: '1999-01-01' }, { questionId: 'postcode', answer: '94107' }];
  const RIGHT = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'postcode', answer: ADA.postcode }];

  async function start(opts: Partial<AppOptions> = {}): Promise<FastifyInstance> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair.app;
  }

  /** Challenge Ada and verify with `answers`; returns the raw verify response. */
  async function attempt(app: FastifyInstance, answers: typeof WRONG) {
    const c = await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId });
    expect(c.statusCode, c.body).toBe(200);
    return verify(app, { interactionId: 'call-1', challengeId: ChallengeResponse.parse(c.json()).challengeId, answers });
  }

  describe('verification lockout', () => {
    it('locks the customer after 3 failures in 15 minutes: 423 with lockedUntil, no further checks', async () => {
      const clock = testClock();
      const app = await start({ now: clock.now });
      expect((await attempt(app, WRONG)).json()).toEqual({ outcome: 'failed', attemptsRemaining: 2 });
      clock.advance(MINUTE);
      expect((await attempt(app, WRONG)).json()).toEqual({ outcome: 'failed', attemptsRemaining: 1 });
      const pending = ChallengeResponse.parse((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId })).json());
      const third = VerifyResponse.parse((await attempt(app, WRONG)).json());
      const until = new Date(clock.now() + 15 * MINUTE).toISOString();
      expect(third).toEqual({ outcome: 'failed', attemptsRemaining: 0, lockedUntil: until });

      const blocked = await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId });
      expect(blocked.statusCode).toBe(423);
      expect(ApiError.parse(blocked.json()).error).toMatchObject({ code: 'locked', lockedUntil: until });
      // A challenge issued before the lock cannot be used either, even with the right answers.
      const late = await verify(app, { interactionId: 'call-1', challengeId: pending.challengeId, answers: RIGHT });
      expect(late.statusCode).toBe(423);
      expect(late.json().error.lockedUntil).toBe(until);

      clock.advance(15 * MINUTE);
      expect((await attempt(app, RIGHT)).json()).toEqual({ outcome: 'verified', attemptsRemaining: 3 });
    });

    it('counts only failures inside the window, and a success clears them', async () => {
      const clock = testClock();
      const app = await start({ now: clock.now });
      await attempt(app, WRONG);
      await attempt(app, WRONG);
      clock.advance(15 * MINUTE + 1);
      expect((await attempt(app, WRONG)).json()).toEqual({ outcome: 'failed', attemptsRemaining: 2 });
      expect((await attempt(app, RIGHT)).json()).toEqual({ outcome: 'verified', attemptsRemaining: 3 });
      expect((await attempt(app, WRONG)).json()).toEqual({ outcome: 'failed', attemptsRemaining: 2 });
    });

    it('follows the configured policy', async () => {
      const clock = testClock();
      const app = await start({ now: clock.now, verification: { lockout: { maxFailures: 1, windowMinutes: 5, lockMinutes: 60 } } });
      const res = VerifyResponse.parse((await attempt(app, WRONG)).json());
      expect(res.lockedUntil).toBe(new Date(clock.now() + 60 * MINUTE).toISOString());
      clock.advance(59 * MINUTE);
      expect((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId })).statusCode).toBe(423);
    });

    it('keeps the lock in the database: another app (replica) on the same database sees it', async () => {
      const clock = testClock();
      const [dbA, dbB] = await replicaDbs();
      const a = buildApp({ db: dbA, now: clock.now });
      const b = buildApp({ db: dbB, now: clock.now });
      open.push({ app: a, db: dbA }, { app: b, db: dbB });
      for (let i = 0; i < 3; i++) await attempt(a, WRONG);
      const res = await challenge(b, { interactionId: 'call-9', customerId: ADA.customerId });
      expect(res.statusCode).toBe(423);
    });

    it('housekeeping removes ended locks, old failures and stale challenges', async () => {
      const clock = testClock();
      const { app, db } = await demoApp({ now: clock.now });
      open.push({ app, db });
      await attempt(app, WRONG); // a failure, a used challenge and rate-limit counters
      for (let i = 0; i < 2; i++) await attempt(app, WRONG); // then a lock
      await challenge(app, { interactionId: 'call-2', customerId: 'C-1002' }); // an unused challenge
      await app.close(); // writes the rate-limit hits still pending, so none lands after the sweep
      clock.advance(2 * 60 * MINUTE);
      const rateLimiter = new RateLimiter(db, 0);
      const ctx = { db, verification: verificationConfig(), rateLimits: rateLimitConfig(), rateLimiter, region: 'US' as const, now: clock.now };
      const removed = await sweepExpired(ctx);
      expect(removed).toBeGreaterThan(0);
      const count = async (table: string) => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n;
      const counts = await Promise.all(['lockouts', 'verify_failures', 'challenges', 'rate_counters'].map(count));
      expect(counts).toEqual([0, 0, 0, 0]);
    });
  });
});
