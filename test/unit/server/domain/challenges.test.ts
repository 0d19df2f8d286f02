import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse } from '../../../../lib/api/contract.ts';
import { buildApp, type AppOptions } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { parseSeed, seedCustomers } from '../../../../server/seed/seed.ts';
import { ADA, challenge, demoApp, demoDb, testClock, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const open: { app: FastifyInstance; db: Db }[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      await db.close();
    }
  });

  async function start(opts: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; db: Db }> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair;
  }

  /** Challenge C-1001 (or another customer) and return the validated body. */
  async function ok(app: FastifyInstance, extra: Record<string, unknown> = {}): Promise<ChallengeResponse> {
    const res = await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId, ...extra });
    expect(res.statusCode, res.body).toBe(200);
    return ChallengeResponse.parse(res.json());
  }

  const ids = (qs: { id: string }[]) => qs.map((q) => q.id);

  describe('POST /v1/challenge', () => {
    it('asks the configured questions by default: dob required, one of postcode / PIN digits', async () => {
      const { app } = await start();
      const res = await ok(app);
      expect(res).toEqual({
        challengeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        mode: 'caller-answer',
        required: [{ id: 'dob', label: 'Date of birth', inputKind: 'date' }],
        additional: [
          { id: 'postcode', label: 'Postcode', inputKind: 'text' },
          { id: 'pin_last4', label: 'Last 4 digits of PIN', inputKind: 'digits' },
        ],
        additionalNeeded: 1,
      });
      expect(JSON.stringify(res)).not.toMatch(/1985|94107|1815|expected/);
    });

    it('stores the challenge with its questions, mode and a 10 minute expiry', async () => {
      const clock = testClock();
      const { app, db } = await start({ now: clock.now });
      const res = await ok(app);
      const row = await db.get('SELECT * FROM challenges WHERE challenge_id = ?', [res.challengeId]);
      expect(row).toMatchObject({
        interaction_id: 'call-1',
        customer_id: 'C-1001',
        required_json: '["dob"]',
        additional_json: '["postcode","pin_last4"]',
        needed: 1,
        mode: 'caller-answer',
        created_at: clock.now(),
        expires_at: clock.now() + 10 * 60_000,
        used: 0,
      });
    });

    it.each([
      [{ attestation: 'C' }, 2],
      [{ risk: 'high' }, 2],
      [{ attestation: 'A', risk: 'low' }, 1],
      [{ attestation: 'B', verstat: 'TN-Validation-Passed' }, 1],
    ])('needs one more additional answer for a low-trust ANI %j', async (aniTrust, needed) => {
      const { app } = await start();
      expect((await ok(app, { aniTrust })).additionalNeeded).toBe(needed);
    });

    it.each([
      [{ extraQuestions: 1 }, 2],
      [{ extraQuestions: 0 }, 1],
      [{ extraQuestions: 1, aniTrust: { attestation: 'C' } }, 2], // the same reason: not added up
      [{ extraQuestions: 5, aniTrust: { risk: 'high' } }, 2], // capped by the questions available
    ])('raises additionalNeeded for the client policy %j', async (extra, needed) => {
      const { app } = await start();
      expect((await ok(app, extra)).additionalNeeded).toBe(needed);
    });

    it('caps additionalNeeded at the number of additional questions available', async () => {
      const { app } = await start({ verification: { additionalNeeded: 2 } });
      expect((await ok(app, { aniTrust: { attestation: 'C' } })).additionalNeeded).toBe(2);
    });

    it('skips questions the customer has no answer for', async () => {
      const { app, db } = await start();
      await seedCustomers(db, parseSeed({ customers: [{ customerId: 'C-9', kind: 'person', firstName: 'A', lastName: 'B', answers: { dob: '1990-01-02', pin_last4: '1234' } }] }));
      const res = await ok(app, { customerId: 'C-9', aniTrust: { risk: 'high' } });
      expect(ids(res.required)).toEqual(['dob']);
      expect(ids(res.additional)).toEqual(['pin_last4']);
      expect(res.additionalNeeded).toBe(1);
    });

    it('409 when the customer has no answers on file, 404 for an unknown customer', async () => {
      const { app, db } = await start();
      await seedCustomers(db, parseSeed({ customers: [{ customerId: 'C-0', kind: 'person', firstName: 'A', lastName: 'B' }] }));
      const none = await challenge(app, { interactionId: 'call-1', customerId: 'C-0' });
      expect(none.statusCode).toBe(409);
      expect(ApiError.parse(none.json()).error.code).toBe('conflict');
      const unknown = await challenge(app, { interactionId: 'call-1', customerId: 'C-404' });
      expect(unknown.statusCode).toBe(404);
      expect(ApiError.parse(unknown.json()).error.code).toBe('not_found');
    });

    it('uses the configured required / additional questions', async () => {
      const { app } = await start({ verification: { required: ['dob', 'postcode'], additional: ['pin_last4'], additionalNeeded: 0 } });
      const res = await ok(app);
      expect([ids(res.required), ids(res.additional), res.additionalNeeded]).toEqual([['dob', 'postcode'], ['pin_last4'], 0]);
    });

    it('refuses agent-judged unless the server allows it; then includes the expected answers', async () => {
      const { app } = await start();
      const refused = await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId, mode: 'agent-judged' });
      expect(refused.statusCode).toBe(400);
      expect(ApiError.parse(refused.json()).error.details).toEqual([{ path: 'mode', message: expect.any(String) }]);

      const { app: allowing } = await start({ verification: { allowAgentJudged: true } });
      expect((await ok(allowing)).mode).toBe('caller-answer');
      const judged = await ok(allowing, { mode: 'agent-judged' });
      expect(judged.mode).toBe('agent-judged');
      expect(judged.required).toEqual([{ id: 'dob', label: 'Date of birth', inputKind: 'date', expected: ADA.dob }]);
      expect(judged.additional.map((q) => q.expected)).toEqual([ADA.postcode, ADA.pin]);
    });

    it('defaults to agent-judged when that is the server mode, and still allows caller-answer', async () => {
      const { app } = await start({ verification: { mode: 'agent-judged' } });
      expect((await ok(app)).mode).toBe('agent-judged');
      const callerAnswer = await ok(app, { mode: 'caller-answer' });
      expect(callerAnswer.required[0]?.expected).toBeUndefined();
    });

    it('400 with field paths for an invalid body', async () => {
      const { app } = await start();
      const res = await challenge(app, { interactionId: 'bad id', customerId: '', aniTrust: { attestation: 'D' }, mode: 'psychic' });
      expect(res.statusCode).toBe(400);
      const paths = ApiError.parse(res.json()).error.details?.map((d) => d.path).sort();
      expect(paths).toEqual(['aniTrust.attestation', 'customerId', 'interactionId', 'mode']);
    });

    it('refuses to build with a config naming an unknown question', async () => {
      const db = await demoDb();
      try {
        expect(() => buildApp({ db, verification: { required: ['shoe_size'] } })).toThrow(/Unknown question "shoe_size"/);
        expect(() => buildApp({ db, verification: { additional: ['dob'] } })).toThrow(/listed twice/);
      } finally {
        await db.close();
      }
    });
  });
});
