/** Property tests: whatever body, query, path or device credential the step-up routes get, never a 500. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ApiError } from '../../../../lib/api/contract.ts';
import { StepUp } from '../../../../lib/api/contract-stepup.ts';
import type { Db } from '../../../../server/db/open.ts';
import { demoApp, forEachBackend, send } from '../helpers.ts';
import { ADA_DEVICE } from './stepup-helpers.ts';

forEachBackend(() => {
  const RUNS = 150;
  let app: FastifyInstance;
  let db: Db;
  const ids: string[] = [];

  beforeAll(async () => {
    ({ app, db } = await demoApp({
      verification: { lockout: { maxFailures: 100, windowMinutes: 1, lockMinutes: 1 } },
      rateLimits: { perTokenPerMinute: 0, perCustomerPerMinute: 0 },
      stepUp: { demo: true, limits: { resendCooldownSeconds: 0, maxAttempts: 20 } },
    }));
    for (const [customerId, channel, interactionId] of [['C-1001', 'sms', 'fz-1'], ['C-1001', 'app', 'fz-2'], ['C-1002', 'voice', 'fz-1']]) {
      const res = await send(app, 'POST', '/v1/step-ups', { interactionId, customerId, channel });
      ids.push(StepUp.parse(res.json()).id);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** A non-500 answer whose body is an ApiError for any error status. */
  function sane(res: LightMyRequestResponse): void {
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode >= 400) ApiError.parse(res.json());
  }

  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', '123456', '١٢٣٤٥٦', '12345\u0000'));
  const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v ?? null)) as unknown));
  const interactionId = fc.oneof(fc.constantFrom('fz-1', 'fz-2'), text);
  // ids fills in beforeAll, after the arbitraries are built: pick by index at run time.
  const id = fc.oneof(fc.nat(2).map((i) => ids[i] ?? 'none'), text.map(encodeURIComponent));

  describe('fuzzed step-up requests never give a 500', () => {
    it('POST /v1/step-ups', async () => {
      const fields = { interactionId, customerId: fc.oneof(fc.constantFrom('C-1001', 'C-1002', 'C-2001'), text), channel: fc.constantFrom('sms', 'voice', 'email', 'app', 'fax') };
      await fc.assert(fc.asyncProperty(fc.oneof(junk, fc.record(fields, { requiredKeys: [] })), async (b) => sane(await send(app, 'POST', '/v1/step-ups', b))), { numRuns: RUNS });
    }, 60_000);

    it('POST /v1/step-ups/{id}/check and /resend, GET /v1/step-ups/{id}', async () => {
      const body = fc.oneof(junk, fc.record({ interactionId, code: fc.oneof(text, fc.integer().map(String)) }, { requiredKeys: [] }));
      await fc.assert(fc.asyncProperty(id, body, interactionId, async (i, b, q) => {
        sane(await send(app, 'POST', `/v1/step-ups/${i}/check`, b));
        sane(await send(app, 'POST', `/v1/step-ups/${i}/resend`, b));
        sane(await app.inject({ method: 'GET', url: `/v1/step-ups/${i}`, query: { interactionId: q } }));
        sane(await send(app, 'GET', `/v1/customers/${i}/step-up-channels`));
      }), { numRuns: RUNS });
    }, 60_000);

    it('the customer app routes, with any credential', async () => {
      const auth = fc.oneof(fc.constant(ADA_DEVICE), text.map((t) => `Device ${t}`), text.map((t) => t.replace(/[^\x20-\x7e]/g, '')));
      const body = fc.oneof(junk, fc.record({ decision: fc.constantFrom('approve', 'deny', 'maybe') }, { requiredKeys: [] }));
      await fc.assert(fc.asyncProperty(auth, id, body, async (authorization, i, b) => {
        sane(await send(app, 'GET', '/app/v1/step-ups', undefined, { authorization }));
        sane(await send(app, 'POST', `/app/v1/step-ups/${i}/decision`, b, { authorization }));
      }), { numRuns: RUNS });
    }, 60_000);
  });
});
