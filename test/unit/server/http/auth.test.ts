import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../../lib/api/contract.ts';
import { buildApp, type AppOptions } from '../../../../server/app.ts';
import { hashToken, parseTokens } from '../../../../server/http/auth.ts';
import type { Db } from '../../../../server/db/open.ts';
import { ADA, challenge, demoApp, identify, send, testClock, closeAfterEach, forEachBackend, replicaDbs } from '../helpers.ts';

forEachBackend(() => {

  const TOKEN = 'tok-aaaaaaaaaaaaaaaaaaaa';
  const OTHER = 'tok-bbbbbbbbbbbbbbbbbbbb';
  const ORIGIN = 'https://crm.example';
  const body = { interactionId: 'call-1', method: 'customerId', value: 'C-1001' };
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const { open } = closeAfterEach();

  async function start(opts: Partial<AppOptions> = {}): Promise<FastifyInstance> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair.app;
  }

  describe('bearer tokens', () => {
    it('parses token files and hashes tokens', () => {
      const agent = (token: string) => ({ token, scopes: ['agent'] });
      expect(parseTokens(`# ops tokens\n${TOKEN}\n\n  ${OTHER}  \n`)).toEqual([agent(TOKEN), agent(OTHER)]);
      expect(parseTokens(`${TOKEN},${OTHER} ivr reports`)).toEqual([agent(TOKEN), { token: OTHER, scopes: ['ivr', 'reports'] }]);
      expect(() => parseTokens('short')).toThrow(/at least 16/);
      expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('401 without a token or with an unknown one; 200 with a configured one', async () => {
      const app = await start({ tokens: [TOKEN, OTHER], corsOrigins: [ORIGIN] });
      for (const headers of [{}, auth('tok-cccccccccccccccccccc'), { authorization: `Basic ${TOKEN}` }, { authorization: 'Bearer' }]) {
        const res = await identify(app, body, { ...headers, origin: ORIGIN });
        expect(res.statusCode).toBe(401);
        expect(ApiError.parse(res.json()).error.code).toBe('unauthorized');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.headers['access-control-allow-origin']).toBe(ORIGIN); // the extension can read the 401
      }
      expect((await identify(app, body, auth(TOKEN))).statusCode).toBe(200);
      expect((await identify(app, body, auth(OTHER))).statusCode).toBe(200);
      expect((await send(app, 'GET', '/v1/interactions/x', undefined, {})).statusCode).toBe(401);
    });

    it('keeps /healthz, /openapi.json, /docs and CORS preflights public', async () => {
      const app = await start({ tokens: [TOKEN], corsOrigins: [ORIGIN] });
      for (const url of ['/healthz', '/openapi.json', '/docs']) expect((await send(app, 'GET', url)).statusCode).toBe(200);
      const pre = await app.inject({
        method: 'OPTIONS',
        url: '/v1/interactions/x',
        headers: { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-methods']).toContain('PUT');
    });
  });

  describe('rate limits', () => {
    it('limits each token per minute: 429 with Retry-After, then a new window', async () => {
      const clock = testClock(Date.parse('2025-03-01T09:00:45Z'));
      const app = await start({ tokens: [TOKEN, OTHER], rateLimits: { perTokenPerMinute: 2 }, now: clock.now });
      expect((await identify(app, body, auth(TOKEN))).statusCode).toBe(200);
      expect((await identify(app, body, auth(TOKEN))).statusCode).toBe(200);
      const limited = await identify(app, body, auth(TOKEN));
      expect(limited.statusCode).toBe(429);
      expect(ApiError.parse(limited.json()).error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toBe('15');
      expect((await identify(app, body, auth(OTHER))).statusCode).toBe(200);
      clock.advance(15_000);
      expect((await identify(app, body, auth(TOKEN))).statusCode).toBe(200);
    });

    it('limits by client address when the API is open', async () => {
      const app = await start({ rateLimits: { perTokenPerMinute: 1 } });
      expect((await identify(app, body)).statusCode).toBe(200);
      expect((await identify(app, body)).statusCode).toBe(429);
    });

    it('limits challenges and verifications per customer', async () => {
      const app = await start({ rateLimits: { perCustomerPerMinute: 2 } });
      const ask = (customerId: string) => challenge(app, { interactionId: 'call-1', customerId });
      expect((await ask(ADA.customerId)).statusCode).toBe(200);
      expect((await ask(ADA.customerId)).statusCode).toBe(200);
      const limited = await ask(ADA.customerId);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await ask('C-1002')).statusCode).toBe(200);
    });

    /** Two apps (replicas) on one database. */
    async function replicas(rateLimits: object): Promise<[FastifyInstance, FastifyInstance, Db]> {
      const [dbA, dbB] = await replicaDbs();
      const a = buildApp({ tokens: [TOKEN], rateLimits, db: dbA });
      const b = buildApp({ tokens: [TOKEN], rateLimits, db: dbB });
      open.push({ app: a, db: dbA }, { app: b, db: dbB });
      return [a, b, dbA];
    }

    it('shares counters between replicas through the database (every hit written at once)', async () => {
      const [a, b, db] = await replicas({ perTokenPerMinute: 3, flushMs: 0 });
      const codes = [];
      for (const app of [a, b, a, b]) codes.push((await identify(app, body, auth(TOKEN))).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const stored = await db.all("SELECT bucket, count FROM rate_counters WHERE bucket LIKE 'token:%'");
      expect(stored).toEqual([{ bucket: `token:${hashToken(TOKEN).slice(0, 16)}`, count: 4 }]);
    });

    it('writes hits behind by default: replicas see each other within the flush interval', async () => {
      const [a, b, db] = await replicas({ perTokenPerMinute: 3 });
      for (let i = 0; i < 3; i++) expect((await identify(a, body, auth(TOKEN))).statusCode).toBe(200);
      expect((await identify(a, body, auth(TOKEN))).statusCode).toBe(429); // exact within one replica
      // The flush runs on a short timer; on a loaded machine it can take longer than one interval to land.
      await expect.poll(() => db.get("SELECT count FROM rate_counters WHERE bucket LIKE 'token:%'"), { timeout: 5_000, interval: 20 }).toEqual({ count: 4 });
      expect((await identify(b, body, auth(TOKEN))).statusCode).toBe(429);
    });
  });
});
