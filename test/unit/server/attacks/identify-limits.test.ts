/**
 * Attack: harvest names and customer ids through identification, where the limits lived only in the
 * browser: keep looking up after attemptsRemaining 0, start a fresh interaction id to reset the count,
 * sweep ANIs (which never counted) or last names from one token. The server refuses (429, Retry-After)
 * and logs a security event; an IVR token keeps its own, larger budget.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, IdentifyResponse } from '../../../../lib/api/contract.ts';
import { closeAfterEach, demoApp, forEachBackend, identify } from '../helpers.ts';

const AGENT = 'tok-agent-aaaaaaaaaaaaaaaa';
const AGENT2 = 'tok-agent-bbbbbbbbbbbbbbbb';
const IVR = 'tok-ivr-cccccccccccccccccc';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** Numbers of the demo data's area that no demo customer has, then one that Ada has. */
const UNKNOWN = Array.from({ length: 300 }, (_, i) => `+1415555${String(1000 + i).padStart(4, '0')}`);
const ADA_ANI = '+14155550100';

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function start(rateLimits = {}): Promise<{ app: FastifyInstance; log: () => string }> {
    const chunks: string[] = [];
    const stream = new Writable({ write: (c: Buffer, _e, done) => void (chunks.push(c.toString()), done()) });
    const pair = await demoApp({ tokens: [AGENT, AGENT2, { token: IVR, scopes: ['ivr'] }], rateLimits, logger: { level: 'warn', stream } });
    open.push(pair);
    return { app: pair.app, log: () => chunks.join('') };
  }
  const lookUp = (app: FastifyInstance, token: string, interactionId: string, method: string, value: string) =>
    identify(app, { interactionId, method, value }, auth(token));

  describe('identification limits on the server', () => {
    it('gives an interaction no more look-ups once its attempts are used (no names, no ids)', async () => {
      const { app } = await start();
      for (const name of ['Nobody', 'Noone', 'Nemo']) expect((await lookUp(app, AGENT, 'ix-1', 'lastName', name)).statusCode).toBe(200);
      for (const [method, value] of [['lastName', 'Lovelace'], ['accountNumber', '41550100'], ['customerId', 'C-1001'], ['ani', ADA_ANI]]) {
        const res = await lookUp(app, AGENT, 'ix-1', method as string, value as string);
        expect(res.statusCode, `${method}`).toBe(429);
        expect(res.body).not.toContain('Lovelace');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    });

    it('counts ANI look-ups per interaction: a handful, then 429', async () => {
      const { app } = await start();
      const codes: number[] = [];
      for (const n of UNKNOWN.slice(0, 12)) codes.push((await lookUp(app, AGENT, 'ix-2', 'ani', n)).statusCode);
      expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429]);
    });

    it('stops an ANI sweep over fresh interaction ids from one agent token, even for a number that matches', async () => {
      const { app, log } = await start();
      let answered = 0;
      for (const [i, n] of UNKNOWN.entries()) if ((await lookUp(app, AGENT, `sweep-${i}`, 'ani', n)).statusCode === 200) answered++;
      expect(answered).toBe(30); // the agent budget of misses per hour
      const found = await lookUp(app, AGENT, 'sweep-last', 'ani', ADA_ANI);
      expect(found.statusCode).toBe(429);
      expect(ApiError.parse(found.json()).error.code).toBe('rate_limited');
      expect(found.body).not.toContain('Ada');
      expect(log()).toContain('"securityEvent":"identify_sweep"');
      // Another agent of the same contact centre still works (the per-address budget is larger).
      expect(IdentifyResponse.parse((await lookUp(app, AGENT2, 'other-1', 'ani', ADA_ANI)).json()).candidates).toHaveLength(1);
    });

    it('stops a last-name sweep the same way', async () => {
      const { app } = await start();
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await lookUp(app, AGENT, `names-${i}`, 'lastName', `Name${i}`)).statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(30);
      expect((await lookUp(app, AGENT, 'names-x', 'lastName', 'Lovelace')).statusCode).toBe(429);
    });

    it('limits all look-ups of one agent token per hour, and counts per client address across tokens', async () => {
      const { app } = await start({ identify: { agent: { lookupsPerHour: 5, sourceMissesPerHour: 4 } } });
      for (let i = 0; i < 5; i++) expect((await lookUp(app, AGENT, `hits-${i}`, 'ani', ADA_ANI)).statusCode).toBe(200);
      expect((await lookUp(app, AGENT, 'hits-5', 'ani', ADA_ANI)).statusCode).toBe(429);
      for (let i = 0; i < 4; i++) expect((await lookUp(app, AGENT2, `m-${i}`, 'ani', UNKNOWN[i] as string)).statusCode).toBe(200);
      expect((await lookUp(app, AGENT2, 'm-4', 'ani', ADA_ANI)).statusCode).toBe(429); // the address's misses are used
    });

    it('gives the IVR token its own, larger budget: 300 distinct callers pass', async () => {
      const { app } = await start();
      for (const [i, n] of UNKNOWN.entries()) expect((await lookUp(app, IVR, `conv-${i}`, 'ani', n)).statusCode).toBe(200);
    });
  });
});
