/**
 * HTTP client for the verification API: a time budget for every call, a request id header, zod-validated
 * responses, retries of idempotent calls, bearer or OAuth tokens, and failures mapped to ApiFailure.
 * No browser globals besides fetch (injected in tests).
 */
import type { z } from 'zod';
import {
  ROUTES, routePath,
  type ChallengeRequest, type ChallengeResponse, type IdentifyRequest, type IdentifyResponse, type InteractionStatus,
  type RouteName, type VerifyRequest, type VerifyResponse,
} from './contract';
import { kindForStatus, type ApiFailure } from './failure';
import { nextRetryDelay, parseRetryAfter, type RetryPolicy } from './retry';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

/** Where OAuth access tokens come from (lib/auth/session.ts in the worker); failures carry no request id. */
export interface TokenSource {
  /** A usable access token, or why there is none. */
  token(): Promise<{ ok: true; value: string } | { ok: false; error: Omit<ApiFailure, 'requestId'> }>;
  /** The API refused `rejected` (401): a renewed token, or why there is none. */
  renew(rejected: string): Promise<{ ok: true; value: string } | { ok: false; error: Omit<ApiFailure, 'requestId'> }>;
}

export interface ApiClientOptions {
  baseUrl: string;
  /** The call's whole budget: every attempt and every wait between attempts fit in it. */
  timeoutMs: number;
  fetch?: typeof fetch;
  bearerToken?: string;
  /** OAuth tokens (policy `apiAuth` oauth2-pkce); takes precedence over `bearerToken`. */
  auth?: TokenSource;
  retry?: RetryPolicy;
  /** Uniform in [0, 1), for the retry jitter. */
  random?: () => number;
}

