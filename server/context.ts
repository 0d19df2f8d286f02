/**
 * What every route module of the API needs: the database, the configuration and a clock (injectable so
 * tests can move time for challenge expiry, lockouts and rate-limit windows).
 */
import type { CountryCode } from '../lib/phone.ts';
import type { RateLimitConfig, VerificationConfig } from './config.ts';
import type { Db } from './sql.ts';
import type { RateLimiter } from './ratelimit.ts';

export interface ApiContext {
  db: Db;
  verification: VerificationConfig;
  rateLimits: RateLimitConfig;
  rateLimiter: RateLimiter;
  /** Region for national phone numbers. */
  region: CountryCode;
  /** Current time in epoch milliseconds. */
  now: () => number;
}

/** The stored answers of a customer (answers_json), tolerating a malformed value as "no answers". */
export function storedAnswers(answersJson: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(answersJson);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Record<string, string> = {};
    for (const [key, answer] of Object.entries(value)) {
      if (typeof answer === 'string' && answer.trim() !== '') out[key] = answer;
    }
    return out;
  } catch {
    return {};
  }
}
