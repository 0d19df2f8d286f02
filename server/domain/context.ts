/**
 * What every domain function of the API needs: the database, the configuration and a clock (injectable so
 * tests can move time for challenge expiry, lockouts and rate-limit windows).
 */
import type { CountryCode } from '../../lib/phone.ts';
import type { RateLimitConfig, VerificationConfig } from '../config.ts';
import type { Db } from '../db/sql.ts';
import type { RateLimiter } from './ratelimit.ts';
import type { RiskRuntime } from './risk/assess.ts';

export interface ApiContext {
  db: Db;
  verification: VerificationConfig;
  rateLimits: RateLimitConfig;
  rateLimiter: RateLimiter;
  /** Region for national phone numbers. */
  region: CountryCode;
  /** Current time in epoch milliseconds. */
  now: () => number;
  /** Risk settings and number provider (default: DEFAULT_RISK, no provider). */
  risk?: RiskRuntime;
}
