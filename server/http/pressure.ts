/**
 * Overload protection with @fastify/under-pressure: while the event loop lags more than
 * `maxEventLoopDelayMs` on average (the process cannot keep up), every request gets 503 `unavailable`
 * with Retry-After at once instead of queueing until clients time out. Samples every `sampleIntervalMs`.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';

/** Overload limits (0 disables the check). */
export interface PressureOptions {
  maxEventLoopDelayMs: number;
  sampleIntervalMs: number;
}

/** Defaults: a mean event-loop delay over one second, sampled every second. */
export const DEFAULT_PRESSURE: PressureOptions = { maxEventLoopDelayMs: 1000, sampleIntervalMs: 1000 };

const RETRY_AFTER_S = 10;

/** Register overload protection on `app` (before the routes, so an overloaded server answers at once). */
export function registerPressure(app: FastifyInstance, opts: Partial<PressureOptions> = {}): void {
  const { maxEventLoopDelayMs, sampleIntervalMs } = { ...DEFAULT_PRESSURE, ...opts };
  if (maxEventLoopDelayMs <= 0) return;
  void app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    sampleInterval: sampleIntervalMs,
    retryAfter: RETRY_AFTER_S,
    // A rejected promise goes to the app's error handler: the ApiError shape, logged without data.
    pressureHandler: async () => {
      throw new HttpError(503, 'unavailable', 'The server is overloaded; retry later', undefined, {
        headers: { 'retry-after': String(RETRY_AFTER_S) },
      });
    },
  });
}
