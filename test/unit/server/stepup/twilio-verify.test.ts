/**
 * Contract test of the Twilio Verify sender against a loopback server implementing the documented API
 * (fake-twilio-verify.ts cites the pages): what it sends (form bodies, Basic auth, channel names) and how it
 * reads pending / approved / 404, then the whole step-up through the API with the provider holding the code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { StepUp } from '../../../../lib/api/contract-stepup.ts';
import { InteractionStatus } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { twilioVerifySender } from '../../../../server/domain/senders/twilio-verify.ts';
import { ADA, demoApp, send } from '../helpers.ts';
import { startFakeTwilio } from './fake-twilio-verify.ts';

const USER = 'SK00000000000000000000000000000001';
const SECRET = 'api-key-secret-for-tests';

describe('Twilio Verify sender', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let open: { app: FastifyInstance; db: Db } | undefined;
  beforeAll(async () => void (fake = await startFakeTwilio(USER, SECRET)));
  afterAll(async () => fake.close());
  afterEach(async () => {
    if (open) {
      await open.app.close();
      await open.db.close();
    }
    open = undefined;
  });
  const sender = (password = SECRET) => twilioVerifySender({ baseUrl: fake.url, serviceSid: fake.serviceSid, username: USER, password });

  it('creates a Verification with a form body and Basic auth, and reads the VE sid', async () => {
    const { ref } = await sender().send({ stepUpId: 's-1', channel: 'voice', destination: '+14155550199', resend: false }, undefined as never);
    expect(ref).toMatch(/^VE[0-9a-f]{32}$/);
    const req = fake.requests.at(-1);
    expect(req?.path).toBe(`/v2/Services/${fake.serviceSid}/Verifications`);
    expect(req?.contentType).toBe('application/x-www-form-urlencoded');
    expect(req?.authorization).toBe(`Basic ${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`);
    expect(req?.form).toEqual({ To: '+14155550199', Channel: 'call' });
  });

  it('checks by VerificationSid: wrong → pending, right → approved, then gone (404) → over', async () => {
    const s = sender();
    const { ref = '' } = await s.send({ stepUpId: 's-2', channel: 'sms', destination: '+14155550198', resend: false }, undefined as never);
    const code = fake.verifications.get(ref)?.code ?? '';
    expect(await s.check?.(ref, '+14155550198', code === '000000' ? '000001' : '000000')).toBe('pending');
    expect(fake.requests.at(-1)?.form).toEqual({ VerificationSid: ref, Code: expect.any(String) });
    expect(await s.check?.(ref, '+14155550198', code)).toBe('approved');
    expect(await s.check?.(ref, '+14155550198', code)).toBe('over');
  });

  it('bad credentials or a provider that is down are 503 unavailable, never a 500', async () => {
    await expect(sender('wrong').send({ stepUpId: 's-3', channel: 'sms', destination: '+14155550197', resend: false }, undefined as never))
      .rejects.toMatchObject({ statusCode: 503, code: 'unavailable' });
    const down = twilioVerifySender({ baseUrl: 'http://127.0.0.1:9', serviceSid: fake.serviceSid, username: USER, password: SECRET, timeoutMs: 500 });
    await expect(down.check?.('VE00000000000000000000000000000000', '+1', '123456')).rejects.toMatchObject({ statusCode: 503 });
  });

  it('through the API: the provider holds the code, the server keeps only its sid and counts attempts', async () => {
    open = await demoApp({ stepUp: { sender: sender() } });
    const { app, db } = open;
    const started = await send(app, 'POST', '/v1/step-ups', { interactionId: 'tw-1', customerId: ADA.customerId, channel: 'sms' });
    const stepUp = StepUp.parse(started.json());
    const row = await db.get<{ code_hash: string | null; provider_ref: string }>('SELECT code_hash, provider_ref FROM step_ups WHERE step_up_id = ?', [stepUp.id]);
    expect(row?.code_hash).toBeNull();
    const code = fake.verifications.get(row?.provider_ref ?? '')?.code ?? '';
    expect(fake.verifications.get(row?.provider_ref ?? '')?.to).toBe('+14155550100');
    const wrong = await send(app, 'POST', `/v1/step-ups/${stepUp.id}/check`, { interactionId: 'tw-1', code: code === '111111' ? '111112' : '111111' });
    expect(StepUp.parse(wrong.json())).toMatchObject({ status: 'pending', attemptsRemaining: 4 });
    const right = await send(app, 'POST', `/v1/step-ups/${stepUp.id}/check`, { interactionId: 'tw-1', code });
    expect(StepUp.parse(right.json()).status).toBe('approved');
    expect(InteractionStatus.parse((await send(app, 'GET', '/v1/interactions/tw-1')).json()).status).toBe('verified');
    // The app channel never goes to the provider.
    const before = fake.requests.length;
    const app2 = await send(app, 'POST', '/v1/step-ups', { interactionId: 'tw-2', customerId: ADA.customerId, channel: 'app' });
    expect(app2.statusCode).toBe(200);
    expect(fake.requests.length).toBe(before);
  });
});
