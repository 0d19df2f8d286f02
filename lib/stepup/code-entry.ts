/**
 * What the panel's step-up view needs, pure: the code field (digits only, a pasted "123 456" or "Code:
 * 123-456" kept as its digits, submitted once it has the server's length), the live countdown to the
 * expiry, when a resend becomes available, and the message for each state. The panel never sees a code
 * it did not get from the agent's keyboard.
 */
import type { StepUp } from '../api/contract-stepup';

/** The digits of what the agent typed or pasted, cut to `length`. */
export function codeDigits(input: string, length: number): string {
  return input.replace(/[^0-9]/g, '').slice(0, length);
}

/** Whether the field holds a whole code (time to submit it, once). */
export function codeComplete(digits: string, length: number): boolean {
  return digits.length === length && /^[0-9]+$/.test(digits);
}

/** Seconds from `now` (epoch ms) to an ISO time, never below 0. */
export function secondsUntil(iso: string | undefined, now: number): number {
  if (iso === undefined) return 0;
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** `m:ss` for a number of seconds. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What the resend button shows: available, waiting (seconds left), or none left. */
export function resendState(s: Pick<StepUp, 'status' | 'resendsRemaining' | 'resendAvailableAt'>, now: number):
  { kind: 'ready' } | { kind: 'wait'; seconds: number } | { kind: 'none' } {
  if (s.status !== 'pending' || s.resendsRemaining === 0) return { kind: 'none' };
  const seconds = secondsUntil(s.resendAvailableAt, now);
  return seconds > 0 ? { kind: 'wait', seconds } : { kind: 'ready' };
}

/** The step-up's status at `now` by the client's clock too: the server's expiry may pass between polls. */
export function liveStatus(s: Pick<StepUp, 'status' | 'expiresAt'>, now: number): StepUp['status'] {
  return s.status === 'pending' && secondsUntil(s.expiresAt, now) === 0 ? 'expired' : s.status;
}

/** The message key (locale) for a state; the panel fills in attempts or the lock end. */
export function statusMessage(s: Pick<StepUp, 'status' | 'channel' | 'attemptsRemaining'>): string {
  switch (s.status) {
    case 'approved': return s.channel === 'app' ? 'stepUp_approvedInApp' : 'stepUp_passed';
    case 'denied': return 'stepUp_denied';
    case 'expired': return 'stepUp_expired';
    case 'locked': return 'stepUp_locked';
    default: return s.channel === 'app' ? 'stepUp_waitingForApp' : 'stepUp_enterCode';
  }
}
