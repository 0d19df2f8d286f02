import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { censorLog, maskDigits } from '../../../../server/http/logging.ts';
import { ChallengeResponse } from '../../../../lib/api/contract.ts';
import { challenge, demoApp, identify, send, verify, forEachBackend } from '../helpers.ts';
import { containsSecret as contains } from '../../../secrets.ts';

forEachBackend(() => {

  /** A stream that keeps everything written to it. */
  function capture(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  }

  /** Phone numbers (E.164 and formatted) and answers that appear in requests below; none may be logged. */
  const SECRETS = ['4155550100', '415 555 0100', '415-555-0100', '2079460123', '7946 0123', '1985-12-10', 'SW1A 1AA', '1815', 'Bearer-s3cret'];

  describe('logging', () => {
    it('masks digit runs that look like phone numbers', () => {
      expect(maskDigits('/v1/customers/+14155550100')).toBe('/v1/customers/[…00]');
      expect(maskDigits('call +44 20 7946 0123 now')).toBe('call […23] now');
      expect(maskDigits('/v1/x/1234')).toBe('/v1/x/1234');
    });

    it('never logs full phone numbers, bodies or answers', async () => {
      const log = capture();
      const { app, db } = await demoApp({ logger: { level: 'trace', stream: log.stream } });
      const headers = { authorization: 'Bearer Bearer-s3cret', 'x-request-id': 'log-test-1' };
      const answers = { dob: '1985-12-10', postcode: 'SW1A 1AA', pin_last4: '1815' };

      expect((await identify(app, { interactionId: 'c1', method: 'ani', value: '+1 415 555 0100' }, headers)).statusCode).toBe(200);
      expect((await identify(app, { interactionId: 'c1', method: 'phone', value: '+44 20 7946 0123', answers })).statusCode).toBe(200);
      expect((await identify(app, { interactionId: 'c1', method: 'ani', value: '415-555-0100x', extra: answers })).statusCode).toBe(400);
      expect((await identify(app, { interactionId: 'c 1', method: 'fax', value: '+14155550100' })).statusCode).toBe(400);
      const malformed = await app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { 'content-type': 'application/json' },
        payload: '{"value":"+14155550100","answers":{"dob":"1985-12-10"} oops',
      });
      expect(malformed.statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/v1/customers/+14155550100?dob=1985-12-10' })).statusCode).toBe(404);
      await db.close();
      expect((await identify(app, { interactionId: 'c1', method: 'ani', value: '+1 415 555 0100' })).statusCode).toBe(500);
      await app.close();

      const text = log.text();
      expect(text).toMatch(/"req":\{"method":"POST","url":"\/v1\/identify"\},"res":\{"statusCode":200\},"responseTime":[\d.]+,"msg":"request completed"/);
      expect(text).toContain('log-test-1');
      expect(text).toContain('request failed'); // the 500 is logged (without data)
      for (const secret of SECRETS) expect(contains(text, secret), `log contains ${secret}`).toBe(false);
    });

    it('never logs answers, expected values, tokens or full phone numbers around challenge / verify / results', async () => {
      const log = capture();
      const token = 'tok-s3cret-0123456789';
      const { app, db } = await demoApp({
        logger: { level: 'trace', stream: log.stream },
        tokens: [{ token, scopes: ['agent', 'agent-judged'] }],
        verification: { allowAgentJudged: true, lockout: { maxFailures: 2, windowMinutes: 15, lockMinutes: 15 } },
      });
      const headers = { authorization: `Bearer ${token}` };
      // Grace Hopper (C-1002): dob 1976-12-09, postcode EC1A 1BB, PIN 1906; Ada (C-1001): 1985-12-10, 94107, 1815.
      const secrets = ['1976-12-09', '09/12/1976', 'EC1A 1BB', 'EC1A1BB', '1906', '1985-12-10', '94107', '1815', token, '2079460018', '4155550100'];

      const judged = ChallengeResponse.parse((await challenge(app, { interactionId: 'log-2', customerId: 'C-1002', mode: 'agent-judged' }, headers)).json());
      expect(judged.required[0]?.expected).toBe('1976-12-09'); // sent to the agent, never logged
      const marks = [{ questionId: 'dob', passed: true }, { questionId: 'pin_last4', passed: true }];
      expect((await verify(app, { interactionId: 'log-2', challengeId: judged.challengeId, marks }, headers)).statusCode).toBe(200);

      for (const given of [{ dob: '10/12/1985', postcode: '94107' }, { dob: '09/12/1976', postcode: 'EC1A 1BB' }, { dob: '1985-12-10', pin_last4: '1906' }]) {
        const c = await challenge(app, { interactionId: 'log-1', customerId: 'C-1001' }, headers);
        if (c.statusCode !== 200) continue;
        const answers = Object.entries(given).map(([questionId, answer]) => ({ questionId, answer }));
        await verify(app, { interactionId: 'log-1', challengeId: ChallengeResponse.parse(c.json()).challengeId, answers }, headers);
      }
      expect((await challenge(app, { interactionId: 'log-1', customerId: 'C-1001' }, headers)).statusCode).toBe(423);
      const bad = { interactionId: 'log-1', challengeId: judged.challengeId, answers: [{ questionId: 'dob', answer: '1976-12-09' }], marks };
      expect((await verify(app, bad, headers)).statusCode).toBe(400);
      expect((await verify(app, { interactionId: 'log-1', challengeId: 'x', answers: [{ questionId: 'dob', answer: '1906' }] })).statusCode).toBe(401);
      const result = { interactionId: 'log-1', startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-01-01T00:01:00Z', outcome: 'verified', customerId: 'C-1002', methods: ['ani'], factorsPassed: ['dob'], attempts: { identify: 0, verify: 1 }, verifiedBy: 'agent', answers: { dob: '1976-12-09' } };
      expect((await send(app, 'PUT', '/v1/interactions/log-1', result, headers)).statusCode).toBe(400);
      expect((await send(app, 'GET', '/v1/interactions/+442079460018', undefined, headers)).statusCode).toBe(400);
      await app.close();
      await db.close();

      const text = log.text();
      expect(text).toContain('request rejected');
      for (const secret of secrets) expect(contains(text, secret), `log contains ${secret}`).toBe(false);
      expect(contains('a 1815 b', '1815') && !contains('t=17954181815', '1815')).toBe(true);
      expect(contains('id 1815-4a2b', '1815') && !contains('reqId 0f3e1815-4a2b-4c1d-9e8f-0123456789ab', '1815')).toBe(true);
    });
  });
});

describe('censorLog', () => {
  it('censors sensitive keys at the top level and one level down, leaving serialized and other values alone', () => {
    const req = { method: 'POST', body: { value: '+14155550100' } };
    const line = { value: '+14155550100', ctx: { answers: { dob: '1985-12-10' }, ok: 1, deep: { phone: 'x' } }, req, n: 2 };
    expect(censorLog(line)).toEqual({ value: '[redacted]', ctx: { answers: '[redacted]', ok: 1, deep: { phone: 'x' } }, req, n: 2 });
    expect(censorLog({ headers: { authorization: 'Bearer x', accept: '*/*' } })).toEqual({ headers: { authorization: '[redacted]', accept: '*/*' } });
    const clean = { msg: 'ok', code: 'E' };
    expect(censorLog(clean)).toBe(clean); // nothing to censor: no copy
    expect(line.value).toBe('+14155550100'); // the caller's object is not changed
  });
});
