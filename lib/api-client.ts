/**
 * HTTP client for the verification API: timeout on every call, a request id header, zod-validated
 * responses, and failures mapped to ApiFailure. No browser globals besides fetch (injected in tests).
 */
import type { z } from 'zod';
import {
  ChallengeResponse, IdentifyResponse, InteractionStatus, VerifyResponse,
  type IdentifyRequest, type ChallengeRequest, type VerifyRequest,
} from './contract';
import { kindForStatus, type ApiFailure } from './api-failure';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

export interface ApiClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  bearerToken?: string;
}

/** Join the base URL (which may carry a path, e.g. a gateway prefix) and an API path. */
export function apiUrl(baseUrl: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

/** Send a JSON request and validate the answer with `schema`; `allow404` turns a 404 into `data: null`. */
export async function requestJson<S extends z.ZodType>(
  opts: ApiClientOptions,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: unknown,
  schema: S,
): Promise<ApiResult<z.infer<S>>> {
  const requestId = crypto.randomUUID();
  const fail = (kind: ApiFailure['kind'], detail: string, status?: number, lockedUntil?: string): ApiResult<never> => ({
    ok: false,
    error: { kind, detail, requestId, ...(status === undefined ? {} : { status }), ...(lockedUntil ? { lockedUntil } : {}) },
  });
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.bearerToken) headers.authorization = `Bearer ${opts.bearerToken}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(apiUrl(opts.baseUrl, path), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', `No answer within ${opts.timeoutMs} ms`);
    return fail('offline', String((err as Error).message ?? err));
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch (err) {
    // The timeout also covers a body that stalls after the headers arrived.
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', `No answer within ${opts.timeoutMs} ms`, res.status);
    return fail(res.ok ? 'bad_response' : kindForStatus(res.status), `HTTP ${res.status}: body is not JSON`, res.status);
  }
  if (!res.ok) {
    const error = (json as { error?: { message?: unknown; lockedUntil?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : 'error';
    const lockedUntil = typeof error?.lockedUntil === 'string' ? error.lockedUntil : undefined;
    return fail(kindForStatus(res.status), `HTTP ${res.status}: ${message}`, res.status, lockedUntil);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail('bad_response', `Unexpected response shape: ${parsed.error.issues[0]?.message ?? ''}`, res.status);
  return { ok: true, data: parsed.data };
}

/** POST /v1/identify. */
export function identify(opts: ApiClientOptions, req: IdentifyRequest): Promise<ApiResult<IdentifyResponse>> {
  return requestJson(opts, 'POST', '/v1/identify', req, IdentifyResponse);
}

/** POST /v1/challenge. */
export function challenge(opts: ApiClientOptions, req: z.input<typeof ChallengeRequest>): Promise<ApiResult<ChallengeResponse>> {
  return requestJson(opts, 'POST', '/v1/challenge', req, ChallengeResponse);
}

/** POST /v1/verify (answers in caller-answer mode, marks in agent-judged mode). */
export function verify(opts: ApiClientOptions, req: z.input<typeof VerifyRequest>): Promise<ApiResult<z.infer<typeof VerifyResponse>>> {
  return requestJson(opts, 'POST', '/v1/verify', req, VerifyResponse);
}

/** GET /v1/interactions/{id}: the status the IVR or a previous agent left, or null when there is none. */
export async function priorStatus(opts: ApiClientOptions, interactionId: string): Promise<ApiResult<z.infer<typeof InteractionStatus> | null>> {
  const res = await requestJson(opts, 'GET', `/v1/interactions/${encodeURIComponent(interactionId)}`, undefined, InteractionStatus);
  if (!res.ok && res.error.status === 404) return { ok: true, data: null };
  return res;
}
