/**
 * Bearer-token authentication, scopes and the per-client rate limit of the API's routes. Tokens are kept
 * only as SHA-256 digests (with their scopes); a presented token is hashed and looked up, so no comparison
 * runs over secret bytes. With no token configured the API is open (main.ts allows that only on a
 * loopback address, and only loopback Host values are answered), every scope is granted and clients are
 * rate-limited by address instead of by token.
 */
import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Scope } from '../../lib/api/contract.ts';
import type { ApiContext } from '../domain/context.ts';
import { HttpError } from './errors.ts';

/** Shortest token accepted in a token file or CV_API_TOKENS. */
const MIN_TOKEN_LENGTH = 16;

/** Scopes of a token listed without any (the extension's agent token). */
export const DEFAULT_SCOPES: readonly Scope[] = ['agent'];

/** A configured token and what it may do. */
export interface TokenEntry {
  token: string;
  scopes: readonly Scope[];
}

/** Who is calling: the rate-limit bucket (a digest prefix, never the token) and the token's scopes. */
export interface Principal {
  bucket: string;
  scopes: ReadonlySet<Scope>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route anyone may call (liveness, the OpenAPI document, its page). */
    public?: boolean;
    /** A route of the API scope: the token check and per-client rate limit run before it. */
    api?: boolean;
    /** Scopes of which the token needs one (admin always passes). */
    scopes?: readonly Scope[];
  }
  interface FastifyRequest {
    /** Set by the API scope's hook before any API handler runs. */
    principal: Principal | null;
  }
}

/** SHA-256 of a token, hex (one-shot crypto.hash: half the cost of createHash().update().digest() per request). */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/**
 * Tokens from a token file or CV_API_TOKENS: one per line (or comma-separated), each `TOKEN [SCOPE ...]`
 * (no scope: DEFAULT_SCOPES); blank lines and # comments skipped.
 */
export function parseTokens(text: string): TokenEntry[] {
  const lines = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return lines.map((line, i) => {
    const [token = '', ...scopes] = line.split(/\s+/);
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`token ${i + 1} must be at least ${MIN_TOKEN_LENGTH} characters without spaces`);
    for (const scope of scopes) {
      if (!Scope.safeParse(scope).success) throw new Error(`token ${i + 1}: unknown scope "${scope}" (one of ${Scope.options.join(', ')})`);
    }
    return { token, scopes: scopes.length > 0 ? (scopes as Scope[]) : DEFAULT_SCOPES };
  });
}

/**
 * Digest → principal of the configured tokens (a plain string gets DEFAULT_SCOPES). Built once: a request
 * gets its token's principal object, whose bucket string is the same every time (no allocation per request).
 */
export function tokenTable(tokens: readonly (string | TokenEntry)[]): Map<string, Principal> {
  const table = new Map<string, Principal>();
  for (const t of tokens) {
    const entry = typeof t === 'string' ? { token: t, scopes: DEFAULT_SCOPES } : t;
    const digest = hashToken(entry.token);
    table.set(digest, Object.freeze({ bucket: `token:${digest.slice(0, 16)}`, scopes: new Set(entry.scopes) }));
  }
  return table;
}

/** Whether `principal` holds `scope` (admin holds every scope). */
export function hasScope(principal: Principal | null, scope: Scope): boolean {
  return principal !== null && (principal.scopes.has(scope) || principal.scopes.has('admin'));
}

/** Throw 403 forbidden unless the caller holds `scope`. */
export function requireScope(request: FastifyRequest, scope: Scope): void {
  if (!hasScope(request.principal, scope)) throw new HttpError(403, 'forbidden', `This token lacks the "${scope}" scope`);
}

const OPEN_SCOPES: ReadonlySet<Scope> = new Set(Scope.options);

/** Whether `host` is a loopback address (or localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The name of a Host header without its port, lower-case (`[::1]:8787` → `[::1]`). */
function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

/**
 * In open mode, refuse any Host but a loopback one or a configured public host: a page that re-points its
 * own name at 127.0.0.1 (DNS rebinding) sends its own name as Host, so it never reaches the data.
 */
