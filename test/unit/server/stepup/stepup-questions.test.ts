/**
 * A passed step-up and the questions, on each backend: the step-up's answer says whether the server recorded
 * the interaction as verified; where it did not, a passed step-up of the same interaction and customer stands
 * in for the additional questions when the client names it, and nothing else does. The clean-up closes
 * expired step-ups (digest and outbox gone) and prunes rows past the reports' reach.
 */
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { StepUp, StepUpReport } from '../../../../lib/api/contract-stepup.ts';
import { ChallengeResponse, InteractionStatus } from '../../../../lib/api/contract.ts';
import type { AppOptions } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { sweepStepUps, STEP_UP_RETENTION_MS } from '../../../../server/domain/stepup/housekeeping.ts';
import { ADA, challenge, demoApp, forEachBackend, send, testClock, verify } from '../helpers.ts';
import { ADA_PHONE, codeFromOutbox } from './stepup-helpers.ts';

// Two apps and several scrypt digests per test: a budget for a loaded 2-core machine (PostgreSQL beside other suites).
const BUDGET = { timeout: 20_000 };

forEachBackend(() => {
  const open: { app: FastifyInstance; db: Db }[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      await db.close();
    }
  });
  async function start(opts: Partial<AppOptions> = {}) {
    const clock = testClock();
    const pair = await demoApp({ now: clock.now, ...opts, stepUp: { demo: true, ...opts.stepUp } });
    open.push(pair);
    return { ...pair, clock };
  }
  async function passSms(app: FastifyInstance, interactionId = 'call-1') {
    const started = StepUp.parse((await send(app, 'POST', '/v1/step-ups', { interactionId, customerId: ADA.customerId, channel: 'sms' })).json());
    const res = await send(app, 'POST', `/v1/step-ups/${started.id}/check`, { interactionId, code: await codeFromOutbox(app) });
    return StepUp.parse(res.json());
  }
  const questions = async (app: FastifyInstance, body: object) => {
    const res = await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId, ...body });
    expect(res.statusCode, res.body).toBe(200);
    return ChallengeResponse.parse(res.json());
  };
  const status = async (app: FastifyInstance) => InteractionStatus.parse((await send(app, 'GET', '/v1/interactions/call-1')).json()).status;

  it('a passed step-up says when it verified the interaction (the default), and not when the server does not let it', BUDGET, async () => {
    const { app } = await start();
    expect(await passSms(app)).toMatchObject({ status: 'approved', verifiedInteraction: true });
    const other = await start({ stepUp: { limits: { verifies: false } } });
    const passed = await passSms(other.app);
    expect(passed.status).toBe('approved');
    expect(passed.verifiedInteraction).toBeUndefined();
    expect(await status(other.app).catch(() => 'none')).toBe('none');
  });

  it('stands in for the additional questions: only the required ones are asked and they verify', BUDGET, async () => {
    const { app } = await start({ stepUp: { limits: { verifies: false } } });
    const full = await questions(app, {});
    expect(full.additionalNeeded).toBeGreaterThan(0);
    const passed = await passSms(app);
    const c = await questions(app, { stepUpId: passed.id });
    expect(c.required.map((q) => q.id)).toEqual(full.required.map((q) => q.id));
    expect(c.additional).toEqual([]);
    expect(c.additionalNeeded).toBe(0);
    const res = await verify(app, { interactionId: 'call-1', challengeId: c.challengeId, answers: [{ questionId: 'dob', answer: ADA.dob }] });
    expect(res.json()).toMatchObject({ outcome: 'verified' });
    expect(await status(app)).toBe('verified');
  });

  it('only a passed step-up of this interaction and customer counts: pending, another call or a made-up id ask everything', BUDGET, async () => {
    const { app } = await start({ stepUp: { limits: { verifies: false } } });
    const pending = StepUp.parse((await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-1', customerId: ADA.customerId, channel: 'sms' })).json());
    const elsewhere = await passSms(app, 'call-2');
    for (const stepUpId of [pending.id, elsewhere.id, 'made-up-id']) {
      const c = await questions(app, { stepUpId });
      expect(c.additional.length, stepUpId).toBeGreaterThan(0);
      expect(c.additionalNeeded).toBeGreaterThan(0);
    }
    // A malformed id is a 400, as any field.
    expect((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId, stepUpId: 'no spaces/allowed' })).statusCode).toBe(400);
  });

  it('the clean-up closes expired step-ups (digest and outbox gone), keeps them counted, and prunes old rows', BUDGET, async () => {
    const { app, db, clock } = await start();
    const started = StepUp.parse((await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-1', customerId: ADA.customerId, channel: 'sms' })).json());
    expect(await sweepStepUps(db, clock.now())).toBe(0); // still live
    clock.advance(5 * 60_000);
    expect(await sweepStepUps(db, clock.now())).toBe(1);
    const row = await db.get<{ status: string; code_hash: string | null }>('SELECT status, code_hash FROM step_ups WHERE step_up_id = ?', [started.id]);
    expect(row).toEqual({ status: 'expired', code_hash: null });
    const outbox = (await send(app, 'GET', `/dev/outbox?to=${encodeURIComponent(ADA_PHONE)}`)).json() as { messages: unknown[] };
    expect(outbox.messages).toEqual([]);
    const report = StepUpReport.parse((await send(app, 'GET', '/v1/reports/step-ups?from=2025-03-01&to=2025-03-01')).json());
    expect(report.totals).toMatchObject({ started: 1, expired: 1, pending: 0 });
    clock.advance(STEP_UP_RETENTION_MS);
    expect(await sweepStepUps(db, clock.now())).toBe(1);
    expect(await db.get('SELECT step_up_id FROM step_ups WHERE step_up_id = ?', [started.id])).toBeUndefined();
  });
});
