/**
 * The error the domain throws when a request cannot be served (unknown customer, locked, over a budget,
 * conflict): an HTTP status and a stable ApiError code, mapped to the response by the HTTP layer. Kept
 * here so the domain never imports the HTTP layer; messages never echo request data.
 */
import type { ApiError } from '../../lib/api/contract.ts';

type ErrorBody = ApiError['error'];
export type ErrorCode = ErrorBody['code'];
export type ErrorDetail = NonNullable<ErrorBody['details']>[number];

/** Extras of an HttpError: the lock end (423) and response headers (Retry-After, WWW-Authenticate). */
interface HttpErrorExtras {
  lockedUntil?: string;
  headers?: Record<string, string>;
  /** A refusal worth a security log line (e.g. an identification sweep), by event name. */
  security?: string;
}

/** An error that becomes an ApiError response with the given status. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly extras: HttpErrorExtras;

  constructor(statusCode: number, code: ErrorCode, message: string, details?: ErrorDetail[], extras: HttpErrorExtras = {}) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
    this.extras = extras;
  }
}
