/**
 * The result record's `guards` (CRM guards, #24) on PUT /v1/interactions/{id}, on every backend: stored with
 * the record (body_json) and answered idempotently; a malformed tally (extra keys, a short reason, too many
 * overrides, a negative count) is refused with 400 and stores nothing; a record without it is unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { InteractionResult } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, demoApp, forEachBackend, send } from '../helpers.ts';

forEachBackend(() => {
  let app: FastifyInstance;
  let db: Db;
  beforeEach(async () => void ({ app, db } = await demoApp()));
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  const NOW = '2025-03-01T09:00:00Z';
  const override = { label: 'Change phone number', reason: 'Branch manager confirmed ID in person', at: NOW };
  const record = (id: string, guards?: unknown): InteractionResult => ({
    interactionId: id, startedAt: NOW, endedAt: NOW, outcome: 'identified', customerId: ADA.customerId,
    methods: ['ani'], factorsPassed: [], attempts: { identify: 0, verify: 0 }, verifiedBy: 'agent', agentId: 'agent-7',
    ...(guards === undefined ? {} : { guards }),
  } as InteractionResult);
  const put = (body: InteractionResult) => send(app, 'PUT', `/v1/interactions/${body.interactionId}`, body);
  const stored = async (id: string) => (await db.get<{ body_json: string }>('SELECT body_json FROM interactions WHERE interaction_id = ?', [id]))?.body_json;

  describe('result record guards', () => {
    it('stores blocks and overrides with the record; the same PUT again is 200', async () => {
      const body = record('ix-guards-1', { blocked: 2, overrides: [override] });
      expect((await put(body)).statusCode).toBe(201);
      expect(JSON.parse((await stored('ix-guards-1')) as string).guards).toEqual({ blocked: 2, overrides: [override] });
      expect((await put(body)).statusCode).toBe(200);
    });

    it('refuses a malformed tally with 400 and stores nothing', async () => {
      const bad = [
        { blocked: -1, overrides: [] },
        { blocked: 0, overrides: [{ ...override, reason: 'ok' }] },
        { blocked: 0, overrides: [{ ...override, answer: '1985-12-10' }] },
        { blocked: 0, overrides: Array.from({ length: 21 }, (_, i) => ({ ...override, label: `L${i}` })) },
        { blocked: 0 },
        { blocked: 0, overrides: [], extra: true },
      ];
      for (const [i, guards] of bad.entries()) {
        const res = await put(record(`ix-guards-bad-${i}`, guards));
        expect(res.statusCode, JSON.stringify(guards)).toBe(400);
        expect(await stored(`ix-guards-bad-${i}`)).toBeUndefined();
      }
    });

    it('leaves a record without guards as before', async () => {
      expect((await put(record('ix-guards-none'))).statusCode).toBe(201);
      expect(JSON.parse((await stored('ix-guards-none')) as string)).not.toHaveProperty('guards');
    });
  });
});
