/**
 * Attack: reach a /v1 route without a token by writing its path differently (percent-encoding, doubled
 * slashes, dot segments, case, trailing slash, `;params`, query, fragment). The router decodes `%76` to
 * `v`, so a check on the raw URL let such requests through, and past the per-token rate limit too.
 * Sent over real HTTP (no client normalises the path) to the running app on SQLite and PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ROUTES, type RouteName } from '../../../../lib/api/contract.ts';
import { buildApp } from '../../../../server/app.ts';
import { closeAfterEach, demoApp, forEachBackend } from '../helpers.ts';

const TOKEN = 'tok-aaaaaaaaaaaaaaaaaaaa';
const NOW = new Date().toISOString();

/** A body the route accepts, so a request that got through would succeed. */
const BODIES: Partial<Record<RouteName, object>> = {
  identify: { interactionId: 'call-1', method: 'customerId', value: 'C-1001' },
  challenge: { interactionId: 'call-1', customerId: 'C-1001' },
  verify: { interactionId: 'call-1', challengeId: 'c-1', answers: [] },
  putInteraction: {
    interactionId: 'call-1', startedAt: NOW, endedAt: NOW, outcome: 'identified', customerId: 'C-1001',
    methods: ['customerId'], factorsPassed: [], attempts: { identify: 1, verify: 0 }, verifiedBy: 'agent',
  },
};

/** Ways to write `path` (with its segments) that a lax check on the raw URL would not recognise. */
export function pathVariants(path: string): string[] {
  const rest = path.slice('/v1/'.length);
  const [first = '', ...more] = rest.split('/');
  const tail = more.length > 0 ? `/${more.join('/')}` : '';
  const encFirst = `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`;
  return [
    `/%761/${rest}`, `/v%31/${rest}`, `/%76%31/${rest}`, `/%56%31/${rest}`, `/v1/${encFirst}${tail}`, `/v1%2F${rest}`,
    `//v1/${rest}`, `/v1//${rest}`, `///v1/${rest}`,
    `/x/../v1/${rest}`, `/./v1/${rest}`, `/v1/./${rest}`, `/%2e/v1/${rest}`, `/v1/%2e%2e/v1/${rest}`,
    `/V1/${rest}`, `/v1/${rest.toUpperCase()}`,
    `${path}/`, `/%761/${rest}/`,
    `${path};x=1`, `/v1;x=1/${rest}`, `/%761/${rest};x`,
    `${path}?x=1`, `/%761/${rest}?a=%2F`,
    `${path}#x`, `/%761/${rest}#frag`,
  ];
}

/** Send one raw request (the path exactly as given) and read the status and body. */
function raw(port: number, method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function listening(opts: Parameters<typeof demoApp>[0] = {}): Promise<number> {
    const pair = await demoApp({ tokens: [TOKEN], ...opts });
    open.push(pair);
    await pair.app.listen({ port: 0, host: '127.0.0.1' });
    return (pair.app.server.address() as AddressInfo).port;
  }

  describe('path-encoding bypass of the token check', () => {
    it('refuses every spelling of every /v1 route without a token (401, or 404 for no such route)', async () => {
      const port = await listening();
      const through: string[] = [];
      for (const [name, route] of Object.entries(ROUTES) as [RouteName, (typeof ROUTES)[RouteName]][]) {
        const path = route.path.replace('{id}', 'call-1');
        for (const variant of pathVariants(path)) {
          const res = await raw(port, route.method, variant, BODIES[name]);
          const refused = res.status === 401 || res.status === 400 || (res.status === 404 && res.body.includes('No such route'));
          if (!refused) through.push(`${route.method} ${variant} → ${res.status}`);
        }
      }
      expect(through).toEqual([]);
    });

    it('refuses to start with a route that is neither public nor part of the API scope (fail closed)', async () => {
      const { db } = await demoApp();
      const app = buildApp({ db, tokens: [TOKEN] });
      open.push({ app, db });
      expect(() => app.get('/v1/backdoor', async () => ({ ok: true }))).toThrow(/neither public nor part of the API/);
    });

    it('counts encoded spellings against the token rate limit (25 requests, limit 20)', async () => {
      // A fixed clock: on the real one, a run that crossed a minute boundary got a fresh window and let 25 through.
      const at = Date.now();
      const port = await listening({ rateLimits: { perTokenPerMinute: 20, flushMs: 0 }, now: () => at });
      const auth = { authorization: `Bearer ${TOKEN}` };
      const codes: number[] = [];
      for (let i = 0; i < 25; i++) codes.push((await raw(port, 'POST', '/%761/identify', { ...BODIES.identify, interactionId: `call-${i}` }, auth)).status);
      expect(codes.filter((c) => c === 200)).toHaveLength(20);
      expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
    });
  });
});
