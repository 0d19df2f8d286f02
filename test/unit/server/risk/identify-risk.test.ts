import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ChallengeResponse, IdentifyResponse } from '../../../../lib/api/contract.ts';
import { QuestionReport, RiskReport } from '../../../../lib/api/contract-risk.ts';
import type { AppOptions } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/sql.ts';
import { openDb } from '../../../../server/db/open.ts';
import { READ_SQL } from '../../../../server/domain/rate-counters.ts';
import { seedFromFile } from '../../../../server/seed/seed.ts';
import { ADA, challenge, closeAfterEach, demoApp, demoDb, forEachBackend, identify, send, testClock, verify } from '../helpers.ts';

const ADA_PHONE = '+14155550100';
const MINUTE = 60_000;
const WRONG = [{ questionId: 'dob', answer: '1999-01-01' }, { questionId: 'postcode', answer: '94107' }];

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function start(opts: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; db: Db }> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair;
  }

  /** A failed verification of Ada on `interactionId`, the client giving `ani` as the caller's number. */
  async function fail(app: FastifyInstance, interactionId: string, ani?: string): Promise<void> {
    const c = await challenge(app, { interactionId, customerId: ADA.customerId, ...(ani ? { ani } : {}) });
    expect(c.statusCode, c.body).toBe(200);
    const v = await verify(app, { interactionId, challengeId: ChallengeResponse.parse(c.json()).challengeId, answers: WRONG });
    expect(v.json().outcome).toBe('failed');
  }

  const riskOf = async (app: FastifyInstance, body: object) => {
    const res = await identify(app, body);
    expect(res.statusCode, res.body).toBe(200);
    return IdentifyResponse.parse(res.json());
  };

  describe('risk on identify', { timeout: 20_000 }, () => { // each test starts an app: slow on a loaded machine
    it('a customer with nothing against them is low, with no reasons', async () => {
      const { app } = await start();
      const res = await riskOf(app, { interactionId: 'ix-1', method: 'ani', value: ADA_PHONE });
      expect(res.candidates.map((c) => c.customerId)).toEqual([ADA.customerId]);
      expect(res.risk).toEqual({ level: 'low', reasons: [] });
    });

    it('3 failures from other numbers across calls (none locking) make the customer\'s own call high, and it is kept for reports', async () => {
      const clock = testClock();
      const { app } = await start({ now: clock.now });
      await fail(app, 'ix-a', '+447700900001');
      clock.advance(20 * MINUTE); // past the lockout window: each call alone looks harmless
      await fail(app, 'ix-b', '+447700900002');
      clock.advance(20 * MINUTE);
      await fail(app, 'ix-c', '+447700900002');
      clock.advance(MINUTE);
      const res = await riskOf(app, { interactionId: 'ix-own', method: 'ani', value: ADA_PHONE });
      expect(res.risk).toEqual({
        level: 'high',
        reasons: [{ code: 'failed_attempts', count: 3, numbers: 2, hours: 24, text: '3 failed attempts on this customer in the last 24 h from 2 numbers' }],
      });
      const day = new Date(clock.now()).toISOString().slice(0, 10);
      const report = RiskReport.parse((await send(app, 'GET', `/v1/reports/risk?from=${day}&to=${day}`)).json());
      expect(report.totals).toEqual({ medium: 0, high: 1, failedVerifications: 3, failedStepUps: 0 });
      expect(report.days).toEqual([{ day, medium: 0, high: 1, failedVerifications: 3, failedStepUps: 0 }]);
      const questions = QuestionReport.parse((await send(app, 'GET', `/v1/reports/questions?from=${day}&to=${day}`)).json());
      expect(questions.questions).toEqual([
        { questionId: 'dob', asked: 3, failed: 3, failureRate: 1, failedByVerified: 0 },
        { questionId: 'postcode', asked: 3, failed: 0, failureRate: 0, failedByVerified: 0 },
      ]);
    });

    it('failures older than the window do not count; failures stay counted after a lock and a later success', async () => {
      const clock = testClock();
      const { app } = await start({ now: clock.now });
      await fail(app, 'ix-old', '+447700900001');
      clock.advance(25 * 60 * MINUTE);
      expect((await riskOf(app, { interactionId: 'ix-1', method: 'ani', value: ADA_PHONE })).risk?.level).toBe('low');
      await fail(app, 'ix-2', ADA_PHONE);
      const ok = ChallengeResponse.parse((await challenge(app, { interactionId: 'ix-2', customerId: ADA.customerId })).json());
      const right = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'postcode', answer: ADA.postcode }];
      expect((await verify(app, { interactionId: 'ix-2', challengeId: ok.challengeId, answers: right })).json().outcome).toBe('verified');
      const res = await riskOf(app, { interactionId: 'ix-3', method: 'ani', value: ADA_PHONE });
      expect(res.risk).toMatchObject({ level: 'medium', reasons: [{ code: 'failed_attempts', count: 1, numbers: 1 }] });
      // The genuine caller failed dob once, then passed: the question report shows it.
      const day = new Date(clock.now()).toISOString().slice(0, 10);
      const q = QuestionReport.parse((await send(app, 'GET', `/v1/reports/questions?from=${day}&to=${day}`)).json());
      expect(q.questions.find((x) => x.questionId === 'dob')).toEqual({ questionId: 'dob', asked: 2, failed: 1, failureRate: 0.5, failedByVerified: 1 });
    });

    it('attestation C passed by the client makes the call medium', async () => {
      const { app } = await start();
      const res = await riskOf(app, { interactionId: 'ix-1', method: 'ani', value: ADA_PHONE, attestation: 'C' });
      expect(res.risk).toMatchObject({ level: 'medium', reasons: [{ code: 'attestation', value: 'C' }] });
      const bad = await identify(app, { interactionId: 'ix-1', method: 'ani', value: ADA_PHONE, attestation: 'D' });
      expect(bad.statusCode).toBe(400);
    });

    it('manual look-ups from a number that find nobody count against that number, not against another', async () => {
      const { app } = await start();
      const caller = '+447700900555';
      for (const value of ['Nobody', 'Noone']) {
        expect((await riskOf(app, { interactionId: 'ix-1', method: 'lastName', value, ani: caller })).candidates).toEqual([]);
      }
      const res = await riskOf(app, { interactionId: 'ix-1', method: 'lastName', value: 'Lovelace', ani: caller });
      expect(res.risk).toMatchObject({ level: 'medium', reasons: [{ code: 'number_misses', count: 2 }] });
      const other = await riskOf(app, { interactionId: 'ix-2', method: 'lastName', value: 'Lovelace', ani: '+447700900556' });
      expect(other.risk?.level).toBe('low');
    });

    it('a recent contact change (seed contactChangedAt) and the dev provider\'s number facts are reasons', async () => {
      const clock = testClock();
      const db = await demoDb();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-risk-'));
      const seed = path.join(dir, 'seed.json');
      const changed = new Date(clock.now() - 2 * 86_400_000).toISOString();
      fs.writeFileSync(seed, JSON.stringify({ customers: [{
        customerId: 'R-1', kind: 'person', firstName: 'Rita', lastName: 'Risk', phones: ['+447700900777'], answers: { dob: '1990-01-01' },
        contactChangedAt: changed, numberFacts: [{ phone: '+447700900777', lineType: 'voip', forwarded: true }],
      }] }));
      await seedFromFile(db, seed);
      const { app } = await start({ db, now: clock.now, risk: { provider: 'dev' } });
      const res = await riskOf(app, { interactionId: 'ix-1', method: 'ani', value: '+447700900777' });
      expect(res.risk?.level).toBe('high');
      expect(res.risk?.reasons.map((r) => r.code).sort()).toEqual(['call_forwarding', 'contact_changed', 'line_type']);
      // Without a provider the number facts are not looked at.
      const { app: plain } = await start({ db, now: clock.now });
      expect((await riskOf(plain, { interactionId: 'ix-2', method: 'ani', value: '+447700900777' })).risk?.reasons.map((r) => r.code)).toEqual(['contact_changed']);
    });

    it('a slow or failing provider is skipped: identify still answers', async () => {
      const { app } = await start({ riskProvider: { name: 'broken', lookUp: () => Promise.reject(new Error('down')) } });
      expect((await riskOf(app, { interactionId: 'ix-1', method: 'ani', value: ADA_PHONE })).risk?.level).toBe('low');
      const { app: slow } = await start({ riskProvider: { name: 'slow', lookUp: () => new Promise(() => undefined) } });
      expect((await riskOf(slow, { interactionId: 'ix-2', method: 'ani', value: ADA_PHONE })).risk?.level).toBe('low');
    });

    it('an identify by ANI is still one statement, reading the risk signals with the look-up', async () => {
      const { app, db } = await start();
      await riskOf(app, { interactionId: 'warm', method: 'ani', value: ADA_PHONE }); // prepares statements
      const statements: string[] = [];
      const spy = <K extends 'all' | 'get' | 'run'>(k: K) => {
        const orig = db[k].bind(db) as (...a: unknown[]) => unknown;
        (db as unknown as Record<string, unknown>)[k] = (sql: string, params?: unknown[]) => { statements.push(sql); return orig(sql, params); };
      };
      spy('all'); spy('get'); spy('run');
      await riskOf(app, { interactionId: 'ix-one', method: 'ani', value: ADA_PHONE });
      // The rate limiter's write-behind flush, its re-read of a bucket that a flush between the two requests let go
      // (on a loaded machine), and the minutely sweep are not the request's; the rest is the one look-up.
      const limiter = (s: string) => s.startsWith('INSERT INTO rate_counters') || s.startsWith(READ_SQL);
      const own = statements.filter((s) => !limiter(s) && !s.startsWith('DELETE'));
      expect(own).toHaveLength(1);
      expect(own[0]).toMatch(/FROM risk_events r WHERE r.customer_id = c.customer_id/);
      // The candidate's failures (whether it has any, then their counts), the number's misses.
      expect(own[0]?.match(/FROM risk_events/g)).toHaveLength(3);
    });
  });
});

describe('risk indexes', () => {
  it('SQLite reads risk_events through its indexes (query plan)', async () => {
    const db = await openDb(':memory:');
    const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT (SELECT COUNT(*) FROM risk_events r WHERE r.customer_id = 'x' AND r.at > 0),
      (SELECT COUNT(*) FROM risk_events m WHERE m.e164 = '+1' AND m.at > 0 AND m.kind = 'identify_miss')`);
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/risk_events_customer/);
    expect(details).toMatch(/risk_events_number/);
    expect(details).not.toMatch(/SCAN r\b|SCAN m\b/);
    await db.close();
  });
});
