/**
 * What every domain function of the API needs: the database, the configuration and a clock (injectable so
 * tests can move time for challenge expiry, lockouts and rate-limit windows).
 */
import type { CountryCode } from '../../lib/phone.ts';
import type { RateLimitConfig, VerificationConfig } from '../config.ts';
import type { Db } from '../db/sql.ts';
import type { RateLimiter } from './ratelimit.ts';
import type { RiskConfig } from './risk/config.ts';
import type { NumberIntelProvider } from './risk/provider.ts';

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

/** The risk settings and number provider of a running API (named here: the assessment reads the context). */
export interface RiskRuntime {
  config: RiskConfig;
  provider?: NumberIntelProvider;
}
