/**
 * The one error shape of the API (ApiError in lib/api/contract.ts) and the mapping from thrown errors
 * (ours, zod's, Fastify's) to a status code and that shape. Messages never echo request data.
 */
import type { z } from 'zod';
import type { ApiError } from '../../lib/api/contract.ts';

import { HttpError, type ErrorCode, type ErrorDetail } from '../domain/errors.ts';

export { HttpError, type ErrorCode } from '../domain/errors.ts';

type ErrorBody = ApiError['error'];

/** Build an ApiError body. */
export function apiError(code: ErrorCode, message: string, details?: ErrorDetail[], lockedUntil?: string): ApiError {
  const error: ErrorBody = { code, message };
  if (details && details.length > 0) error.details = details;
  if (lockedUntil !== undefined) error.lockedUntil = lockedUntil;
  return { error };
}

/** A 400 invalid_request carrying zod's issue paths. */
export function invalid(message: string, error: z.ZodError): HttpError {
  return new HttpError(400, 'invalid_request', message, zodDetails(error));
}

/** Render a zod issue path as `customers[2].phones[0]` (empty path: `(root)`). */
export function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const key of issuePath) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Zod issues as ApiError details (path + message; zod messages do not contain the input). */
function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Fastify's own error codes we translate to a fixed, data-free message. */
const FASTIFY_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_request', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_request', message: 'Request body is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 400,
    code: 'invalid_request',
    message: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Invalid Content-Length' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'Request body is too large' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_request', message: 'Malformed URL' },
};

/**
 * PostgreSQL errors caused by the input rather than the server: its text type cannot hold NUL (U+0000),
 * which SQLite stores. 400 rather than 500 (found by the fuzz tests on PostgreSQL).
 */
const DATABASE_INPUT_ERRORS = new Set(['22021', '22P05']);

/** Map anything thrown while handling a request to a status code and an ApiError body. */
export function toApiError(err: unknown): { status: number; body: ApiError; headers?: Record<string, string>; security?: string } {
  if (err instanceof HttpError) {
    const body = apiError(err.code, err.message, err.details, err.extras.lockedUntil);
    return { status: err.statusCode, body, headers: err.extras.headers, security: err.extras.security };
  }
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; name?: unknown };
  const known = typeof e.code === 'string' ? FASTIFY_ERRORS[e.code] : undefined;
  if (known) return { status: known.status, body: apiError(known.code, known.message) };
  if (typeof e.code === 'string' && DATABASE_INPUT_ERRORS.has(e.code)) {
    return { status: 400, body: apiError('invalid_request', 'Text contains a character that cannot be stored (NUL)') };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (e.name === 'SyntaxError' && status === 400) {
    return { status: 400, body: apiError('invalid_request', 'Request body is not valid JSON') };
  }
  if (status === 413) return { status, body: apiError('payload_too_large', 'Request body is too large') };
  if (status === 415) return { status: 400, body: apiError('invalid_request', 'Unsupported Content-Type') };
  if (status >= 400 && status < 500) return { status, body: apiError('invalid_request', 'Invalid request') };
  return { status: 500, body: apiError('internal', 'Internal server error') };
}