function assertLocalHost(request: FastifyRequest, allowedHosts: ReadonlySet<string>): void {
  const name = hostName(request.headers.host);
  if (isLoopback(name) || allowedHosts.has(name)) return;
  throw new HttpError(403, 'forbidden', 'This Host is not served without a token; use a loopback address', undefined, {
    security: 'foreign_host',
  });
}

/** The bearer token of a request, if it sent one. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)[ ]*$/i.exec(header) : null;
  return match?.[1];
}

/** The caller of a request; 401 without a configured token (when any is configured). */
function authenticate(request: FastifyRequest, tokens: ReadonlyMap<string, Principal>, allowedHosts: ReadonlySet<string>): Principal {
  if (tokens.size === 0) {
    assertLocalHost(request, allowedHosts);
    return { bucket: `addr:${request.ip}`, scopes: OPEN_SCOPES };
  }
  const token = bearer(request);
  const digest = token === undefined ? undefined : hashToken(token);
  const principal = digest === undefined ? undefined : tokens.get(digest);
  if (principal === undefined) {
    const message = token === undefined ? 'A bearer token is required' : 'The bearer token is not valid';
    throw new HttpError(401, 'unauthorized', message, undefined, {
      headers: { 'www-authenticate': 'Bearer realm="caller-verify"' },
    });
  }
  return principal;
}

/**
 * Register the API's routes (`routes`) in their own plugin scope, whose onRequest hook requires a configured
 * bearer token (when any is configured), applies the per-client rate limit and checks the route's scopes.
 * The hook belongs to the routes, not to a URL prefix: Fastify runs it for whatever spelling of the path
 * the router matched (`/%761/identify` is /v1/identify), so no encoding reaches a route without it. Every
 * route of the app must say whether it is public or part of the API, else the app refuses to start.
 */
export function registerApi(
  app: FastifyInstance,
  ctx: ApiContext,
  tokens: ReadonlyMap<string, Principal>,
  allowedHosts: readonly string[],
  routes: (api: FastifyInstance) => void,
): void {
  const hosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const config = route.config as { public?: boolean; api?: boolean } | undefined;
    // @fastify/cors's catch-all OPTIONS route only answers preflights of allowed origins (else 404).
    const preflight = route.method === 'OPTIONS' && route.url === '*';
    if (config?.public !== true && config?.api !== true && !preflight) {
      throw new Error(`Route ${route.method} ${route.url} is neither public nor part of the API`);
    }
  });
  void app.register(async (api) => {
    // The hook is attached to each route as it is registered in this scope, with the route's scopes read
    // once here: per request nothing builds `request.routeOptions` (a new object on every access) and no
    // promise is made (callback style); the rate limiter's first read of a bucket is the only wait.
    api.addHook('onRoute', (route) => {
      const hook = apiHook(ctx, tokens, hosts, route.config?.scopes ?? []);
      const own = route.onRequest;
      route.onRequest = own === undefined ? [hook] : [hook, ...(Array.isArray(own) ? own : [own])];
    });
    routes(api);
  });
}

/** The onRequest hook of one API route: authenticate, rate-limit, then check the route's `needed` scopes. */
function apiHook(
  ctx: ApiContext,
  tokens: ReadonlyMap<string, Principal>,
  hosts: ReadonlySet<string>,
  needed: readonly Scope[],
): onRequestHookHandler {
  const checkScopes = (principal: Principal): void => {
    if (needed.length > 0 && !needed.some((scope) => hasScope(principal, scope))) {
      throw new HttpError(403, 'forbidden', `This token lacks the scope of this route (${needed.join(' or ')})`);
    }
  };
  return function apiOnRequest(request, _reply, done) {
    let principal: Principal;
    let wait: Promise<void> | undefined;
    try {
      principal = authenticate(request, tokens, hosts);
      request.principal = principal;
      wait = ctx.rateLimiter.enforce(principal.bucket, ctx.rateLimits.perTokenPerMinute, ctx.now(), 'client');
      if (!wait) checkScopes(principal);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (!wait) {
      done();
      return;
    }
    const p = principal;
    wait.then(
      () => {
        try {
          checkScopes(p);
        } catch (error) {
          done(error as Error);
          return;
        }
        done();
      },
      (error: unknown) => done(error as Error),
    );
  };
}
