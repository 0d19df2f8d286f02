/**
 * Step-up through the API on each backend: SMS code read from the outbox (the customer's phone) → verified;
 * app approval → verified; wrong code ×5 → locked for questions too; expiry; resend cool-down; the code
 * never in a response but the outbox's, stored only as a digest, and gone from the outbox once the step-up ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { StepUp, StepUpChannels } from '../../../../lib/api/contract-stepup.ts';
import { InteractionStatus } from '../../../../lib/api/contract.ts';
import type { AppOptions } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, demoApp, forEachBackend, send, testClock } from '../helpers.ts';
import { ADA_DEVICE, ADA_PHONE, codeFromOutbox } from './stepup-helpers.ts';


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
    const pair = await demoApp({ now: clock.now, stepUp: { demo: true }, ...opts });
    open.push(pair);
    return { ...pair, clock };
  }

  async function startStepUp(app: FastifyInstance, channel: string, interactionId = 'call-1') {
    const res = await send(app, 'POST', '/v1/step-ups', { interactionId, customerId: ADA.customerId, channel });
    expect(res.statusCode, res.body).toBe(200);
    return StepUp.parse(res.json());
  }
  const check = (app: FastifyInstance, id: string, code: string, interactionId = 'call-1') =>
    send(app, 'POST', `/v1/step-ups/${id}/check`, { interactionId, code });
  const status = async (app: FastifyInstance, interactionId = 'call-1') =>
    InteractionStatus.parse((await send(app, 'GET', `/v1/interactions/${interactionId}`)).json()).status;

  it("lists the customer's channels with masked destinations only", async () => {
    const { app } = await start();
    const res = await send(app, 'GET', `/v1/customers/${ADA.customerId}/step-up-channels`);
    const { channels } = StepUpChannels.parse(res.json());
    expect(channels.map((c) => c.channel)).toEqual(['app', 'sms', 'voice', 'email']);
    expect(res.body).not.toContain('5550100');
    expect(res.body).not.toContain('lovelace');
    expect((await send(app, 'GET', '/v1/customers/C-9999/step-up-channels')).statusCode).toBe(404);
    // Grace Hopper has no email and no app on file.
    const grace = StepUpChannels.parse((await send(app, 'GET', '/v1/customers/C-1002/step-up-channels')).json());
    expect(grace.channels.map((c) => c.channel)).toEqual(['sms', 'voice']);
  });

  it('SMS code read from the outbox verifies the interaction; the code is stored hashed and leaves the outbox', async () => {
    const { app, db } = await start();
    const stepUp = await startStepUp(app, 'sms');
    expect(stepUp).toMatchObject({ channel: 'sms', status: 'pending', codeLength: 6, attemptsRemaining: 5, resendsRemaining: 2 });
    expect(Date.parse(stepUp.expiresAt) - Date.parse('2025-03-01T09:00:00Z')).toBe(5 * 60_000);
    const code = await codeFromOutbox(app);
    const row = await db.get<{ code_hash: string }>('SELECT code_hash FROM step_ups WHERE step_up_id = ?', [stepUp.id]);
    expect(row?.code_hash).toMatch(/^scrypt\$/);
    expect(row?.code_hash).not.toContain(code);
    expect(await status(app).catch(() => 'none')).toBe('none'); // nothing recorded before the code
    const res = await check(app, stepUp.id, code);
    expect(res.body).not.toContain(code);
    expect(StepUp.parse(res.json()).status).toBe('approved');
    expect(await status(app)).toBe('verified');
    const left = (await send(app, 'GET', `/dev/outbox?to=${encodeURIComponent(ADA_PHONE)}`)).json() as { messages: unknown[] };
    expect(left.messages).toEqual([]);
    // Checking again changes nothing.
    expect(StepUp.parse((await check(app, stepUp.id, code)).json()).status).toBe('approved');
  });

  it('a malformed code is refused without using an attempt; a wrong one uses one', async () => {
    const { app } = await start();
    const stepUp = await startStepUp(app, 'voice');
    for (const bad of ['12345', '1234567', '12345a', '١٢٣٤٥٦']) expect((await check(app, stepUp.id, bad)).statusCode).toBe(400);
    const code = await codeFromOutbox(app);
    const wrong = code === '000000' ? '000001' : '000000';
    expect(StepUp.parse((await check(app, stepUp.id, wrong)).json())).toMatchObject({ status: 'pending', attemptsRemaining: 4 });
  });

  it('wrong code ×5 locks the step-up and the customer, for questions and new step-ups too', async () => {
    const { app } = await start();
    const stepUp = await startStepUp(app, 'sms');
    const code = await codeFromOutbox(app);
    const wrong = code === '999999' ? '999998' : '999999';
    let last;
    for (let i = 0; i < 5; i++) last = StepUp.parse((await check(app, stepUp.id, wrong)).json());
    expect(last).toMatchObject({ status: 'locked', attemptsRemaining: 0 });
    expect(last?.lockedUntil).toBeDefined();
    expect(StepUp.parse((await check(app, stepUp.id, code)).json()).status).toBe('locked'); // the right code no longer helps
    expect((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId })).statusCode).toBe(423);
    expect((await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-2', customerId: ADA.customerId, channel: 'sms' })).statusCode).toBe(423);
    expect(await status(app).catch(() => 'none')).toBe('none');
  });

  it('a code past its expiry reads as expired and no longer verifies', async () => {
    const { app, clock } = await start();
    const stepUp = await startStepUp(app, 'email');
    const code = await codeFromOutbox(app, 'ada.lovelace@example.com');
    clock.advance(5 * 60_000);
    const read = await send(app, 'GET', `/v1/step-ups/${stepUp.id}?interactionId=call-1`);
    expect(StepUp.parse(read.json()).status).toBe('expired');
    expect(StepUp.parse((await check(app, stepUp.id, code)).json()).status).toBe('expired');
    expect(await status(app).catch(() => 'none')).toBe('none');
  });

  it('resend: refused during the cool-down (Retry-After), then a new code that replaces the old; at most 2', async () => {
    const { app, clock } = await start();
    const stepUp = await startStepUp(app, 'sms');
    const first = await codeFromOutbox(app);
    const resend = () => send(app, 'POST', `/v1/step-ups/${stepUp.id}/resend`, { interactionId: 'call-1' });
    const early = await resend();
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('30');
    clock.advance(30_000);
    expect(StepUp.parse((await resend()).json())).toMatchObject({ status: 'pending', resendsRemaining: 1 });
    const second = await codeFromOutbox(app);
    clock.advance(30_000);
    expect(StepUp.parse((await resend()).json()).resendsRemaining).toBe(0);
    clock.advance(30_000);
    expect((await resend()).statusCode).toBe(409);
    const third = await codeFromOutbox(app);
    for (const old of [first, second].filter((c) => c !== third)) {
      expect(StepUp.parse((await check(app, stepUp.id, old)).json()).status).toBe('pending');
    }
    expect(StepUp.parse((await check(app, stepUp.id, third)).json()).status).toBe('approved');
  });

  it('at most 3 step-ups per customer and interaction; a new one ends the pending one', async () => {
    const { app } = await start();
    const a = await startStepUp(app, 'sms');
    await startStepUp(app, 'voice');
    expect(StepUp.parse((await send(app, 'GET', `/v1/step-ups/${a.id}?interactionId=call-1`)).json()).status).toBe('expired');
    await startStepUp(app, 'email');
    expect((await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-1', customerId: ADA.customerId, channel: 'sms' })).statusCode).toBe(409);
  });

  describe('app approval', () => {
    const list = (app: FastifyInstance, authorization = ADA_DEVICE) => send(app, 'GET', '/app/v1/step-ups', undefined, { authorization });
    const decide = (app: FastifyInstance, id: string, decision: string, authorization = ADA_DEVICE) =>
      send(app, 'POST', `/app/v1/step-ups/${id}/decision`, { decision }, { authorization });

    it('pending with Retry-After while the app has not answered; approved in the app → verified', async () => {
      const { app } = await start();
      const stepUp = await startStepUp(app, 'app');
      expect(stepUp.codeLength).toBeUndefined();
      const poll = await send(app, 'GET', `/v1/step-ups/${stepUp.id}?interactionId=call-1`);
      expect(poll.headers['retry-after']).toBe('2');
      expect((await check(app, stepUp.id, '123456')).statusCode).toBe(409);
      const { requests } = (await list(app)).json() as { requests: { id: string }[] };
      expect(requests.map((r) => r.id)).toEqual([stepUp.id]);
      expect((await decide(app, stepUp.id, 'approve')).json()).toEqual({ id: stepUp.id, status: 'approved' });
      const done = await send(app, 'GET', `/v1/step-ups/${stepUp.id}?interactionId=call-1`);
      expect(StepUp.parse(done.json()).status).toBe('approved');
      expect(done.headers['retry-after']).toBeUndefined();
      expect(await status(app)).toBe('verified');
      expect((await decide(app, stepUp.id, 'deny')).statusCode).toBe(409);
    });

    it('denied in the app: denied, not verified', async () => {
      const { app } = await start();
      const stepUp = await startStepUp(app, 'app');
      expect((await decide(app, stepUp.id, 'deny')).json()).toEqual({ id: stepUp.id, status: 'denied' });
      expect(StepUp.parse((await send(app, 'GET', `/v1/step-ups/${stepUp.id}?interactionId=call-1`)).json()).status).toBe('denied');
      expect(await status(app).catch(() => 'none')).toBe('none');
    });

    it('the app needs its device secret: none, a wrong one or an agent token is 401; another customer sees nothing', async () => {
      const token = 'agent-token-0123456789abcdef';
      const { app } = await start({ tokens: [{ token, scopes: ['admin'] }] });
      const res = await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-1', customerId: ADA.customerId, channel: 'app' },
        { authorization: `Bearer ${token}` });
      const { id } = StepUp.parse(res.json());
      for (const authorization of ['', `Bearer ${token}`, 'Device ada-phone.wrong-secret-wrong-secret', `Device ada-phone.${token}`]) {
        expect((await list(app, authorization)).statusCode).toBe(401);
        expect((await decide(app, id, 'approve', authorization)).statusCode).toBe(401);
      }
      // The agent routes still want the bearer token, whatever device credential comes with them.
      expect((await send(app, 'GET', `/v1/step-ups/${id}?interactionId=call-1`, undefined, { authorization: ADA_DEVICE })).statusCode).toBe(401);
      expect((await send(app, 'GET', `/v1/step-ups/${id}?interactionId=call-2`, undefined, { authorization: `Bearer ${token}` })).statusCode).toBe(404);
    });
  });

  it('a reports-only token cannot start or check a step-up (403)', async () => {
    const token = 'reports-token-0123456789abcdef';
    const { app } = await start({ tokens: [{ token, scopes: ['reports'] }] });
    const headers = { authorization: `Bearer ${token}` };
    expect((await send(app, 'POST', '/v1/step-ups', { interactionId: 'call-1', customerId: ADA.customerId, channel: 'sms' }, headers)).statusCode).toBe(403);
    expect((await send(app, 'GET', `/v1/customers/${ADA.customerId}/step-up-channels`, undefined, headers)).statusCode).toBe(403);
  });

  it('outside demo mode there is no outbox route and no demo app page', async () => {
    const { app } = await start({ stepUp: {} });
    expect((await send(app, 'GET', '/dev/outbox')).statusCode).toBe(404);
    expect((await send(app, 'GET', '/dev/customer-app')).statusCode).toBe(404);
    const page = await (await start()).app.inject({ method: 'GET', url: '/dev/customer-app' });
    expect(page.headers['content-security-policy']).toContain("script-src 'sha256-");
  });
});
