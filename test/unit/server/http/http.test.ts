import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../../lib/api/contract.ts';
import { BODY_LIMIT, DEFAULT_CORS_ORIGINS } from '../../../../server/app.ts';
import type { Db } from '../../../../server/db/open.ts';
import { demoApp, identify, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const EXTENSION_ORIGIN = 'chrome-extension://obhgfolkgmigngjcmhikpnhclpppcnek';
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const valid = { interactionId: 'call-1', method: 'customerId', value: 'C-1001' };

  const open: { app: FastifyInstance; db: Db }[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      if (db.open) await db.close();
    }
  });

  async function start(opts: Parameters<typeof demoApp>[0] = {}): Promise<FastifyInstance> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair.app;
  }

  /** Assert an ApiError response and return its error object. */
  function apiError(res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }, status: number) {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    return ApiError.parse(res.json()).error;
  }

  describe('error responses', () => {
    it('400 for malformed JSON, without echoing the body', async () => {
      const app = await start();
      const res = await app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { 'content-type': 'application/json' },
        payload: '{"interactionId":"call-1","value":"+14155550100"',
      });
      const error = apiError(res, 400);
      expect(error.code).toBe('invalid_request');
      expect(res.body).not.toContain('4155550100');
    });

    it('400 for an empty JSON body and for a missing body', async () => {
      const app = await start();
      const empty = await app.inject({ method: 'POST', url: '/v1/identify', headers: { 'content-type': 'application/json' } });
      expect(apiError(empty, 400).code).toBe('invalid_request');
      const none = await app.inject({ method: 'POST', url: '/v1/identify' });
      expect(apiError(none, 400).details).toEqual([{ path: '(root)', message: expect.any(String) }]);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      '400 for content-type %s',
      async (type) => {
        const app = await start();
        const res = await app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers: { 'content-type': type },
          payload: JSON.stringify(valid),
        });
        expect(apiError(res, 400).code).toBe('invalid_request');
      },
    );

    it('400 with zod issue paths for wrong types', async () => {
      const app = await start();
      const res = await identify(app, { interactionId: 5, method: 'fax', value: '' });
      const error = apiError(res, 400);
      expect(error.code).toBe('invalid_request');
      expect(error.details?.map((d) => d.path).sort()).toEqual(['interactionId', 'method', 'value']);
    });

    it('413 payload_too_large above 16 KiB', async () => {
      const app = await start();
      const res = await identify(app, { ...valid, value: 'x'.repeat(BODY_LIMIT) });
      expect(apiError(res, 413).code).toBe('payload_too_large');
    });

    it('404 not_found for unknown routes and methods', async () => {
      const app = await start();
      expect(apiError(await app.inject({ method: 'GET', url: '/nope' }), 404).code).toBe('not_found');
      expect(apiError(await app.inject({ method: 'GET', url: '/v1/identify' }), 404).code).toBe('not_found');
    });

    it('500 internal without stack or message', async () => {
      const { app, db } = await demoApp();
      open.push({ app, db });
      await db.close(); // every query now throws
      const res = await identify(app, valid);
      const error = apiError(res, 500);
      expect(error).toEqual({ code: 'internal', message: 'Internal server error' });
      expect(res.body).not.toMatch(/at |database|\.ts/);
    });
  });

  describe('request ids', () => {
    it('echoes a well-formed x-request-id and generates one otherwise', async () => {
      const app = await start();
      const echoed = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
      expect(echoed.json()).toEqual({ ok: true });
      expect(echoed.headers['x-request-id']).toBe('abc-123');
      const bad = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'no spaces <b>' } });
      expect(bad.headers['x-request-id']).toMatch(UUID);
      expect((await app.inject({ method: 'GET', url: '/nope' })).headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('CORS', () => {
    function preflight(app: FastifyInstance, origin: string) {
      return app.inject({
        method: 'OPTIONS',
        url: '/v1/identify',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-request-id',
        },
      });
    }

    it('defaults to the extension origin', () => {
      expect(DEFAULT_CORS_ORIGINS).toEqual([EXTENSION_ORIGIN]);
    });

    it('answers a preflight from an allowed origin', async () => {
      const app = await start();
      const res = await preflight(app, EXTENSION_ORIGIN);
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(EXTENSION_ORIGIN);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      const allowed = String(res.headers['access-control-allow-headers']).split(/,\s*/);
      expect(allowed.sort()).toEqual(['authorization', 'content-type', 'x-request-id']);
    });

    it('grants nothing to a disallowed origin', async () => {
      const app = await start();
      const pre = await preflight(app, 'https://evil.example');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      expect(pre.headers['access-control-allow-headers']).toBeUndefined();
      const res = await identify(app, valid, { origin: 'https://evil.example' });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('adds Access-Control-Allow-Origin to responses (and errors) for allowed origins only', async () => {
      const app = await start({ corsOrigins: ['https://crm.example'] });
      const res = await identify(app, valid, { origin: 'https://crm.example' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://crm.example');
      expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
      expect(res.headers.vary).toMatch(/Origin/);
      const err = await identify(app, { nope: true }, { origin: 'https://crm.example' });
      expect(err.statusCode).toBe(400);
      expect(err.headers['access-control-allow-origin']).toBe('https://crm.example');
      const ext = await identify(app, valid, { origin: EXTENSION_ORIGIN });
      expect(ext.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
