/**
 * Bearer-token authentication and the per-client rate limit of the API's routes. Tokens are kept only as SHA-256
 * digests; a presented token is hashed and looked up, so no comparison runs over secret bytes. With no
 * token configured the API is open (main.ts allows that only on a loopback address) and clients are
 * rate-limited by address instead of by token.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiContext } from '../domain/context.ts';
import { HttpError } from './errors.ts';

/** Shortest token accepted in a token file or CV_API_TOKENS. */
const MIN_TOKEN_LENGTH = 16;

/** SHA-256 of a token, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens from a token file or CV_API_TOKENS: one per line (or comma-separated); blank lines and # comments skipped. */
export function parseTokens(text: string): string[] {
  const tokens = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const [i, token] of tokens.entries()) {
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new Error(`token ${i + 1} must be at least ${MIN_TOKEN_LENGTH} characters without spaces`);
    }
  }
  return tokens;
}

/** The bearer token of a request, if it sent one. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)[ ]*$/i.exec(header) : null;
  return match?.[1];
}

/** The rate-limit bucket of an authenticated request (a digest prefix, never the token). */
function clientBucket(request: FastifyRequest, tokenHashes: ReadonlySet<string>): string {
  if (tokenHashes.size === 0) return `addr:${request.ip}`;
  const token = bearer(request);
  const digest = token === undefined ? undefined : hashToken(token);
  if (digest === undefined || !tokenHashes.has(digest)) {
    const message = token === undefined ? 'A bearer token is required' : 'The bearer token is not valid';
    throw new HttpError(401, 'unauthorized', message, undefined, {
      headers: { 'www-authenticate': 'Bearer realm="caller-verify"' },
    });
  }
  return `token:${digest.slice(0, 16)}`;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route anyone may call (liveness, the OpenAPI document, its page). */
    public?: boolean;
    /** A route of the API scope: the token check and per-client rate limit run before it. */
    api?: boolean;
  }
}

/**
 * Register the API's routes (`routes`) in their own plugin scope, whose onRequest hook requires a configured
 * bearer token (when any is configured) and applies the per-client rate limit. The hook belongs to the
 * routes, not to a URL prefix: Fastify runs it for whatever spelling of the path the router matched
 * (`/%761/identify` is /v1/identify), so no encoding reaches a route without it. Every route of the app
 * must say whether it is public or part of the API, else the app refuses to start (fail closed).
 */
export function registerApi(
  app: FastifyInstance,
  ctx: ApiContext,
  tokenHashes: ReadonlySet<string>,
  routes: (api: FastifyInstance) => void,
): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { public?: boolean; api?: boolean } | undefined;
    if (config?.public !== true && config?.api !== true) {
      throw new Error(`Route ${route.method} ${route.url} is neither public nor part of the API`);
    }
  });
  void app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const bucket = clientBucket(request, tokenHashes);
      await ctx.rateLimiter.enforce(bucket, ctx.rateLimits.perTokenPerMinute, ctx.now(), 'client');
    });
    routes(api);
  });
}
