/**
 * The reference verification API as a Fastify app (contract v1, lib/api/contract.ts). Every non-2xx
 * response is an ApiError; every response carries `x-request-id`. CORS is granted only to the
 * configured origins (by default the Caller Verify extension). The contract's routes need a bearer
 * token when tokens are configured; /healthz, /openapi.json and /docs are public.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { CountryCode } from '../lib/phone.ts';
import { rateLimitConfig, timeoutConfig, verificationConfig, type RateLimitOverrides, type TimeoutConfig, type VerificationOverrides } from './config.ts';
import type { Db } from './db/sql.ts';
import type { ApiContext } from './domain/context.ts';
import { startHousekeeping } from './domain/housekeeping.ts';
import { RateLimiter } from './domain/ratelimit.ts';
import { registerApi, tokenTable, type TokenEntry } from './http/auth.ts';
import { DEFAULT_CORS_ORIGINS, registerCors } from './http/cors.ts';
import { apiError, toApiError } from './http/errors.ts';
import { loggerOptions } from './http/logging.ts';
import { accessLogger, lazyChildLogger } from './http/access-log.ts';
import { batchedSends } from './http/batched-sends.ts';
import { registerPressure, type PressureOptions } from './http/pressure.ts';
import { registerPublic } from './routes/public.ts';
import { registerV1 } from './routes/v1.ts';
import { registerStepUpApp } from './routes/stepup.ts';
import type { StepUpOptions } from './domain/stepup/config.ts';
import { stepUpRuntime } from './domain/stepup/stepup.ts';
import { riskConfig, type RiskConfig } from './domain/risk/config.ts';
import { devProvider, type NumberIntelProvider } from './domain/risk/provider.ts';

export { DEFAULT_CORS_ORIGINS } from './http/cors.ts';

/** Largest request body accepted (16 KiB). */
export const BODY_LIMIT = 16 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface AppOptions {
  db: Db;
  /** false/undefined: silent; true: info to stdout; object: Fastify/pino options (e.g. `{ stream }`). */
  logger?: boolean | object;
  corsOrigins?: string[];
  /** Region for national phone numbers in identify requests (default 'US'). */
  defaultRegion?: CountryCode;
  /** Verification settings over DEFAULT_VERIFICATION (server/config.ts). */
  verification?: VerificationOverrides;
  /** Rate limits over DEFAULT_RATE_LIMITS. */
  rateLimits?: RateLimitOverrides;
  /** Accepted bearer tokens (kept only as SHA-256 digests; a plain string has the default scopes); none: open. */
  tokens?: readonly (string | TokenEntry)[];
  /** Host names served without a token besides loopback ones (the configured public host). */
  allowedHosts?: readonly string[];
  /** Overload protection over DEFAULT_PRESSURE (maxEventLoopDelayMs 0: off). */
  pressure?: Partial<PressureOptions>;
  /** Request, idle-socket and keep-alive limits over DEFAULT_TIMEOUTS. */
  timeouts?: Partial<TimeoutConfig>;
  /** Clock in epoch ms (tests move time); default Date.now. */
  now?: () => number;
  /** Step-up limits, sender (default: the outbox) and demo mode (GET /dev/outbox, the demo customer app). */
  stepUp?: StepUpOptions;
  /** Risk settings over DEFAULT_RISK, and a number-intelligence provider (else the config's: none or dev). */
  risk?: Partial<RiskConfig>;
  riskProvider?: NumberIntelProvider;
}

/** Use the caller's x-request-id when it is a sane token, else a fresh UUID. */
function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Send an ApiError for anything thrown, logging only data-free facts about it. */
function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers, security } = toApiError(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else if (security !== undefined) request.log.warn({ securityEvent: security, client: request.principal?.bucket, code: body.error.code }, 'security event');
  else request.log.info({ err, code: body.error.code }, 'request rejected');
  reply.header('x-request-id', request.id);
  for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Build the API app on an open, migrated database. The caller owns (and closes) the database. */
export function buildApp(opts: AppOptions): FastifyInstance {
  const origins = new Set(opts.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const verification = verificationConfig(opts.verification); // throws on a bad config, before anything starts
  const rateLimits = rateLimitConfig(opts.rateLimits);
  const risk = riskConfig(opts.risk);
  const timeouts = timeoutConfig(opts.timeouts);
  const app = Fastify({
    // A request that never completes (slowloris) is ended with 408; Node checks every connectionsCheckingInterval.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    maxRequestsPerSocket: timeouts.maxRequestsPerSocket,
    http: { headersTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.min(1000, Math.ceil(timeouts.requestMs / 4)) },
    logger: loggerOptions(opts.logger),
    // Request loggers only when a request logs more than its access line (an error, a security event).
    ...(opts.logger ? { childLoggerFactory: lazyChildLogger } : {}),
    // One access-log line per request (onResponse below) instead of Fastify's two. Through a LogController: the
    // top-level disableRequestLogging option prints a plain-text deprecation warning among the JSON logs.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: requestId,
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
  });

  // Only JSON bodies: no text/plain "simple requests" that would skip the CORS preflight.
  app.removeContentTypeParser('text/plain');

  registerPressure(app, opts.pressure);
  registerCors(app, origins);

  // A request still in flight when close() starts is answered with Connection: close; otherwise its keep-alive socket
  // would hold the shutdown until the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // Hooks in callback style: no promise per hook on every request (the hot path).
  // Whether to close is decided when the response is written: close() may start between onSend and the write.
  const closeIfClosing = (reply: FastifyReply): void => {
    if (closing) reply.header('connection', 'close');
  };
  const sends = batchedSends(closeIfClosing, (err) => app.log.error({ err }, 'sending a response failed'));
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    sends(reply, done, payload);
  });

  const accessLog = accessLogger(app.log, opts.logger);
  app.addHook('onResponse', (request, reply, done) => {
    accessLog(request, reply);
    done();
  });

  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(apiError('not_found', 'No such route')));

  const rateLimiter = new RateLimiter(opts.db, rateLimits.flushMs, (err) => app.log.warn({ err }, 'rate-limit flush failed'));
  const ctx: ApiContext = {
    db: opts.db,
    verification,
    rateLimits,
    rateLimiter,
    region: opts.defaultRegion ?? 'US',
    now: opts.now ?? Date.now,
    risk: { config: risk, ...(opts.riskProvider ? { provider: opts.riskProvider } : risk.provider === 'dev' ? { provider: devProvider(opts.db) } : {}) },
  };
  app.addHook('onClose', () => rateLimiter.flushSafely());
  const stopHousekeeping = startHousekeeping(ctx, (err) => app.log.warn({ err }, 'housekeeping failed'));
  app.addHook('onClose', async () => stopHousekeeping());

  const stepUp = stepUpRuntime(opts.stepUp, ctx.now);
  registerApi(app, ctx, tokenTable(opts.tokens ?? []), opts.allowedHosts ?? [], (api) => registerV1(api, ctx, stepUp));
  registerPublic(app);
  registerStepUpApp(app, ctx, stepUp);
  return app;
}
