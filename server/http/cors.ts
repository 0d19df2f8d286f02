/**
 * CORS for the configured origins only (by default the Caller Verify extension), with @fastify/cors:
 * an allowed origin gets `Access-Control-Allow-Origin` (errors included) and its preflights are answered
 * before any token check; any other origin gets no CORS header at all, and its preflight is a 404.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';

/** Origins allowed by default: the extension's fixed Chromium id. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [`chrome-extension://${EXTENSION_ID}`];

/** Register CORS for `origins` on `app` (before the API's routes, so preflights skip the token check). */
export function registerCors(app: FastifyInstance, origins: ReadonlySet<string>): void {
  void app.register(cors, {
    // false (not a list) for other origins: @fastify/cors then adds no header and answers no preflight.
    origin: (origin, done) => done(null, origin !== undefined && origins.has(origin) ? origin : false),
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
}
