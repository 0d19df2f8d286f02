/**
 * What one call's guards recorded: how many times a held action was stopped and each override with its
 * typed reason. Kept on the interaction by the worker and copied into the result record (bounded, so a
 * page cannot grow either without limit).
 */

export interface GuardOverride {
  label: string;
  reason: string;
  /** Epoch ms. */
  at: number;
}

export interface GuardTally {
  blocked: number;
  overrides: GuardOverride[];
}

/** At most this many overrides are kept per call (the count of blocks saturates at 1000, as the contract allows). */
export const MAX_OVERRIDES = 20;

/** The tally after one event; an override of a label already overridden is not repeated. */
export function addGuardEvent(prev: GuardTally | undefined, event: { kind: 'blocked' | 'override'; label: string; reason?: string }, at: number): GuardTally {
  const tally: GuardTally = { blocked: prev?.blocked ?? 0, overrides: [...(prev?.overrides ?? [])] };
  if (event.kind === 'blocked') tally.blocked = Math.min(1000, tally.blocked + 1);
  else if (event.reason && !tally.overrides.some((o) => o.label === event.label) && tally.overrides.length < MAX_OVERRIDES) {
    tally.overrides.push({ label: event.label, reason: event.reason, at });
  }
  return tally;
}