/** Join the base URL (which may carry a path, e.g. a gateway prefix) and an API path. */
export function apiUrl(baseUrl: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

type Attempt<T> = ApiResult<T> & { retryAfterMs?: number };

/** One HTTP exchange with `budgetMs` left; failures are mapped, never thrown. */
async function attemptOnce<S extends z.ZodType>(
  opts: ApiClientOptions, init: { method: string; headers: Record<string, string>; body?: string }, path: string, schema: S, budgetMs: number,
  fail: (kind: ApiFailure['kind'], detail: string, status?: number, lockedUntil?: string) => ApiResult<never>,
): Promise<Attempt<z.infer<S>>> {
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(apiUrl(opts.baseUrl, path), { ...init, signal: AbortSignal.timeout(Math.max(1, budgetMs)) });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', `No answer within ${opts.timeoutMs} ms`);
    return fail('offline', String((err as Error).message ?? err));
  }
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
  const withRetryAfter = (r: ApiResult<never>): Attempt<never> => (retryAfterMs === undefined ? r : { ...r, retryAfterMs });
  let json: unknown;
  try {
    json = await res.json();
  } catch (err) {
    // The timeout also covers a body that stalls after the headers arrived.
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', `No answer within ${opts.timeoutMs} ms`, res.status);
    return withRetryAfter(fail(res.ok ? 'bad_response' : kindForStatus(res.status), `HTTP ${res.status}: body is not JSON`, res.status));
  }
  if (!res.ok) {
    const error = (json as { error?: { message?: unknown; lockedUntil?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : 'error';
    const lockedUntil = typeof error?.lockedUntil === 'string' ? error.lockedUntil : undefined;
    return withRetryAfter(fail(kindForStatus(res.status), `HTTP ${res.status}: ${message}`, res.status, lockedUntil));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail('bad_response', `Unexpected response shape: ${parsed.error.issues[0]?.message ?? ''}`, res.status);
  // Kept on success too: a pending step-up's read says when to read again.
  return retryAfterMs === undefined ? { ok: true, data: parsed.data } : { ok: true, data: parsed.data, retryAfterMs };
}

/**
 * Send a JSON request and validate the answer with `schema`. Idempotent calls (GET, PUT unless told
 * otherwise) are retried on "try later" failures within the `timeoutMs` budget (lib/api/retry.ts); every
 * attempt of one call carries the same x-request-id, the id the panel shows for support. With OAuth, a
 * 401 renews the token once and sends again (the API refused the request, so it was not processed).
 */
export async function requestJson<S extends z.ZodType>(
  opts: ApiClientOptions,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: unknown,
  schema: S,
  call: { idempotent?: boolean } = {},
): Promise<ApiResult<z.infer<S>>> {
  const requestId = crypto.randomUUID();
  const fail = (kind: ApiFailure['kind'], detail: string, status?: number, lockedUntil?: string): ApiResult<never> => ({
    ok: false,
    error: { kind, detail, requestId, ...(status === undefined ? {} : { status }), ...(lockedUntil ? { lockedUntil } : {}) },
  });
  let token = opts.auth ? await opts.auth.token() : opts.bearerToken ? { ok: true as const, value: opts.bearerToken } : undefined;
  if (token && !token.ok) return { ok: false, error: { ...token.error, requestId } };
  const idempotent = call.idempotent ?? method !== 'POST';
  const deadline = Date.now() + opts.timeoutMs;
  let renewed = false;
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token?.ok) headers.authorization = `Bearer ${token.value}`;
    const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const res = await attemptOnce(opts, init, path, schema, deadline - Date.now(), fail);
    if (res.ok) return res;
    const { retryAfterMs: _, ...result } = res;
    if (res.error.status === 401 && opts.auth && token?.ok && !renewed) {
      renewed = true;
      token = await opts.auth.renew(token.value);
      if (!token.ok) return { ok: false, error: { ...token.error, requestId } };
      attempt--; // sending with the renewed token is not a retry
      continue;
    }
    const delay = nextRetryDelay({
      idempotent, error: res.error, attempt, retryAfterMs: res.retryAfterMs, remainingMs: deadline - Date.now(), random: opts.random ?? Math.random,
    }, opts.retry);
    if (delay === null) return result;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * Call a contract route by name (its method and path come from ROUTES), validating the answer with the
 * route's response schema unless `schema` says otherwise.
 */
export function callRoute<S extends z.ZodType>(
  opts: ApiClientOptions,
  name: RouteName,
  req: { params?: Record<string, string>; query?: URLSearchParams; body?: unknown },
  schema: S,
): Promise<ApiResult<z.infer<S>>> {
  return requestJson(opts, ROUTES[name].method, routePath(name, req.params, req.query), req.body, schema);
}

/** Identify a caller. */
export function identify(opts: ApiClientOptions, req: IdentifyRequest): Promise<ApiResult<IdentifyResponse>> {
  return callRoute(opts, 'identify', { body: req }, ROUTES.identify.response);
}

/** Start a verification challenge. */
export function challenge(opts: ApiClientOptions, req: z.input<typeof ChallengeRequest>): Promise<ApiResult<ChallengeResponse>> {
  return callRoute(opts, 'challenge', { body: req }, ROUTES.challenge.response);
}

/** Verify (answers in caller-answer mode, marks in agent-judged mode). */
export function verify(opts: ApiClientOptions, req: z.input<typeof VerifyRequest>): Promise<ApiResult<VerifyResponse>> {
  return callRoute(opts, 'verify', { body: req }, ROUTES.verify.response);
}

/**
 * The interaction's status the IVR or a previous agent left, or null when there is none. With the caller's
 * number (E.164), the answer says whether the recorded customer holds it (`aniMatch`).
 */
export async function priorStatus(opts: ApiClientOptions, interactionId: string, ani?: string): Promise<ApiResult<InteractionStatus | null>> {
  const query = ani ? new URLSearchParams({ ani }) : undefined;
  const res = await callRoute(opts, 'getInteraction', { params: { id: interactionId }, ...(query ? { query } : {}) }, ROUTES.getInteraction.response);
  if (!res.ok && res.error.status === 404) return { ok: true, data: null };
  return res;
}
