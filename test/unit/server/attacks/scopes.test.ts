/**
 * Attack: use a token beyond its purpose. The extension's agent token claims an IVR verification
 * (verifiedBy "ivr") or reads the reports summary; a reports token identifies callers. Each needs its
 * scope: 403 forbidden otherwise, and nothing is recorded.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, type VerifiedBy } from '../../../../lib/api/contract.ts';
import { parseTokens } from '../../../../server/http/auth.ts';
import { mintToken } from '../../../../server/tokens.ts';
import { ADA, challenge, closeAfterEach, demoApp, forEachBackend, identify, send, verify } from '../helpers.ts';

const AGENT = 'tok-agent-aaaaaaaaaaaaaaaa';
const IVR = 'tok-ivr-bbbbbbbbbbbbbbbbbb';
const REPORTS = 'tok-reports-cccccccccccccc';
const ADMIN = 'tok-admin-dddddddddddddddd';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function start(): Promise<FastifyInstance> {
    const tokens = parseTokens(`${AGENT}\n${IVR} ivr\n${REPORTS} reports\n${ADMIN} admin`);
    const pair = await demoApp({ tokens });
    open.push(pair);
    return pair.app;
  }

  /** Challenge and verify Ada on `id` with `token`, claiming `verifiedBy`. */
  async function verifyAda(app: FastifyInstance, id: string, token: string, verifiedBy?: VerifiedBy) {
    const c = ChallengeResponse.parse((await challenge(app, { interactionId: id, customerId: ADA.customerId }, auth(token))).json());
    const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
    return verify(app, { interactionId: id, challengeId: c.challengeId, answers, ...(verifiedBy ? { verifiedBy } : {}) }, auth(token));
  }

  describe('token scopes', () => {
    it('an agent token cannot claim an IVR verification: 403 and the interaction stays unverified', async () => {
      const app = await start();
      const res = await verifyAda(app, 'scope-1', AGENT, 'ivr');
      expect(res.statusCode).toBe(403);
      expect(ApiError.parse(res.json()).error.code).toBe('forbidden');
      expect((await send(app, 'GET', '/v1/interactions/scope-1', undefined, auth(AGENT))).statusCode).toBe(404);
      const record = {
        interactionId: 'scope-1', startedAt: '2025-03-01T09:00:00Z', endedAt: '2025-03-01T09:01:00Z', outcome: 'identified',
        customerId: ADA.customerId, methods: ['ani'], factorsPassed: [], attempts: { identify: 0, verify: 0 }, verifiedBy: 'ivr',
      };
      expect((await send(app, 'PUT', '/v1/interactions/scope-1', record, auth(AGENT))).statusCode).toBe(403);
    });

    it('an IVR token records verifiedBy ivr, but not as an agent', async () => {
      const app = await start();
      expect((await verifyAda(app, 'scope-2', IVR, 'ivr')).json()).toMatchObject({ outcome: 'verified' });
      expect((await send(app, 'GET', '/v1/interactions/scope-2', undefined, auth(IVR))).json()).toMatchObject({ verifiedBy: 'ivr' });
      expect((await verifyAda(app, 'scope-3', IVR)).statusCode).toBe(403);
    });

    it('the reports summary needs the reports scope, and a reports token cannot identify callers', async () => {
      const app = await start();
      const summary = (token: string) => send(app, 'GET', '/v1/reports/summary', undefined, auth(token));
      expect((await summary(AGENT)).statusCode).toBe(403);
      expect((await summary(IVR)).statusCode).toBe(403);
      expect((await summary(REPORTS)).statusCode).toBe(200);
      const who = { interactionId: 'scope-4', method: 'customerId', value: ADA.customerId };
      expect((await identify(app, who, auth(REPORTS))).statusCode).toBe(403);
      expect((await identify(app, who, auth(AGENT))).statusCode).toBe(200);
    });

    it('admin holds every scope', async () => {
      const app = await start();
      expect((await send(app, 'GET', '/v1/reports/summary', undefined, auth(ADMIN))).statusCode).toBe(200);
      expect((await verifyAda(app, 'scope-5', ADMIN, 'ivr')).json()).toMatchObject({ outcome: 'verified' });
    });

    it('mints token lines the token file accepts, and rejects unknown scopes', () => {
      const [entry] = parseTokens(mintToken(['ivr', 'reports']));
      expect(entry?.scopes).toEqual(['ivr', 'reports']);
      expect(entry?.token).toMatch(/^cv_[A-Za-z0-9_-]{43}$/);
      expect(() => mintToken(['root'])).toThrow(/unknown scope/);
      expect(() => parseTokens(`${AGENT} superuser`)).toThrow(/unknown scope/);
    });
  });
});
