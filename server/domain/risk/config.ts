/**
 * Risk settings (config file key `risk`): the velocity window, the thresholds of the decision and which
 * number-intelligence provider is asked. Defaults suit a contact centre with the default lockout
 * (3 failures in 15 minutes): three failures within a day, even spread out so none locks, make a call high.
 */
import { z } from 'zod';

export const RiskConfig = z.strictObject({
  /** Hours failed attempts and identify misses are counted over. */
  windowHours: z.number().int().min(1).max(720),
  /** Failures in the window that alone make a call high. */
  failuresHigh: z.number().int().min(1).max(100),
  /** Misses from the caller's number in the window that count (medium). */
  missesMedium: z.number().int().min(1).max(1000),
  /** A change of the phone or email on file within this many days counts. */
  contactChangeDays: z.number().int().min(0).max(365),
  /** A SIM swap of the caller's number within this many days counts. */
  simSwapDays: z.number().int().min(0).max(365),
  /** Points from which a call is medium and high. */
  medium: z.number().int().min(1).max(20),
  high: z.number().int().min(1).max(20),
  /** Number intelligence (line type, SIM swap, forwarding): none, or `dev` (reads the seed's numberFacts). */
  provider: z.enum(['none', 'dev']),
});
export type RiskConfig = z.infer<typeof RiskConfig>;

export const DEFAULT_RISK: RiskConfig = {
  windowHours: 24, failuresHigh: 3, missesMedium: 2, contactChangeDays: 14, simSwapDays: 7, medium: 2, high: 4, provider: 'none',
};

/** Merge a partial risk config over the defaults and validate it; throws on a bad config. */
export function riskConfig(partial: Partial<RiskConfig> = {}): RiskConfig {
  const parsed = RiskConfig.safeParse({ ...DEFAULT_RISK, ...partial });
  if (!parsed.success) throw new Error(`Invalid risk config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
