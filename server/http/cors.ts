/**
 * CORS for the configured origins only (by default the Caller Verify extension): allowed origins get
 * `Access-Control-Allow-Origin`; a preflight is answered here (204) whether or not it is allowed.
 */
import type { FastifyInstance } from 'fastify';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';

/** Origins allowed by default: the extension's fixed Chromium id. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [`chrome-extension://${EXTENSION_ID}`];

const ALLOWED_HEADERS = 'content-type, authorization, x-request-id';

/** Add the CORS hook for `origins` to `app`. */
export function registerCors(app: FastifyInstance, origins: ReadonlySet<string>): void {
  // Hooks in callback style: no promise per hook on every request (the hot path).
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    const allowed = typeof origin === 'string' && origins.has(origin);
    if (origin !== undefined) reply.header('vary', 'Origin');
    if (allowed) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'x-request-id');
    }
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!preflight) return done();
    if (allowed) {
      reply.header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    reply.code(204).send(); // answered here: done() is not called
  });
}
