/** Property tests: whatever the body, query or path, the API answers with a contract shape, never a 500. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ApiError, ChallengeResponse, InteractionStatus, ROUTES, VerifyResponse } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { challenge, demoApp, send, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const RUNS = 200;
  let app: FastifyInstance;
  let db: Db;
  const challengeIds: string[] = [];

  beforeAll(async () => {
    ({ app, db } = await demoApp({
      verification: { allowAgentJudged: true, lockout: { maxFailures: 100, windowMinutes: 1, lockMinutes: 1 } },
      rateLimits: { perTokenPerMinute: 0, perCustomerPerMinute: 0 },
    }));
    for (const [customerId, mode] of [['C-1001', 'caller-answer'], ['C-1002', 'agent-judged'], ['C-1003', 'caller-answer']]) {
      for (let i = 0; i < 20; i++) {
        const res = await challenge(app, { interactionId: 'fuzz-1', customerId, mode });
        challengeIds.push(ChallengeResponse.parse(res.json()).challengeId);
      }
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** Assert a non-500 answer whose body is an ApiError for any error status. */
  function sane(res: LightMyRequestResponse): void {
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode >= 400) ApiError.parse(res.json());
  }

  const SAMPLES = ['', ' ', '\u0000', '+1 415 555 0100', 'C-1001', '1985-12-10', '10/12/1985', 'SW1A 1AA', '1815', '𝟙𝟡𝟠𝟝-𝟙𝟚-𝟙𝟘'];
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...SAMPLES));
  const id = fc.oneof(fc.constantFrom('fuzz-1', 'call-1', 'C-1001'), text);
  const questionId = fc.oneof(fc.constantFrom('dob', 'postcode', 'pin_last4'), text);
  const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v ?? null)) as unknown));

  describe('fuzzed requests never give a 500', () => {
    it('POST /v1/identify', async () => {
      const method = fc.constantFrom('ani', 'phone', 'customerId', 'accountNumber', 'lastName', 'fax');
      const body = fc.oneof(junk, fc.record({ interactionId: id, method, value: text }, { requiredKeys: [] }));
      await fc.assert(fc.asyncProperty(body, async (b) => sane(await send(app, 'POST', '/v1/identify', b))), { numRuns: RUNS });
    });

    it('POST /v1/challenge', async () => {
      const trust = fc.record(
        { attestation: fc.constantFrom('A', 'B', 'C', 'X'), verstat: text, risk: fc.constantFrom('low', 'high', 'huge') },
        { requiredKeys: [] },
      );
      const fields = {
        interactionId: id,
        customerId: fc.oneof(fc.constantFrom('C-1001', 'C-1002', 'C-2001'), text),
        aniTrust: fc.oneof(trust, junk),
        mode: fc.constantFrom('caller-answer', 'agent-judged', 'x'),
      };
      const body = fc.oneof(junk, fc.record(fields, { requiredKeys: [] }));
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const res = await send(app, 'POST', '/v1/challenge', b);
          sane(res);
          if (res.statusCode === 200) ChallengeResponse.parse(res.json());
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /v1/verify', async () => {
      const answers = fc.array(fc.record({ questionId, answer: text }), { maxLength: 5 });
      const marks = fc.array(fc.record({ questionId, passed: fc.boolean() }), { maxLength: 5 });
      const base = {
        interactionId: fc.constantFrom('fuzz-1', 'call-1'),
        challengeId: fc.oneof(fc.constantFrom(...challengeIds), text),
        verifiedBy: fc.constantFrom('ivr', 'agent', 'bot'),
      };
      const some = { requiredKeys: [] };
      const body = fc.oneof(junk, fc.record({ ...base, answers }, some), fc.record({ ...base, marks }, some), fc.record({ ...base, answers, marks }));
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const res = await send(app, 'POST', '/v1/verify', b);
          sane(res);
          if (res.statusCode === 200) VerifyResponse.parse(res.json());
        }),
        { numRuns: RUNS },
      );
    });

    it('PUT and GET /v1/interactions/{id}', async () => {
      const time = fc.oneof(fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()), text);
      const record = fc.record(
        {
          interactionId: fc.constantFrom('fuzz-2', 'fuzz-3'),
          startedAt: time,
          endedAt: time,
          outcome: fc.constantFrom('verified', 'identified', 'not_identified', 'maybe'),
          customerId: fc.constantFrom('C-1001', 'C-1002'),
          methods: fc.array(fc.constantFrom('ani', 'lastName', 'x'), { maxLength: 3 }),
          factorsPassed: fc.array(questionId, { maxLength: 3 }),
          attempts: fc.record({ identify: fc.integer({ min: -2, max: 2000 }), verify: fc.nat(3) }),
          verifiedBy: fc.constantFrom('ivr', 'agent'),
          optOutReason: text,
          agentId: text,
        },
        { requiredKeys: ['interactionId', 'methods', 'factorsPassed', 'attempts', 'verifiedBy'] },
      );
      const path = fc.oneof(fc.constantFrom('fuzz-2', 'fuzz-3'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
      await fc.assert(
        fc.asyncProperty(path, fc.oneof(record, junk), async (p, b) => {
          sane(await send(app, 'PUT', `/v1/interactions/${p}`, b));
          const got = await send(app, 'GET', `/v1/interactions/${p}`);
          sane(got);
          if (got.statusCode === 200) InteractionStatus.parse(got.json());
        }),
        { numRuns: RUNS },
      );
    });

    it('GET /v1/reports/summary and raw (malformed) JSON bodies', async () => {
      const query = fc.record({ from: text, to: text, groupBy: fc.constantFrom('day', 'agent', 'method', 'x') }, { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(query, fc.string({ maxLength: 60 }), async (q, raw) => {
          sane(await app.inject({ method: 'GET', url: '/v1/reports/summary', query: q }));
          sane(await app.inject({ method: 'POST', url: '/v1/verify', headers: { 'content-type': 'application/json' }, payload: raw }));
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('fuzzed spellings of a route path never get past the token check', () => {
    /** Percent-encode some characters, change the case of others, double some slashes. */
    const spelling = (path: string) =>
      fc.array(fc.constantFrom('keep', 'encode', 'upper', 'double'), { minLength: path.length, maxLength: path.length }).map((ops) =>
        [...path].map((c, i) => {
          const op = ops[i];
          if (op === 'encode') return `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
          if (op === 'upper') return c.toUpperCase();
          return op === 'double' && c === '/' ? '//' : c;
        }).join(''),
      );

    it('every route, any spelling, any Host: 401, 400 or 404, never an answer', async () => {
      const locked = await demoApp({ tokens: ['tok-aaaaaaaaaaaaaaaaaaaa'] });
      try {
        const routes = Object.values(ROUTES).map((r) => ({ method: r.method, path: r.path.replace('{id}', 'fuzz-1') }));
        const route = fc.constantFrom(...routes).chain((r) => spelling(r.path).map((url) => ({ ...r, url })));
        const host = fc.oneof(fc.constantFrom('127.0.0.1', 'localhost', 'rebind.attacker.example'), fc.domain());
        await fc.assert(
          fc.asyncProperty(route, host, async (r, h) => {
            const res = await locked.app.inject({ method: r.method, url: r.url, headers: { host: h }, ...(r.method === 'GET' ? {} : { payload: {} }) });
            expect([400, 401, 404], `${r.method} ${r.url}`).toContain(res.statusCode);
            if (res.statusCode === 404) expect(ApiError.parse(res.json()).error.message).toBe('No such route');
          }),
          { numRuns: RUNS },
        );
      } finally {
        await locked.app.close();
        await locked.db.close();
      }
    });
  });
});
