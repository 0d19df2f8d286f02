/**
 * Periodic clean-up of expiring state: spent rate-limit windows, old verification failures, ended
 * locks and long-expired challenges. Runs every minute while the app is up (the timer never keeps
 * the process alive) and on demand in tests.
 */
import { sweepChallenges } from './challenges.ts';
import type { ApiContext } from './context.ts';
import { sweepLockouts } from './lockout.ts';
import { sweepRateCounters } from './ratelimit.ts';
import { sweepStepUps } from './stepup/housekeeping.ts';
import { sweepRisk } from '../db/risk.ts';

/** How often the clean-up runs. */
const SWEEP_INTERVAL_MS = 60_000;

/** Delete expired rows now; returns how many were deleted. */
export async function sweepExpired(ctx: ApiContext): Promise<number> {
  const now = ctx.now();
  // Separate statements, no transaction: each delete is atomic and the sweep may run on every replica.
  const rates = await sweepRateCounters(ctx.db, now);
  const locks = await sweepLockouts(ctx.db, ctx.verification.lockout, now);
  const risk = await sweepRisk(ctx.db, now, 400 * 86_400_000); // reports reach back at most 366 days
  const stepUps = await sweepStepUps(ctx.db, now);
  return rates + locks + risk + stepUps + (await sweepChallenges(ctx.db, now));
}

/** Run sweepExpired every SWEEP_INTERVAL_MS, reporting errors to `onError`; returns the function that stops it. */
export function startHousekeeping(ctx: ApiContext, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => {
    sweepExpired(ctx).catch(onError);
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
