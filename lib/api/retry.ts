/**
 * When the API client sends a request again: only idempotent calls (GET, PUT), only on failures that
 * say "try later" (no network, 502/503/504, 429), with jittered exponential backoff, and only while the
 * call's time budget (`apiTimeoutMs`) allows another attempt. Pure functions, tested with fake timers.
 */
import type { ApiFailure } from './failure';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited for: the failure goes back to the caller at once. */
  maxRetryAfterMs: number;
  /** Don't start an attempt with less budget than this left. */
  minAttemptMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseMs: 250, capMs: 2000, maxRetryAfterMs: 3000, minAttemptMs: 250 };

/** HTTP statuses that mean "not processed, try again shortly". */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** True for a failure worth another attempt of an idempotent call (a timeout has used the budget up). */
export function isRetryable(error: ApiFailure): boolean {
  if (error.status === undefined) return error.kind === 'offline';
  return RETRY_STATUSES.has(error.status);
}

/**
 * Delay before retry number `retry` (1 = the first retry): "equal jitter", uniform in
 * [c/2, c) with c = min(cap, base · 2^(retry − 1)), so retries of many clients spread out but never fire at once.
 */
export function retryDelay(retry: number, random: () => number, p: RetryPolicy = DEFAULT_RETRY): number {
  const ceiling = Math.min(p.capMs, p.baseMs * 2 ** Math.min(Math.max(retry - 1, 0), 30));
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(ceiling / 2 + (r * ceiling) / 2);
}

/** Retry-After (delay-seconds or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before the next attempt, or null when there is none: not idempotent, not retryable,
 * attempts used up, a Retry-After too long, or not enough budget left after the wait.
 */
export function nextRetryDelay(
  a: { idempotent: boolean; error: ApiFailure; attempt: number; retryAfterMs: number | undefined; remainingMs: number; random: () => number },
  p: RetryPolicy = DEFAULT_RETRY,
): number | null {
  if (!a.idempotent || !isRetryable(a.error) || a.attempt >= p.maxAttempts) return null;
  if (a.retryAfterMs !== undefined && a.retryAfterMs > p.maxRetryAfterMs) return null;
  const delay = a.retryAfterMs ?? retryDelay(a.attempt, a.random, p);
  return a.remainingMs - delay >= p.minAttemptMs ? delay : null;
}
