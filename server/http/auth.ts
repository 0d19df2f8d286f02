/**
 * Bearer-token authentication and the per-client rate limit of /v1/*. Tokens are kept only as SHA-256
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

/** Require a configured bearer token on /v1/* (when any is configured) and apply the per-client rate limit. */
export function registerAuth(app: FastifyInstance, ctx: ApiContext, tokenHashes: ReadonlySet<string>): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const bucket = clientBucket(request, tokenHashes);
    await ctx.rateLimiter.enforce(bucket, ctx.rateLimits.perTokenPerMinute, ctx.now(), 'client');
  });
}
