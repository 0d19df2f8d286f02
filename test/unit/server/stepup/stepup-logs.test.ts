/**
 * The one-time code, the device secret and the customer's destinations never reach the logs, at trace
 * level, whatever the request: a right code, wrong ones, a malformed body holding the code, the app's
 * credential, a provider that is down.
 */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { StepUp } from '../../../../lib/api/contract-stepup.ts';
import { twilioVerifySender } from '../../../../server/domain/senders/twilio-verify.ts';
import { ADA, demoApp, send } from '../helpers.ts';
import { ADA_DEVICE, codeFromOutbox } from './stepup-helpers.ts';

/** A stream that keeps everything written to it. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, text: () => chunks.join('') };
}

it('never logs a code, a code digest, a device secret or a destination', async () => {
  const log = capture();
  const { app, db } = await demoApp({ logger: { level: 'trace', stream: log.stream }, stepUp: { demo: true } });
  const start = (channel: string, interactionId: string) =>
    send(app, 'POST', '/v1/step-ups', { interactionId, customerId: ADA.customerId, channel });
  const sms = StepUp.parse((await start('sms', 'log-1')).json());
  const code = await codeFromOutbox(app);
  const wrong = code === '000000' ? '000001' : '000000';
  expect((await send(app, 'POST', `/v1/step-ups/${sms.id}/check`, { interactionId: 'log-1', code: wrong })).statusCode).toBe(200);
  const malformed = await app.inject({ method: 'POST', url: `/v1/step-ups/${sms.id}/check`, headers: { 'content-type': 'application/json' },
    payload: `{"interactionId":"log-1","code":"${code}" oops` });
  expect(malformed.statusCode).toBe(400);
  expect((await send(app, 'POST', `/v1/step-ups/${sms.id}/check`, { interactionId: 'log-1', code: `${code}x` })).statusCode).toBe(400);
  expect((await send(app, 'POST', `/v1/step-ups/${sms.id}/check`, { interactionId: 'log-1', code })).statusCode).toBe(200);
  const hash = (await db.get<{ code_hash: string }>('SELECT code_hash FROM step_ups WHERE step_up_id = ?', [sms.id]))?.code_hash ?? '';
  expect(StepUp.parse((await start('email', 'log-2')).json()).channel).toBe('email');
  const appStepUp = StepUp.parse((await start('app', 'log-3')).json());
  expect((await send(app, 'GET', '/app/v1/step-ups', undefined, { authorization: ADA_DEVICE })).statusCode).toBe(200);
  expect((await send(app, 'GET', '/app/v1/step-ups', undefined, { authorization: `${ADA_DEVICE}x` })).statusCode).toBe(401);
  expect((await send(app, 'POST', `/app/v1/step-ups/${appStepUp.id}/decision`, { decision: 'approve' }, { authorization: ADA_DEVICE })).statusCode).toBe(200);
  await app.close();

  // A provider that is down: the failure is logged without the destination or credentials.
  const down = twilioVerifySender({ baseUrl: 'http://127.0.0.1:9', serviceSid: 'VA0', username: 'SKuser', password: 'provider-pass-123', timeoutMs: 300 });
  const second = await demoApp({ db, logger: { level: 'trace', stream: log.stream }, stepUp: { sender: down } });
  expect((await send(second.app, 'POST', '/v1/step-ups', { interactionId: 'log-4', customerId: 'C-1003', channel: 'sms' })).statusCode).toBe(503);
  await second.app.close();
  await db.close();

  const text = log.text();
  expect(text).toContain('request completed');
  for (const secret of [code, hash, hash.split('$')[2] ?? hash, 'demo-device-secret-ada-phone-0001', 'ada.lovelace@example.com', '4155550100',
    '2079460123', 'provider-pass-123']) {
    expect(text.includes(secret), `log contains ${secret}`).toBe(false);
  }
}, 30_000);
