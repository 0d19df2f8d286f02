/**
 * Attack: DNS rebinding against the open (tokenless, loopback-only) API. A page on rebind.attacker.example
 * re-points its name at 127.0.0.1 and reads customer data with the victim's browser; its requests carry
 * `Host: rebind.attacker.example`. In open mode only loopback Host values (and a configured public host)
 * are answered.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../../lib/api/contract.ts';
import { closeAfterEach, demoApp, forEachBackend, identify } from '../helpers.ts';

const WHO = { interactionId: 'rebind-1', method: 'customerId', value: 'C-1001' };

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function start(opts: Parameters<typeof demoApp>[0] = {}): Promise<FastifyInstance> {
    const pair = await demoApp(opts);
    open.push(pair);
    return pair.app;
  }

  describe('DNS rebinding in open mode', () => {
    it('refuses a foreign Host (403) without any customer data', async () => {
      const app = await start();
      for (const host of ['rebind.attacker.example', 'rebind.attacker.example:8787', '127.0.0.1.attacker.example', 'localhost.attacker.example', '0.0.0.0:8787']) {
        const res = await identify(app, WHO, { host });
        expect(res.statusCode, host).toBe(403);
        expect(ApiError.parse(res.json()).error.code).toBe('forbidden');
        expect(res.body).not.toContain('Lovelace');
      }
    });

    it('answers loopback Host values, and the configured public host', async () => {
      const app = await start({ allowedHosts: ['api.callcentre.internal'] });
      for (const host of ['127.0.0.1:8787', '127.0.0.1', 'localhost:8787', 'LOCALHOST', '[::1]:8787', 'api.callcentre.internal', 'api.callcentre.internal:8443']) {
        expect((await identify(app, WHO, { host })).statusCode, host).toBe(200);
      }
      expect((await identify(app, WHO, { host: 'rebind.attacker.example' })).statusCode).toBe(403);
    });

    it('leaves Host alone when tokens are required (a rebinding page has no token)', async () => {
      const app = await start({ tokens: ['tok-aaaaaaaaaaaaaaaaaaaa'] });
      const res = await identify(app, WHO, { host: 'api.example.com', authorization: 'Bearer tok-aaaaaaaaaaaaaaaaaaaa' });
      expect(res.statusCode).toBe(200);
    });
  });
});
