/**
 * The worker's step-up calls against the real reference API on loopback (demo mode): channels, an SMS code
 * read from the outbox then checked → approved; an app request approved in the app → the poll says so;
 * a wrong code is one attempt (the POST is never retried); the resend cool-down is a rate_limited failure.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkStepUp, readStepUp, resendStepUp, startStepUp, stepUpChannels } from '../../../../lib/api/client-stepup.ts';
import type { ApiClientOptions } from '../../../../lib/api/client.ts';
import { buildApp } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { demoDb } from '../../server/helpers.ts';
import { ADA_DEVICE } from '../../server/stepup/stepup-helpers.ts';

describe('step-up client', () => {
  let app: FastifyInstance;
  let db: Db;
  let opts: ApiClientOptions;
  beforeAll(async () => {
    db = await demoDb();
    app = buildApp({ db, stepUp: { demo: true } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    opts = { baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, timeoutMs: 5000 };
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const outboxCode = async () => {
    const res = await fetch(`${opts.baseUrl}/dev/outbox?to=%2B14155550100`);
    const { messages } = (await res.json()) as { messages: { body: string }[] };
    return /code is (\d+)/.exec(messages[0]?.body ?? '')?.[1] ?? '';
  };

  it('SMS: channels, send, a wrong code (one attempt), the right one → approved; resend too early → rate_limited', async () => {
    const channels = await stepUpChannels(opts, 'C-1001');
    expect(channels.ok && channels.data.channels.map((c) => c.channel)).toEqual(['app', 'sms', 'voice', 'email']);
    const started = await startStepUp(opts, { interactionId: 'cl-1', customerId: 'C-1001', channel: 'sms' });
    if (!started.ok) throw new Error(started.error.detail);
    const early = await resendStepUp(opts, started.data.id, 'cl-1');
    expect(early.ok || early.error.kind).toBe('rate_limited');
    const code = await outboxCode();
    const wrong = await checkStepUp(opts, started.data.id, { interactionId: 'cl-1', code: code === '000000' ? '000001' : '000000' });
    expect(wrong.ok && wrong.data.attemptsRemaining).toBe(4);
    const right = await checkStepUp(opts, started.data.id, { interactionId: 'cl-1', code });
    expect(right.ok && right.data.status).toBe('approved');
  });

  it('app: pending until approved in the app, then the poll reads approved', async () => {
    const started = await startStepUp(opts, { interactionId: 'cl-2', customerId: 'C-1001', channel: 'app' });
    if (!started.ok) throw new Error(started.error.detail);
    const pending = await readStepUp(opts, started.data.id, 'cl-2');
    expect(pending.ok && pending.data.status).toBe('pending');
    await fetch(`${opts.baseUrl}/app/v1/step-ups/${started.data.id}/decision`, {
      method: 'POST', headers: { authorization: ADA_DEVICE, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }) });
    const approved = await readStepUp(opts, started.data.id, 'cl-2');
    expect(approved.ok && approved.data.status).toBe('approved');
  });
});
