/**
 * Attack: make a caller "Verified" without answering anything, by writing the result record directly
 * (PUT /v1/interactions/{id} with outcome verified, verifiedBy ivr), by raising an "identified" record,
 * or by naming a customer that does not exist. Only a successful POST /v1/verify of that customer on that
 * interaction makes it verified; names come from the customer table.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, type InteractionResult, type VerifiedBy } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, demoApp, forEachBackend, send, verify } from '../helpers.ts';

forEachBackend(() => {
  let app: FastifyInstance;
  let db: Db;
  beforeEach(async () => void ({ app, db } = await demoApp()));
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  const NOW = '2025-03-01T09:00:00Z';
  const record = (id: string, extra: Partial<InteractionResult> = {}): InteractionResult => ({
    interactionId: id, startedAt: NOW, endedAt: NOW, outcome: 'verified', customerId: ADA.customerId, displayName: 'Ada Lovelace',
    methods: ['ani'], factorsPassed: ['dob', 'pin_last4'], attempts: { identify: 0, verify: 1 }, verifiedBy: 'ivr', ...extra,
  });
  const put = (body: InteractionResult) => send(app, 'PUT', `/v1/interactions/${body.interactionId}`, body);
  const status = async (id: string) => {
    const res = await send(app, 'GET', `/v1/interactions/${id}`);
    return res.statusCode === 404 ? undefined : (res.json() as { status: string; displayName?: string; verifiedBy: string });
  };
  async function verifyAda(id: string, verifiedBy?: VerifiedBy) {
    const c = ChallengeResponse.parse((await challenge(app, { interactionId: id, customerId: ADA.customerId })).json());
    const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
    const res = await verify(app, { interactionId: id, challengeId: c.challengeId, answers, ...(verifiedBy ? { verifiedBy } : {}) });
    expect(res.json()).toMatchObject({ outcome: 'verified' });
  }

  describe('forged "Verified"', () => {
    it('refuses a verified record (verifiedBy ivr) for an interaction nobody verified: 409, and nothing is stored', async () => {
      const res = await put(record('forged-1'));
      expect(res.statusCode).toBe(409);
      expect(ApiError.parse(res.json()).error.code).toBe('conflict');
      expect(await status('forged-1')).toBeUndefined();
    });

    it('does not raise an identified record to verified', async () => {
      expect((await put(record('forged-2', { outcome: 'identified', verifiedBy: 'agent' }))).statusCode).toBe(201);
      for (const verifiedBy of ['agent', 'ivr'] as const) expect((await put(record('forged-2', { verifiedBy }))).statusCode).toBe(409);
      expect(await status('forged-2')).toMatchObject({ status: 'identified' });
    });

    it('refuses a customer that does not exist, and takes names from the customer table', async () => {
      const ghost = await put(record('forged-3', { outcome: 'identified', customerId: 'C-9999', displayName: 'Mallory', verifiedBy: 'agent' }));
      expect(ghost.statusCode).toBe(404);
      expect(await status('forged-3')).toBeUndefined();
      expect((await put(record('forged-4', { outcome: 'identified', displayName: 'Mallory', verifiedBy: 'agent' }))).statusCode).toBe(201);
      expect(await status('forged-4')).toMatchObject({ displayName: 'Ada Lovelace' });
    });

    it('does not relabel an agent verification as IVR, nor verify another customer of the interaction', async () => {
      await verifyAda('forged-5');
      expect((await put(record('forged-5', { verifiedBy: 'ivr' }))).statusCode).toBe(409);
      expect((await put(record('forged-5', { customerId: 'C-1002', verifiedBy: 'agent' }))).statusCode).toBe(409);
      expect(await status('forged-5')).toMatchObject({ status: 'verified', verifiedBy: 'agent', displayName: 'Ada Lovelace' });
    });

    it('still lets a real verification be completed by its record (the IVR verifies through /v1/verify)', async () => {
      await verifyAda('ivr-1', 'ivr');
      expect((await put(record('ivr-1'))).statusCode).toBe(200);
      expect(await status('ivr-1')).toMatchObject({ status: 'verified', verifiedBy: 'ivr' });
    });
  });
});
