/**
 * HTTP client for the verification API: timeout on every call, a request id header, zod-validated
 * responses, and failures mapped to ApiFailure. No browser globals besides fetch (injected in tests).
 */
import type { z } from 'zod';
import { IdentifyResponse, type IdentifyRequest } from './contract';
import { kindForStatus, type ApiFailure } from './api-failure';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

export interface ApiClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  bearerToken?: string;
}

/** POST a JSON body and validate the answer with `schema`. */
export async function postJson<S extends z.ZodType>(
  opts: ApiClientOptions,
  path: string,
  body: unknown,
  schema: S,
): Promise<ApiResult<z.infer<S>>> {
  const requestId = crypto.randomUUID();
  const fail = (kind: ApiFailure['kind'], detail: string, status?: number): ApiResult<never> => ({
    ok: false,
    error: { kind, detail, requestId, ...(status === undefined ? {} : { status }) },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  if (opts.bearerToken) headers.authorization = `Bearer ${opts.bearerToken}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(new URL(path, opts.baseUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
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
  } catch {
    return fail(res.ok ? 'bad_response' : kindForStatus(res.status), `HTTP ${res.status}: body is not JSON`, res.status);
  }
  if (!res.ok) {
    const message = (json as { error?: { message?: unknown } })?.error?.message;
    return fail(kindForStatus(res.status), `HTTP ${res.status}: ${typeof message === 'string' ? message : 'error'}`, res.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail('bad_response', `Unexpected response shape: ${parsed.error.issues[0]?.message ?? ''}`, res.status);
  return { ok: true, data: parsed.data };
}

/** POST /v1/identify. */
export function identify(opts: ApiClientOptions, req: IdentifyRequest): Promise<ApiResult<IdentifyResponse>> {
  return postJson(opts, '/v1/identify', req, IdentifyResponse);
}
