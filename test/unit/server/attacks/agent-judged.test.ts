/**
 * Attack: with agent-judged challenges allowed, any client could fetch every customer's expected answers
 * (they travel in the challenge for the agent to compare) and then verify by marks. They need the
 * agent-judged scope (an agent token does not have it) and are limited per token per hour.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse } from '../../../../lib/api/contract.ts';
import { ADA, challenge, closeAfterEach, demoApp, forEachBackend, verify } from '../helpers.ts';

const AGENT = 'tok-agent-aaaaaaaaaaaaaaaa';
const JUDGE = 'tok-judge-bbbbbbbbbbbbbbbb';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function start(): Promise<FastifyInstance> {
    const pair = await demoApp({
      tokens: [AGENT, { token: JUDGE, scopes: ['agent', 'agent-judged'] }],
      verification: { allowAgentJudged: true },
      rateLimits: { agentJudgedPerHour: 3 },
    });
    open.push(pair);
    return pair.app;
  }
  const ask = (app: FastifyInstance, token: string, interactionId: string, customerId = ADA.customerId) =>
    challenge(app, { interactionId, customerId, mode: 'agent-judged' }, auth(token));

  describe('agent-judged harvest', () => {
    it('an agent token gets no expected answers (403) and cannot verify by marks', async () => {
      const app = await start();
      const res = await ask(app, AGENT, 'judge-1');
      expect(res.statusCode).toBe(403);
      expect(ApiError.parse(res.json()).error.code).toBe('forbidden');
      expect(res.body).not.toContain(ADA.dob);
      const judged = ChallengeResponse.parse((await ask(app, JUDGE, 'judge-2')).json());
      const marks = [{ questionId: 'dob', passed: true }, { questionId: 'pin_last4', passed: true }];
      const byAgent = await verify(app, { interactionId: 'judge-2', challengeId: judged.challengeId, marks }, auth(AGENT));
      expect(byAgent.statusCode).toBe(403);
      // The agent's own challenges stay caller-answer, without expected values.
      const plain = ChallengeResponse.parse((await challenge(app, { interactionId: 'judge-3', customerId: ADA.customerId }, auth(AGENT))).json());
      expect(plain.required.every((q) => q.expected === undefined)).toBe(true);
    });

    it('the agent-judged scope gets expected answers, a few per hour, then 429', async () => {
      const app = await start();
      const customers = ['C-1001', 'C-1002', 'C-1003', 'C-1001'];
      const codes: number[] = [];
      for (const [i, customerId] of customers.entries()) codes.push((await ask(app, JUDGE, `judge-${i}`, customerId)).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
    });
  });
});
