import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskDigits } from '../../../server/logging.ts';
import { demoApp, identify } from './helpers.ts';

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
    db.close();
    expect((await identify(app, { interactionId: 'c1', method: 'ani', value: '+1 415 555 0100' })).statusCode).toBe(500);
    await app.close();

    const text = log.text();
    expect(text).toContain('incoming request');
    expect(text).toContain('log-test-1');
    expect(text).toContain('request failed'); // the 500 is logged (without data)
    for (const secret of SECRETS) expect(text, `log contains ${secret}`).not.toContain(secret);
  });
});
