/**
 * Two replicas (two apps on two handles of one store, each backend) racing on one step-up: every attempt
 * is counted once, the customer is locked once, and a right code sent to both passes exactly once.
 */
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { StepUp } from '../../../../lib/api/contract-stepup.ts';
import { buildApp } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, closeAfterEach, forEachBackend, replicaDbs, send, testClock } from '../helpers.ts';
import { codeFromOutbox } from './stepup-helpers.ts';

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function replicas(): Promise<{ a: FastifyInstance; b: FastifyInstance; db: Db }> {
    const clock = testClock();
    const [dbA, dbB] = await replicaDbs();
    const opts = { now: clock.now, stepUp: { demo: true }, rateLimits: { perCustomerPerMinute: 0 } };
    const a = buildApp({ db: dbA, ...opts });
    const b = buildApp({ db: dbB, ...opts });
    open.push({ app: a, db: dbA }, { app: b, db: dbB });
    return { a, b, db: dbA };
  }

  async function startOn(app: FastifyInstance, interactionId: string) {
    const res = await send(app, 'POST', '/v1/step-ups', { interactionId, customerId: ADA.customerId, channel: 'sms' });
    expect(res.statusCode, res.body).toBe(200);
    return StepUp.parse(res.json());
  }

  it('10 wrong codes at once across both replicas: exactly 5 attempts counted, locked once, locked on both', async () => {
    const { a, b, db } = await replicas();
    const { id } = await startOn(a, 'race-1');
    const code = await codeFromOutbox(a);
    const wrong = code === '424242' ? '424243' : '424242';
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      send(i % 2 ? a : b, 'POST', `/v1/step-ups/${id}/check`, { interactionId: 'race-1', code: wrong })));
    for (const r of results) expect([200, 409], r.body).toContain(r.statusCode);
    const row = await db.get<{ attempts: number | string; status: string }>('SELECT attempts, status FROM step_ups WHERE step_up_id = ?', [id]);
    expect({ attempts: Number(row?.attempts), status: row?.status }).toEqual({ attempts: 5, status: 'locked' });
    const remaining = results.filter((r) => r.statusCode === 200).map((r) => StepUp.parse(r.json()));
    expect(remaining.some((v) => v.status === 'locked')).toBe(true);
    const locks = await db.all('SELECT * FROM lockouts WHERE customer_id = ?', [ADA.customerId]);
    expect(locks).toHaveLength(1);
    for (const app of [a, b]) expect((await challenge(app, { interactionId: 'race-2', customerId: ADA.customerId })).statusCode).toBe(423);
  }, 30_000);

  it('the right code sent to both replicas at once passes once and verifies once', async () => {
    const { a, b, db } = await replicas();
    const { id } = await startOn(b, 'race-3');
    const code = await codeFromOutbox(a);
    const results = await Promise.all([a, b, a, b].map((app) => send(app, 'POST', `/v1/step-ups/${id}/check`, { interactionId: 'race-3', code })));
    expect(results.map((r) => StepUp.parse(r.json()).status)).toEqual(['approved', 'approved', 'approved', 'approved']);
    const row = await db.get<{ attempts: number | string; decided_at: number | string }>('SELECT attempts, decided_at FROM step_ups WHERE step_up_id = ?', [id]);
    expect(Number(row?.attempts)).toBeLessThanOrEqual(4);
    expect(await db.all("SELECT * FROM verifications WHERE interaction_id = 'race-3'")).toHaveLength(1);
    expect(await db.all('SELECT * FROM lockouts')).toEqual([]);
  }, 30_000);
});
