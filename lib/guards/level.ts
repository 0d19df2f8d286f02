/**
 * How far the caller of a tab's current interaction got, as the guards compare it: none < identified <
 * verified < step-up. Computed by the worker from the stored interaction only (the page never supplies it).
 * Zod-free: the content script bundles it.
 */
import type { GuardRule } from '../policy/guards';

export type GuardLevel = 'none' | 'identified' | 'verified' | 'step-up';

const ORDER: Record<GuardLevel, number> = { none: 0, identified: 1, verified: 2, 'step-up': 3 };

/**
 * The fields of an interaction the level depends on. `flow.stepUp.passedAt` (epoch ms) is what the flow
 * records when the server answered that the caller passed a step-up on this call; absent, none counts.
 */
export interface LevelInput {
  endedAt?: number;
  flow?: { step?: { name: string }; customer?: unknown; stepUp?: { passedAt?: unknown } };
}

/** The level an interaction (or none: no call in the tab) reached. */
export function levelOf(ix: LevelInput | null | undefined): GuardLevel {
  // Optional chaining: a record from an older version (or a half-written one) counts as no level.
  if (!ix?.flow) return 'none';
  const verified = ix.flow.step?.name === 'verified';
  const steppedUp = typeof ix.flow.stepUp?.passedAt === 'number' && ix.flow.customer !== undefined;
  if (verified && steppedUp) return 'step-up';
  if (verified) return 'verified';
  return ix.flow.customer !== undefined ? 'identified' : 'none';
}

/** Whether `level` satisfies a guard's requirement. */
export function meets(level: GuardLevel, require: GuardRule['require']): boolean {
  return ORDER[level] >= ORDER[require];
}

/** Whether `v` is a level name (the content script checks what it is sent). */
export function isGuardLevel(v: unknown): v is GuardLevel {
  return typeof v === 'string' && Object.hasOwn(ORDER, v);
}
