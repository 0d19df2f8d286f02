import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, InteractionStatus, type InteractionResult } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, demoApp, send, testClock, verify, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  let app: FastifyInstance;
  let db: Db;
  const clock = testClock();
  beforeEach(async () => {
    clock.set(Date.parse('2025-03-01T09:00:00Z'));
    ({ app, db } = await demoApp({ now: clock.now }));
  });
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  /** A result record for call-1. */
  function result(extra: Partial<InteractionResult> = {}): InteractionResult {
    return {
      interactionId: 'call-1',
      adapterId: 'salesforce-voice',
      crmHost: 'example.lightning.force.com',
      startedAt: '2025-03-01T08:55:00Z',
      endedAt: '2025-03-01T09:00:00Z',
      outcome: 'identified',
      customerId: 'C-1001',
      displayName: 'Ada Lovelace',
      methods: ['ani'],
      factorsPassed: [],
      attempts: { identify: 0, verify: 0 },
      agentId: 'agent-7',
      verifiedBy: 'agent',
      ...extra,
    };
  }

  const put = (body: unknown, id = 'call-1') => send(app, 'PUT', `/v1/interactions/${id}`, body);
  const get = (id = 'call-1') => send(app, 'GET', `/v1/interactions/${id}`);
  const rows = async () => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM interactions'))?.n;

  describe('PUT /v1/interactions/{id}', () => {
    it('creates the record (201), and the same body again is 200 with one record', async () => {
      const first = await put(result());
      expect(first.statusCode).toBe(201);
      expect(InteractionStatus.parse(first.json())).toEqual({
        status: 'identified',
        customerId: 'C-1001',
        displayName: 'Ada Lovelace',
        method: 'ani',
        verifiedBy: 'agent',
        updatedAt: '2025-03-01T09:00:00.000Z',
      });
      clock.advance(1000);
      const again = await put({ ...result(), attempts: { verify: 0, identify: 0 } }); // key order does not matter
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      expect(await rows()).toBe(1);
    });

    it('accepts a newer (stronger) outcome and refuses a different body otherwise (409)', async () => {
      await put(result({ outcome: 'not_identified', customerId: undefined, displayName: undefined }));
      expect((await put(result())).statusCode).toBe(200);
      const same = await put(result({ agentId: 'agent-8' }));
      expect(same.statusCode).toBe(409);
      expect(ApiError.parse(same.json()).error.code).toBe('conflict');
      const weaker = await put(result({ outcome: 'not_identified', customerId: undefined }));
      expect(weaker.statusCode).toBe(409);
      // Verified is not a stronger record: only a verification makes it (test/unit/server/attacks/).
      expect((await put(result({ outcome: 'verified', factorsPassed: ['dob', 'postcode'] }))).statusCode).toBe(409);
      expect((await get()).json()).toMatchObject({ status: 'identified' });
      expect(await rows()).toBe(1);
    });

    it('completes a status written by /v1/verify with the end-of-call record of the same outcome', async () => {
      const c = ChallengeResponse.parse((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId })).json());
      const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
      expect((await verify(app, { interactionId: 'call-1', challengeId: c.challengeId, answers })).json()).toMatchObject({ outcome: 'verified' });
      expect((await put(result({ outcome: 'identified' }))).statusCode).toBe(409); // cannot downgrade
      expect((await put(result({ outcome: 'verified', customerId: 'C-1002' }))).statusCode).toBe(409); // other customer
      const final = result({ outcome: 'verified', factorsPassed: ['dob', 'pin_last4'], attempts: { identify: 0, verify: 1 } });
      expect((await put(final)).statusCode).toBe(200);
      expect((await put(final)).statusCode).toBe(200);
      expect((await get()).json()).toMatchObject({ status: 'verified', method: 'ani', verifiedBy: 'agent' });
    });

    it('stores an IVR result (verifiedBy ivr) after the IVR verified through /v1/verify', async () => {
      const c = ChallengeResponse.parse((await challenge(app, { interactionId: 'conv-1', customerId: ADA.customerId })).json());
      const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
      await verify(app, { interactionId: 'conv-1', challengeId: c.challengeId, answers, verifiedBy: 'ivr' });
      const res = await put(result({ interactionId: 'conv-1', outcome: 'verified', verifiedBy: 'ivr', agentId: undefined }), 'conv-1');
      expect(res.statusCode).toBe(200);
      expect((await get('conv-1')).json()).toMatchObject({ status: 'verified', verifiedBy: 'ivr' });
    });

    it('400 with field paths for invalid records, including any answer-like extra key', async () => {
      const cases: [unknown, string][] = [
        [{ ...result(), answers: [{ questionId: 'dob', answer: '1985-12-10' }] }, '(root)'],
        [result({ interactionId: 'call-2' }), 'interactionId'],
        [result({ endedAt: '2025-03-01T08:00:00Z' }), 'endedAt'],
        [result({ customerId: undefined }), 'customerId'],
        [result({ startedAt: 'yesterday' }), 'startedAt'],
        [result({ methods: ['telepathy' as never] }), 'methods[0]'],
        [result({ attempts: { identify: -1, verify: 0 } }), 'attempts.identify'],
      ];
      for (const [body, path] of cases) {
        const res = await put(body);
        expect(res.statusCode, path).toBe(400);
        expect(ApiError.parse(res.json()).error.details?.map((d) => d.path)).toContain(path);
      }
      expect((await put(result(), 'bad id!')).statusCode).toBe(400);
      const big = await put(result({ displayName: 'x'.repeat(17 * 1024) }));
      expect(big.statusCode).toBe(413);
      expect(ApiError.parse(big.json()).error.code).toBe('payload_too_large');
      expect(await rows()).toBe(0);
    });
  });

  describe('security events in the record (issue 20)', () => {
    const attacks = [{ kind: 'covered', at: '2025-03-01T08:57:00Z' }, { kind: 'call-replaced-attempt', at: '2025-03-01T08:58:00Z' }] as const;

    it('stores them with the record and counts them on the row; a record without them is still accepted', async () => {
      expect((await put(result({ securityEvents: [...attacks] }))).statusCode).toBe(201);
      const row = await db.get<{ body_json: string; security_events: number }>('SELECT body_json, security_events FROM interactions WHERE interaction_id = ?', ['call-1']);
      expect(JSON.parse(row?.body_json ?? '{}').securityEvents).toEqual(attacks);
      expect(Number(row?.security_events)).toBe(2);
      expect((await put(result({ interactionId: 'call-2' }), 'call-2')).statusCode).toBe(201);
      const plain = await db.get<{ security_events: number }>('SELECT security_events FROM interactions WHERE interaction_id = ?', ['call-2']);
      expect(Number(plain?.security_events)).toBe(0);
    });

    it('400 for an unknown kind, a time that is not a timestamp, page content or more than 20 events', async () => {
      const cases: [unknown, string][] = [
        [result({ securityEvents: [{ kind: 'keylogger' as never, at: attacks[0].at }] }), 'securityEvents[0].kind'],
        [result({ securityEvents: [{ kind: 'covered', at: 'now' }] }), 'securityEvents[0].at'],
        [{ ...result(), securityEvents: [{ ...attacks[0], html: '<div>1985-12-10</div>' }] }, 'securityEvents[0]'],
        [result({ securityEvents: Array.from({ length: 21 }, () => attacks[0]) }), 'securityEvents'],
      ];
      for (const [body, path] of cases) {
        const res = await put(body);
        expect(res.statusCode, path).toBe(400);
        expect(ApiError.parse(res.json()).error.details?.map((d) => d.path)).toContain(path);
      }
      expect(await rows()).toBe(0);
    });
  });

  describe('GET /v1/interactions/{id}', () => {
    it('404 for an unknown interaction, 400 for a malformed id', async () => {
      const res = await get('call-404');
      expect(res.statusCode).toBe(404);
      expect(ApiError.parse(res.json()).error.code).toBe('not_found');
      expect((await get('a%20b')).statusCode).toBe(400);
    });

    /** Verify Ada on call-1 (as `verifiedBy`) at the clock's current time. */
    async function verifyAda(verifiedBy: 'agent' | 'ivr' = 'ivr'): Promise<void> {
      const c = ChallengeResponse.parse((await challenge(app, { interactionId: 'call-1', customerId: ADA.customerId })).json());
      const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
      expect((await verify(app, { interactionId: 'call-1', challengeId: c.challengeId, answers, verifiedBy })).json()).toMatchObject({ outcome: 'verified' });
    }

    it('a verified status carries when it was verified and its age by the server clock', async () => {
      await verifyAda();
      clock.advance(90_500);
      const status = InteractionStatus.parse((await get()).json());
      expect(status).toMatchObject({ status: 'verified', verifiedBy: 'ivr', customerId: 'C-1001', verifiedAt: '2025-03-01T09:00:00.000Z', verifiedSecondsAgo: 90 });
      expect(status.aniMatch).toBeUndefined(); // no number asked about
    });

    it("aniMatch: whether the recorded customer holds the caller's number, not any customer", async () => {
      await verifyAda();
      const ask = async (ani: string) => (await send(app, 'GET', `/v1/interactions/call-1?ani=${encodeURIComponent(ani)}`)).json() as { aniMatch?: boolean };
      expect((await ask('+14155550100')).aniMatch).toBe(true);
      expect((await ask('+442079460018')).aniMatch).toBe(false); // Grace Hopper's number
      expect((await ask('+15550000000')).aniMatch).toBe(false); // nobody's number
    });

    it('an identified record has no verifiedAt; a malformed ani is 400', async () => {
      expect((await put(result())).statusCode).toBe(201);
      const status = InteractionStatus.parse((await send(app, 'GET', '/v1/interactions/call-1?ani=%2B14155550100')).json());
      expect(status).toMatchObject({ status: 'identified', aniMatch: true });
      expect(status.verifiedAt).toBeUndefined();
      for (const bad of ['14155550100', '+1 415 555 0100', 'x'.repeat(50)]) {
        const res = await send(app, 'GET', `/v1/interactions/call-1?ani=${encodeURIComponent(bad)}`);
        expect(res.statusCode, bad).toBe(400);
      }
    });
  });
});
