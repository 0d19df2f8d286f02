import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, IdentifyResponse } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { MAX_IDENTIFY_ATTEMPTS } from '../../../../server/domain/identify.ts';
import { demoApp, identify, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  let app: FastifyInstance;
  let db: Db;
  beforeEach(async () => {
    ({ app, db } = await demoApp({ defaultRegion: 'GB' }));
  });
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  /** Identify and return the validated response body. */
  async function ok(method: string, value: string, interactionId = 'call-1'): Promise<IdentifyResponse> {
    const res = await identify(app, { interactionId, method, value });
    expect(res.statusCode, res.body).toBe(200);
    return IdentifyResponse.parse(res.json());
  }

  const ids = (r: IdentifyResponse) => r.candidates.map((c) => c.customerId);

  describe('POST /v1/identify by ANI / phone', () => {
    it.each(['+14155550100', '+1 (415) 555-0100', 'tel:+1-415-555-0100', 'sip:+14155550100@pbx.example;user=phone', '0014155550100'])(
      'finds Ada Lovelace from %s',
      async (value) => {
        const res = await ok('ani', value);
        expect(res.candidates).toEqual([
          { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person', maskedPhone: '+1 ••••••0100' },
        ]);
        expect(res.attemptsRemaining).toBe(MAX_IDENTIFY_ATTEMPTS);
      },
    );

    it('uses the default region for national numbers', async () => {
      expect(ids(await ok('phone', '020 7946 0018'))).toEqual(['C-1002']);
    });

    it('returns both customers of a shared household number', async () => {
      const res = await ok('ani', '+44 20 7946 0123');
      expect(res.candidates.map((c) => c.displayName)).toEqual(['Alan Turing', 'Joan Clarke']);
    });

    it('returns no candidates for an unknown number', async () => {
      expect((await ok('ani', '+44 20 7946 0999')).candidates).toEqual([]);
    });

    it.each(['anonymous', 'Withheld', '12', 'not a number'])('rejects %s with 400 invalid_request', async (value) => {
      const res = await identify(app, { interactionId: 'call-1', method: 'ani', value });
      expect(res.statusCode).toBe(400);
      const body = ApiError.parse(res.json());
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.details?.[0]?.path).toBe('value');
    });
  });

  describe('POST /v1/identify by customer id, account number, last name', () => {
    it('finds a business contact by customer id, with account name and role', async () => {
      expect((await ok('customerId', 'C-2001')).candidates).toEqual([
        {
          customerId: 'C-2001',
          displayName: 'Charles Babbage',
          kind: 'business',
          accountName: 'Babbage Engines Ltd',
          role: 'Director',
          maskedPhone: '+44 ••••••0791',
        },
      ]);
    });

    it('matches customer ids and account numbers exactly', async () => {
      expect(ids(await ok('customerId', 'C-1002'))).toEqual(['C-1002']);
      expect(ids(await ok('customerId', 'c-1002'))).toEqual([]);
      expect(ids(await ok('accountNumber', '79460018'))).toEqual(['C-1002']);
      expect(ids(await ok('accountNumber', '7946001'))).toEqual([]);
    });

    it('matches last names case-insensitively but exactly', async () => {
      expect(ids(await ok('lastName', 'hopper'))).toEqual(['C-1002']);
      expect(ids(await ok('lastName', 'TURING'))).toEqual(['C-1003']);
      expect(ids(await ok('lastName', 'Hop'))).toEqual([]);
    });
  });

  describe('attemptsRemaining', () => {
    it('counts down on each manual look-up that finds nobody, per interaction; at 0 the interaction gets no more look-ups', async () => {
      expect((await ok('lastName', 'Nobody', 'call-A')).attemptsRemaining).toBe(2);
      expect((await ok('customerId', 'C-1001', 'call-A')).attemptsRemaining).toBe(2);
      expect((await ok('accountNumber', '000', 'call-A')).attemptsRemaining).toBe(1);
      expect((await ok('lastName', 'hopper', 'call-B')).attemptsRemaining).toBe(3);
      expect((await ok('phone', '+1 415 555 0199', 'call-A')).attemptsRemaining).toBe(0);
      const refused = await identify(app, { interactionId: 'call-A', method: 'customerId', value: 'C-1001' });
      expect(refused.statusCode).toBe(429); // test/unit/server/attacks/identify-limits.test.ts
    });

    it('never uses up attempts with ANI look-ups (they count against the interaction and caller budgets)', async () => {
      for (let i = 0; i < 5; i++) expect((await ok('ani', '+1 415 555 0199', 'call-C')).attemptsRemaining).toBe(3);
    });

    it('keeps the count in the database', async () => {
      await ok('lastName', 'Nobody', 'call-D');
      expect(await db.get("SELECT failures FROM identify_attempts WHERE interaction_id = 'call-D'")).toEqual({
        failures: 1,
      });
    });
  });
});
